"""Reading API Apprentissage's export, item by item, with marshmallow.

The export (``GET /job/v1/export`` answers ``{url, lastUpdate}``; ``url`` is a download
link valid 2 minutes) is one JSON **array** of job offers in the job search's
``JobOfferRead`` shape (see docs/widgets/market.md for the sources). This module also reads
a ``{"jobs": [...], "recruiters": [...]}`` object (the search's answer shape) and gzip
files, so a file given to ``flask market refresh --file`` may be either.

What we keep of an item is what a count needs: position, ROME codes, diploma level, NAF
sector, opening count, source and who the employer is. An item is

- *invalid* (counted, skipped) when it is not an object, has no identifier or a
  position outside the globe, or has ROME codes that are not a list;
- *inactive* (counted, skipped) when its ``offer.status`` is not ``Active``;
- *without trade* (counted, skipped) when it has no well-formed ROME code.

Recruiters (companies to send an unsolicited application to) are items with no
``offer``. The published ``JobRecruiter`` shape has no ROME codes; a recruiter is kept
only when it carries a top-level ``rome_codes`` list (e.g. a file prepared by hand, or
a future export), since a company without a trade cannot be counted for one.
"""
from __future__ import annotations

import gzip
import io
import re
from dataclasses import dataclass
from typing import BinaryIO, Iterable, Iterator

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates

ROME = re.compile(r"^[A-Z]\d{4}$")
SIRET = re.compile(r"^\d{14}$")
LEVELS = ("3", "4", "5", "6", "7")
RECRUITER_SOURCE = "recruteurs_lba"
MAX_OPENINGS = 500   # beyond: a data error; counted as one opening


class _Lenient(Schema):
    class Meta:
        unknown = EXCLUDE


class GeoPoint(_Lenient):
    coordinates = fields.List(fields.Float(allow_nan=False), required=True,
                              validate=validate.Length(equal=2))

    @validates("coordinates")
    def on_the_globe(self, value, **kwargs):
        lon, lat = value
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValidationError("Coordonnées hors du globe.")


class Location(_Lenient):
    address = fields.Str(allow_none=True, load_default=None)
    geopoint = fields.Nested(GeoPoint, required=True)


class Naf(_Lenient):
    code = fields.Str(allow_none=True, load_default=None)
    label = fields.Str(allow_none=True, load_default=None)


class Domain(_Lenient):
    naf = fields.Nested(Naf, allow_none=True, load_default=None)


class Workplace(_Lenient):
    siret = fields.Str(allow_none=True, load_default=None)
    name = fields.Str(allow_none=True, load_default=None)
    brand = fields.Str(allow_none=True, load_default=None)
    legal_name = fields.Str(allow_none=True, load_default=None)
    location = fields.Nested(Location, required=True)
    domain = fields.Nested(Domain, allow_none=True, load_default=None)


class Identifier(_Lenient):
    id = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    partner_label = fields.Str(allow_none=True, load_default=None)


class TargetDiploma(_Lenient):
    european = fields.Str(allow_none=True, load_default=None)


class Offer(_Lenient):
    rome_codes = fields.List(fields.Str(), allow_none=True, load_default=None)
    opening_count = fields.Int(allow_none=True, load_default=None, strict=False)
    target_diploma = fields.Nested(TargetDiploma, allow_none=True, load_default=None)
    status = fields.Str(allow_none=True, load_default="Active")


class ExportOffer(_Lenient):
    identifier = fields.Nested(Identifier, required=True)
    workplace = fields.Nested(Workplace, required=True)
    offer = fields.Nested(Offer, required=True)


class ExportRecruiter(_Lenient):
    identifier = fields.Nested(Identifier, required=True)
    workplace = fields.Nested(Workplace, required=True)
    rome_codes = fields.List(fields.Str(), allow_none=True, load_default=None)


OFFER = ExportOffer()
RECRUITER = ExportRecruiter()


@dataclass(slots=True)
class Row:
    """What the snapshot keeps of one valid item."""
    kind: str                   # "offer" | "recruiter"
    latitude: float
    longitude: float
    romes: tuple[str, ...]
    level: int                  # 3..7, 0 when unknown
    sector_code: str            # NAF code, "" when unknown
    sector_label: str
    openings: int
    source: str                 # partner label
    company: str                # SIRET, or a key standing for the employer
    address: str | None
    demo: bool = False          # a demonstration item (identifier "demo-...")


@dataclass
class ReadStats:
    items: int = 0
    offers: int = 0
    recruiters: int = 0
    invalid: int = 0
    inactive: int = 0
    without_trade: int = 0
    demo: int = 0

    def as_dict(self) -> dict:
        return {"items": self.items, "offers": self.offers, "recruiters": self.recruiters,
                "invalid": self.invalid, "inactive": self.inactive,
                "without_trade": self.without_trade}


def _romes(values) -> tuple[str, ...]:
    if not values:
        return ()
    codes = []
    for value in values:
        if isinstance(value, str):
            code = value.strip().upper()
            if ROME.match(code) and code not in codes:
                codes.append(code)
    return tuple(codes)


def _company(workplace: dict, fallback: str, lat: float, lon: float) -> str:
    siret = (workplace.get("siret") or "").replace(" ", "")
    if SIRET.match(siret):
        return siret
    name = workplace.get("brand") or workplace.get("legal_name") or workplace.get("name")
    if name:
        # The same employer name at the same place (~100 m) is one company.
        return f"{name.strip().lower()}@{lat:.3f},{lon:.3f}"
    return "id:" + fallback


def to_row(item) -> Row | str:
    """The row of one export item, or the reason it is skipped:
    "invalid", "inactive" or "without_trade"."""
    if not isinstance(item, dict):
        return "invalid"
    is_offer = item.get("offer") is not None
    try:
        data = (OFFER if is_offer else RECRUITER).load(item)
    except ValidationError:
        return "invalid"
    workplace = data["workplace"]
    lon, lat = workplace["location"]["geopoint"]["coordinates"]
    naf = (workplace.get("domain") or {}).get("naf") or {}
    if is_offer:
        offer = data["offer"]
        if (offer.get("status") or "Active") != "Active":
            return "inactive"
        romes = _romes(offer.get("rome_codes"))
        level = (offer.get("target_diploma") or {}).get("european")
        openings = offer.get("opening_count") or 1
        openings = openings if 1 <= openings <= MAX_OPENINGS else 1
        source = data["identifier"].get("partner_label") or "offres_emploi_lba"
    else:
        romes = _romes(data.get("rome_codes"))
        level, openings, source = None, 0, RECRUITER_SOURCE
    if not romes:
        return "without_trade"
    return Row(kind="offer" if is_offer else "recruiter", latitude=lat, longitude=lon,
               romes=romes, level=int(level) if level in LEVELS else 0,
               sector_code=(naf.get("code") or "").strip().upper(),
               sector_label=(naf.get("label") or "").strip(),
               openings=openings, source=source,
               company=_company(workplace, data["identifier"]["id"], lat, lon),
               address=workplace["location"].get("address"),
               demo=data["identifier"]["id"].startswith("demo-"))


def read_rows(items: Iterable, stats: ReadStats | None = None) -> Iterator[Row]:
    """Valid rows of ``items``; ``stats`` counts everything read and skipped."""
    stats = stats if stats is not None else ReadStats()
    for item in items:
        stats.items += 1
        row = to_row(item)
        if isinstance(row, Row):
            stats.demo += row.demo
            if row.kind == "offer":
                stats.offers += 1
            else:
                stats.recruiters += 1
            yield row
        else:
            setattr(stats, row, getattr(stats, row) + 1)


class MalformedExport(ValueError):
    """The file as a whole is not an export (not JSON, truncated, not an array...)."""


def _opened(stream: BinaryIO) -> BinaryIO:
    """The stream, decompressed when it is gzip (recognised by its magic bytes)."""
    head = stream.read(2)
    stream.seek(0)
    return gzip.GzipFile(fileobj=stream) if head == b"\x1f\x8b" else stream


def iter_export(stream: BinaryIO) -> Iterator:
    """Every item of an export file, streamed (a national export does not fit in memory
    as Python objects). Raises ``MalformedExport`` when the file is broken or truncated:
    the items already yielded must then be thrown away."""
    import ijson

    try:
        stream = _opened(stream)
        first = b""
        while not first.strip():
            first = stream.read(1)
            if not first:
                raise MalformedExport("empty file")
        if first not in (b"[", b"{"):
            raise MalformedExport("not a JSON array or object")
        # An array is the export; an object is a search answer {jobs, recruiters}.
        for prefix in ("item",) if first == b"[" else ("jobs.item", "recruiters.item"):
            stream.seek(0)
            yield from ijson.items(stream, prefix, use_float=True)
    except (ijson.JSONError, OSError, EOFError, UnicodeDecodeError) as error:
        raise MalformedExport(f"{type(error).__name__}: {error}"[:300]) from None


def iter_export_bytes(data: bytes) -> Iterator:
    return iter_export(io.BytesIO(data))
