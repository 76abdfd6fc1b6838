"""The guide's entries as dated data: loaded once from ``data/*.json``.

A text field of an entry holds its French default, either one string for every
platform or ``{"default": ..., "<platform>": ...}`` when one audience (lycée and
3e on Affelnet, post-bac on Parcoursup) needs other words. Each variant becomes a
text of its own (``guide.faq.<id>.answer`` and ``guide.faq.<id>.answer.affelnet``).

Every entry says how far it can be trusted (docs/facts.md): ``status`` is
``verifie`` (compared with an official source on ``checked_on``), ``a_verifier``
(not confirmed by an official source: shown as such, listed on the admin dashboard)
or ``supprimee`` (the scheme no longer exists: never shown as available).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

PLATFORMS = ("parcoursup", "affelnet")
PLATFORM_LABELS = {"parcoursup": "Parcoursup", "affelnet": "Affelnet"}
DEFAULT_PLATFORM = "parcoursup"


@dataclass(frozen=True)
class SectionSpec:
    name: str            # the key segment: guide.<name>.<id>.<field>
    file: str
    label: str           # French, for admins
    fields: tuple[str, ...]
    formatted: tuple[str, ...] = ()
    max_lengths: tuple[tuple[str, int], ...] = ()

    def max_length(self, field: str) -> int:
        return dict(self.max_lengths).get(field, 300)


SECTIONS = (
    SectionSpec("fact", "key_facts.json", "Point clé", ("title", "text"),
                max_lengths=(("title", 80), ("text", 400))),
    SectionSpec("employer", "employer_aid.json", "Aide à l'employeur", ("title", "text"),
                max_lengths=(("title", 100), ("text", 400))),
    SectionSpec("scheme", "support_schemes.json", "Aide", ("name", "amount", "eligible", "tags", "how"),
                max_lengths=(("name", 100), ("amount", 200), ("eligible", 400), ("tags", 150),
                             ("how", 400))),
    SectionSpec("faq", "faq.json", "Question fréquente", ("question", "answer"),
                formatted=("answer",), max_lengths=(("question", 200), ("answer", 1500))),
    SectionSpec("step", "next_steps.json", "Étape suivante", ("label", "description"),
                max_lengths=(("label", 100), ("description", 250))),
)
SECTION_BY_NAME = {s.name: s for s in SECTIONS}
FIELD_LABELS = {"title": "titre", "text": "texte", "name": "nom", "amount": "montant",
                "eligible": "qui peut en bénéficier", "tags": "étiquettes (séparées par « ; »)",
                "how": "comment la demander", "question": "question", "answer": "réponse",
                "label": "intitulé du lien", "description": "description"}


VERIFIED, TO_VERIFY, ABOLISHED = "verifie", "a_verifier", "supprimee"
STATUSES = (VERIFIED, TO_VERIFY, ABOLISHED)
STATUS_LABELS = {VERIFIED: "vérifiée", TO_VERIFY: "à vérifier", ABOLISHED: "supprimée"}
# Employer aid amounts: company sizes and diploma levels, as the data spells them.
COMPANY_SIZES = ("under_250", "from_250")
DIPLOMA_LEVELS = ("levels_3_4", "level_5", "levels_6_7")


@dataclass(frozen=True)
class Source:
    label: str
    url: str | None


@dataclass(frozen=True)
class Entry:
    section: str
    id: str
    order: int
    platforms: tuple[str, ...]
    defaults: dict          # field -> {"default": str, "<platform>": str}
    sources: dict           # "default" / "<platform>" -> Source
    checked_on: date
    review_by: date
    status: str = VERIFIED
    link: str | None = None     # official page of a support scheme
    target: str | None = None   # how a next step's link is built
    abolished_on: date | None = None         # a "supprimee" scheme, once confirmed
    abolished_source: Source | None = None
    note: str = ""                            # for admins: why the status
    # Employer aid (section "employer"): contract dates, amounts by size and level.
    kind: str | None = None
    contracts_from: date | None = None
    contracts_to: date | None = None
    amounts: dict | None = None
    rqth: int | None = None

    @property
    def verified(self) -> bool:
        return self.status == VERIFIED

    @property
    def abolished(self) -> bool:
        return self.status == ABOLISHED

    def in_force(self, on: date) -> bool:
        """For a dated rule (employer aid): whether a contract concluded ``on`` falls under it."""
        if self.contracts_from is None:
            return True
        return self.contracts_from <= on and (self.contracts_to is None or on <= self.contracts_to)

    def shown_on(self, platform: str) -> bool:
        return platform in self.platforms

    def base_key(self, field: str) -> str:
        return f"guide.{self.section}.{self.id}.{field}"

    def text_key(self, field: str, platform: str) -> str:
        """The text a platform reads: its own variant when one exists, else the common one."""
        if platform in self.defaults[field]:
            return f"{self.base_key(field)}.{platform}"
        return self.base_key(field)

    def source_for(self, platform: str) -> Source | None:
        return self.sources.get(platform) or self.sources.get("default")

    @property
    def title(self) -> str:
        """French default of the first field, to name the entry to admins."""
        return self.defaults[SECTION_BY_NAME[self.section].fields[0]]["default"]


def _variants(value) -> dict:
    if isinstance(value, str):
        return {"default": value}
    unknown = set(value) - {"default", *PLATFORMS}
    if unknown or "default" not in value:
        raise ValueError(f"bad variants {sorted(value)}")
    return dict(value)


def _source(value) -> Source:
    return Source(label=value["label"], url=value.get("url"))


def _sources(value) -> dict:
    if value is None:
        return {}
    if "label" in value:
        return {"default": _source(value)}
    return {scope: _source(v) for scope, v in value.items()}


def _day(value) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _amounts(where: str, value) -> dict | None:
    if value is None:
        return None
    if set(value) != set(COMPANY_SIZES) or any(set(v) != set(DIPLOMA_LEVELS) for v in value.values()):
        raise ValueError(f"{where}: amounts need {COMPANY_SIZES} x {DIPLOMA_LEVELS}")
    for row in value.values():
        for amount in row.values():
            if amount is not None and (not isinstance(amount, int) or amount <= 0):
                raise ValueError(f"{where}: an amount is a whole number of euros or null")
    return value


def _entry(spec: SectionSpec, raw: dict) -> Entry:
    where = f"{spec.name}.{raw['id']}"
    platforms = tuple(raw.get("platforms", PLATFORMS))
    if not set(platforms) <= set(PLATFORMS):
        raise ValueError(f"{where}: unknown platform in {platforms}")
    status = raw["status"]           # explicit in the data: nothing is verified by default
    if status not in STATUSES:
        raise ValueError(f"{where}: status must be one of {STATUSES}")
    return Entry(
        section=spec.name, id=raw["id"], order=int(raw.get("order", 100)), platforms=platforms,
        defaults={f: _variants(raw[f]) for f in spec.fields},
        sources=_sources(raw.get("source")),
        checked_on=date.fromisoformat(raw["checked_on"]),
        review_by=date.fromisoformat(raw["review_by"]),
        status=status,
        link=raw.get("link"), target=raw.get("target"),
        abolished_on=_day(raw.get("abolished_on")),
        abolished_source=_source(raw["abolished_source"]) if raw.get("abolished_source") else None,
        note=raw.get("note", ""),
        kind=raw.get("kind"),
        contracts_from=_day(raw.get("contracts_from")),
        contracts_to=_day(raw.get("contracts_to")),
        amounts=_amounts(where, raw.get("amounts")),
        rqth=raw.get("rqth"),
    )


@lru_cache(maxsize=1)
def all_entries() -> dict[str, tuple[Entry, ...]]:
    """Every entry per section name, in display order."""
    result = {}
    for spec in SECTIONS:
        raw = json.loads((DATA_DIR / spec.file).read_text(encoding="utf-8"))
        entries = [_entry(spec, item) for item in raw["entries"]]
        ids = [e.id for e in entries]
        if len(ids) != len(set(ids)):
            raise ValueError(f"duplicate id in {spec.file}")
        result[spec.name] = tuple(sorted(entries, key=lambda e: (e.order, e.id)))
    return result


def entries(section: str, platform: str | None = None) -> tuple[Entry, ...]:
    items = all_entries()[section]
    if platform is None:
        return items
    return tuple(e for e in items if e.shown_on(platform))
