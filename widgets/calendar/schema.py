"""The shape of a campaign document, and its check with French messages.

A campaign document is one platform's calendar for one campaign (``parcoursup-2026.json``).
Editors change these documents in the admin, which calls ``validate_campaign`` before
publishing, so every message here is written for them.
"""
from __future__ import annotations

from datetime import date

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from widgets.calendar.academies import ACADEMIES
from widgets.calendar.dates import add_months, french_date
from widgets.calendar.workdays import next_working_day, non_working_reason, previous_working_day

# The phases the API promises per platform (issue 3 contract); others may be added as data.
PLATFORM_PHASES = {
    "parcoursup": ("wishes", "confirmation", "admission", "complementary"),
    "affelnet": ("wishes", "results"),
}
PLATFORM_TITLES = {"parcoursup": "Parcoursup", "affelnet": "Affelnet"}
APPRENTICESHIP_STEPS = ("employer_search", "contract_window", "training_start",
                        "grace_period_end")

REQUIRED = "Ce champ est obligatoire."
NULL = "Ce champ ne peut pas être vide."


class _French:
    default_error_messages = {"required": REQUIRED, "null": NULL,
                              "validator_failed": "Valeur refusée."}


class Str(_French, fields.String):
    default_error_messages = {"invalid": "Texte attendu.", "invalid_utf8": "Texte illisible."}


class Day(_French, fields.Date):
    default_error_messages = {
        "invalid": "Date impossible : écrivez-la sous la forme AAAA-MM-JJ (par exemple 2026-09-01).",
        "format": "Date impossible."}


class Flag(_French, fields.Boolean):
    default_error_messages = {"invalid": "Valeur attendue : true ou false."}


class Link(_French, fields.Url):
    default_error_messages = {"invalid": "Adresse web invalide (elle doit commencer par https://)."}


class Items(_French, fields.List):
    default_error_messages = {"invalid": "Liste attendue."}


class Inner(_French, fields.Nested):
    default_error_messages = {"type": "Objet attendu."}


class Mapping(_French, fields.Dict):
    default_error_messages = {"invalid": "Objet attendu."}


class FrenchSchema(Schema):
    error_messages = {"unknown": "Champ inconnu.", "type": "Objet attendu."}

    class Meta:
        unknown = RAISE


class SourceSchema(FrenchSchema):
    title = Str(required=True, validate=validate.Length(
        min=3, max=300, error="Entre 3 et 300 caractères."))
    url = Link(required=True, schemes={"http", "https"})


class SchoolYearSchema(FrenchSchema):
    start = Day(required=True)
    end = Day(required=True)


PHASE_ID = validate.Regexp(r"[a-z][a-z_]{1,39}\Z",
                           error="Identifiant : lettres minuscules et _ uniquement.")
TITLE = validate.Length(min=3, max=120, error="Entre 3 et 120 caractères.")
NOTE = validate.Length(max=300, error="300 caractères au maximum.")


class PhaseSchema(FrenchSchema):
    id = Str(required=True, validate=PHASE_ID)
    title = Str(required=True, validate=TITLE)
    start = Day(required=True)
    end = Day(required=True)
    source = Inner(SourceSchema, required=True)
    provisional = Flag(load_default=False)
    note = Str(validate=NOTE)


class PhaseOverrideSchema(FrenchSchema):
    """What an académie may change in a national phase; what it omits is inherited."""
    title = Str(validate=TITLE)
    start = Day()
    end = Day()
    source = Inner(SourceSchema)
    provisional = Flag()
    note = Str(validate=NOTE)


class AcademieSchema(FrenchSchema):
    phases = Mapping(keys=Str(validate=PHASE_ID), values=Inner(PhaseOverrideSchema),
                     required=True)


class CampaignSchema(FrenchSchema):
    platform = Str(required=True, validate=validate.OneOf(
        list(PLATFORM_PHASES), error="Plateforme inconnue : parcoursup ou affelnet."))
    campaign = Str(required=True, validate=validate.Regexp(
        r"20[0-9]{2}\Z", error="Campagne : l'année sur 4 chiffres (par exemple 2027)."))
    title = Str(required=True, validate=TITLE)
    updated = Day(required=True)
    school_year = Inner(SchoolYearSchema, required=True)
    default_formation_start = Day(required=True)
    phases = Items(Inner(PhaseSchema), required=True, validate=validate.Length(
        min=1, error="Au moins une phase."))
    academies = Mapping(keys=Str(), values=Inner(AcademieSchema), load_default=dict)

    @validates_schema(skip_on_field_errors=True)
    def dates_in_order(self, data, **kwargs):
        errors = ErrorTree()
        year = data["school_year"]
        if year["end"] <= year["start"]:
            errors.add(("school_year", "end"), "La fin de l'année scolaire doit suivre son début.")
        elif year["end"] >= add_months(year["start"], 12):
            errors.add(("school_year", "end"), "Une année scolaire dure un an au plus.")
        if not year["start"] <= data["default_formation_start"] <= year["end"]:
            errors.add(("default_formation_start",),
                       "La rentrée par défaut doit être dans l'année scolaire "
                       f"({describe_year(year)}).")
        check_phases(data["phases"], data["platform"], year, errors)
        national_ok = not errors
        known = {phase["id"]: phase for phase in data["phases"]}
        for code, academie in data["academies"].items():
            if code not in ACADEMIES:
                errors.add(("academies", code), f"Académie inconnue : « {code} ».")
                continue
            for phase_id in academie["phases"]:
                if phase_id not in known:
                    errors.add(("academies", code, "phases", phase_id),
                               f"Phase inconnue dans le calendrier national : « {phase_id} ».")
            if national_ok:
                merged = merge_overrides(data["phases"], academie["phases"])
                check_dates(merged, year, errors, ("academies", code, "phases"), by_id=True)
        if errors:
            raise ValidationError(errors.tree)


def check_phases(phases: list[dict], platform: str, year: dict, errors: "ErrorTree"):
    seen = set()
    for index, phase in enumerate(phases):
        if phase["id"] in seen:
            errors.add(("phases", index, "id"), f"L'identifiant « {phase['id']} » est en double.")
        if phase["id"] in APPRENTICESHIP_STEPS:
            errors.add(("phases", index, "id"),
                       f"« {phase['id']} » est réservé aux étapes de l'apprentissage.")
        seen.add(phase["id"])
    for missing in PLATFORM_PHASES[platform]:
        if missing not in seen:
            errors.add(("phases", "_schema"), f"Phase obligatoire manquante : « {missing} ».")
    check_dates(phases, year, errors, ("phases",), by_id=False)


def check_dates(phases, year: dict, errors: "ErrorTree", where: tuple, by_id: bool):
    """Each phase ends after it starts, starts after the previous one, within the campaign."""
    first, last = campaign_window(year)
    previous = None
    for index, phase in enumerate(phases):
        at = where + ((phase["id"],) if by_id else (index,))
        for name in ("start", "end"):
            if not first <= phase[name] <= last:
                errors.add(at + (name,),
                           f"La date doit être comprise entre le {french_date(first)} et le "
                           f"{french_date(last)} (campagne de l'année scolaire "
                           f"{describe_year(year)}).")
        if phase["end"] < phase["start"]:
            errors.add(at + ("end",), "La date de fin doit être le jour du début ou après.")
        if phase.get("provisional"):
            for name in ("start", "end"):
                message = provisional_day_problem(phase[name])
                if message:
                    errors.add(at + (name,), message)
        if previous is not None and phase["start"] < previous["start"]:
            errors.add(at + ("start",),
                       "Les phases doivent être rangées dans l'ordre : celle-ci commence avant "
                       f"« {previous['title']} ».")
        previous = phase


def provisional_day_problem(day: date) -> str | None:
    """A provisional date is our estimate, not an announcement: an estimate must be a working
    day (a candidate plans around it; nobody can check a deadline on a bank holiday).
    Announced dates may fall on any day: see ``calendar_warnings``."""
    reason = non_working_reason(day)
    if reason is None:
        return None
    return (f"Cette date est provisoire et tombe {reason} : une date estimée doit être un jour "
            f"ouvré, par exemple le {french_date(previous_working_day(day))} ou le "
            f"{french_date(next_working_day(day))}. Si la source officielle annonce ce jour, "
            "décochez « Dates provisoires ».")


def calendar_warnings(document) -> dict[str, list[str]]:
    """Dates *announced* by an official source that fall on a non-working day: allowed
    (the source may say so, e.g. Parcoursup's Saturday 11 July 2026) but worth a second
    look. French messages by dotted field path ("phases.0.end"); ``{}`` when none or when
    the document does not load (its errors are reported by ``validate_campaign``)."""
    try:
        data = load_campaign_document(document)
    except ValidationError:
        return {}
    warnings: dict[str, list[str]] = {}

    def check(phases, prefix, by_id, where=""):
        for index, phase in enumerate(phases):
            if phase.get("provisional"):
                continue      # refused by the validation instead
            for name in ("start", "end"):
                reason = non_working_reason(phase[name])
                if reason:
                    at = f"{prefix}.{phase['id'] if by_id else index}.{name}"
                    warnings.setdefault(at, []).append(
                        f"« {phase['title']} »{where} : le {french_date(phase[name])} tombe "
                        f"{reason}. Vérifiez cette date dans la source officielle avant de "
                        "publier.")

    check(data["phases"], "phases", by_id=False)
    for code, academie in data["academies"].items():
        overridden = {pid: o for pid, o in academie["phases"].items() if "start" in o or "end" in o}
        merged = [p for p in merge_overrides(data["phases"], overridden) if p["id"] in overridden]
        check(merged, f"academies.{code}.phases", by_id=True,
              where=f" (académie {ACADEMIES.get(code, code)})")
    return warnings


def campaign_window(year: dict) -> tuple[date, date]:
    """A campaign runs in the school year before the one it admits to, and may spill into it."""
    return add_months(year["start"], -12), year["end"]


def describe_year(year: dict) -> str:
    return f"du {french_date(year['start'])} au {french_date(year['end'])}"


def merge_overrides(phases: list[dict], overrides: dict) -> list[dict]:
    """The national phases with an académie's changes applied, in the national order."""
    return [dict(phase, **overrides.get(phase["id"], {})) for phase in phases]


class ErrorTree:
    """Nested French messages, shaped as marshmallow reports them."""

    def __init__(self):
        self.tree: dict = {}

    def add(self, path: tuple, message: str):
        node = self.tree
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node.setdefault(path[-1], [])
        if message not in node[path[-1]]:
            node[path[-1]].append(message)

    def __bool__(self):
        return bool(self.tree)


def load_campaign_document(document) -> dict:
    """The document with dates parsed; raises ``ValidationError`` with French messages."""
    return CampaignSchema().load(document)


def validate_campaign(document) -> dict:
    """French messages for what is wrong with ``document``, keyed by field; ``{}`` if valid."""
    try:
        load_campaign_document(document)
    except ValidationError as error:
        messages = error.messages
        return messages if isinstance(messages, dict) else {"_schema": list(messages)}
    return {}
