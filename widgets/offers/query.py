"""The query of an offer search, validated, then resolved to ROME codes and a point.

A training is described by its trades (``romes``), its RNCP certification or its
diploma code (``cfd``); a place by INSEE code, postcode or coordinates. All are
resolved from the local reference data (``widgets.offers.referentials``), so the
cache key is the same whichever way the host described the same search.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from widgets.numbers import DecimalNumber, WholeNumber
from widgets.offers import referentials

ROME = re.compile(r"[A-Z][0-9]{4}")  # with fullmatch()
MAX_ROMES = 20
RADIUS_DEFAULT = 30
# 0.01° of latitude is 1.1 km: searches from the same neighbourhood share one upstream call.
COORDINATE_DECIMALS = 2
MAX_PAGE = 30
NUMBER = {"invalid": "Nombre attendu.", "special": "Nombre attendu."}
INTEGER = {"invalid": "Nombre entier attendu."}
PAIRED_COORDINATES = "La latitude et la longitude vont ensemble : indiquez les deux."


class RomeList(fields.Field):
    """A comma-separated list of ROME codes, e.g. ``F1603,F1602``."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise ValidationError("Liste de codes ROME attendue, séparés par des virgules.")
        codes = [c.strip().upper() for c in value.split(",") if c.strip()]
        if not codes:
            raise ValidationError("Indiquez au moins un code ROME.")
        bad = [c for c in codes if not ROME.fullmatch(c)]
        if bad:
            raise ValidationError(
                "Code ROME mal formé : " + ", ".join(bad[:3])
                + ". Un code ROME est une lettre suivie de 4 chiffres, par exemple F1603.")
        codes = sorted(set(codes))
        if len(codes) > MAX_ROMES:
            raise ValidationError(f"Trop de codes ROME : {MAX_ROMES} au maximum.")
        return codes


class TrainingPlaceSchema(Schema):
    """A training's codes (``romes`` | ``rncp`` | ``cfd``) and its place (``insee`` |
    ``postcode`` | ``latitude`` + ``longitude``), each optional and well-formed: the fields
    every widget that links to an offer search shares (offer search, calendar, wish
    summary)."""

    romes = RomeList(load_default=None)
    rncp = fields.Str(load_default=None, validate=validate.Regexp(
        r"RNCP[0-9]{2,5}\Z", error="Code RNCP mal formé : « RNCP » suivi de 2 à 5 chiffres, "
                                "par exemple RNCP31114."))
    cfd = fields.Str(load_default=None, validate=validate.Regexp(
        r"[0-9A-Z]{7,8}\Z", error="Code diplôme (CFD) mal formé : 8 caractères, "
                                "par exemple 50022141."))
    insee = fields.Str(load_default=None, validate=validate.Regexp(
        r"([0-9]{5}|2[AB][0-9]{3})\Z", error="Code INSEE mal formé : 5 caractères, par exemple 75056."))
    postcode = fields.Str(load_default=None, validate=validate.Regexp(
        r"[0-9]{5}\Z", error="Code postal mal formé : 5 chiffres, par exemple 69003."))
    latitude = DecimalNumber(load_default=None, error_messages=NUMBER, validate=validate.Range(
        min=-90, max=90, error="La latitude est comprise entre -90 et 90."))
    longitude = DecimalNumber(load_default=None, error_messages=NUMBER, validate=validate.Range(
        min=-180, max=180, error="La longitude est comprise entre -180 et 180."))

    @validates_schema
    def latitude_with_longitude(self, data, **kwargs):
        has_lat, has_lon = data.get("latitude") is not None, data.get("longitude") is not None
        if has_lat != has_lon:
            raise ValidationError({"longitude" if has_lat else "latitude": [PAIRED_COORDINATES]})


class OffersQuerySchema(TrainingPlaceSchema):
    class Meta:
        unknown = EXCLUDE

    radius = WholeNumber(load_default=RADIUS_DEFAULT, error_messages=INTEGER, validate=validate.Range(
        min=1, max=200, error="Le rayon est compris entre 1 et 200 km."))
    diploma_level = WholeNumber(load_default=None, error_messages=INTEGER, validate=validate.Range(
        min=3, max=7, error="Le niveau de diplôme est compris entre 3 (CAP) et 7 (master)."))
    page = WholeNumber(load_default=1, error_messages=INTEGER, validate=validate.Range(
        min=1, max=MAX_PAGE, error=f"La page est comprise entre 1 et {MAX_PAGE}."))

    @validates_schema
    def one_trade_and_one_place(self, data, **kwargs):
        errors = {}
        if not (data.get("romes") or data.get("rncp") or data.get("cfd")):
            errors["romes"] = ["Indiquez un métier : codes ROME, code RNCP ou code diplôme (CFD)."]
        has_lat, has_lon = data.get("latitude") is not None, data.get("longitude") is not None
        if has_lat != has_lon:
            pass   # said by latitude_with_longitude
        elif not (has_lat or data.get("insee") or data.get("postcode")):
            errors["insee"] = ["Indiquez un lieu : code INSEE, code postal ou coordonnées."]
        if errors:
            raise ValidationError(errors)


@dataclass(frozen=True)
class Search:
    """A search as the upstream sees it; ``key`` is the same for equivalent queries."""

    romes: tuple[str, ...]
    latitude: float
    longitude: float
    radius: int
    diploma_level: int | None = None
    place_label: str | None = None
    trade_label: str | None = None
    page: int = 1
    rncp: str | None = field(default=None)

    @property
    def center(self) -> tuple[float, float]:
        return (round(self.latitude, COORDINATE_DECIMALS),
                round(self.longitude, COORDINATE_DECIMALS))

    def key(self) -> str:
        lat, lon = self.center
        raw = "|".join([",".join(self.romes), self.rncp or "", f"{lat:.2f}", f"{lon:.2f}",
                        str(self.radius), str(self.diploma_level or "")])
        return hashlib.sha1(raw.encode()).hexdigest()[:20]

    def upstream_params(self) -> dict:
        lat, lon = self.center
        params = {"latitude": lat, "longitude": lon, "radius": self.radius}
        if self.romes:
            params["romes"] = ",".join(self.romes)
        if self.rncp:
            params["rncp"] = self.rncp
        if self.diploma_level:
            params["target_diploma_level"] = str(self.diploma_level)
        return params

    def as_dict(self) -> dict:
        return {"romes": list(self.romes), "rncp": self.rncp, "trade_label": self.trade_label,
                "place_label": self.place_label, "latitude": self.latitude,
                "longitude": self.longitude, "radius": self.radius,
                "diploma_level": self.diploma_level, "page": self.page}


def resolve(data: dict) -> Search:
    """Turn a validated query into a Search; unknown codes are field errors (French)."""
    errors: dict[str, list[str]] = {}
    romes = set(data.get("romes") or ())
    rncp = None
    if data.get("rncp"):
        found = referentials.romes_for_rncp(data["rncp"])
        if found:
            romes.update(found)
        else:
            # Unknown locally (our table dates from 2021): let the upstream resolve it.
            rncp = data["rncp"]
    if data.get("cfd"):
        found = referentials.romes_for_cfd(data["cfd"])
        certifications = referentials.rncps_for_cfd(data["cfd"])
        if found:
            romes.update(found)
        elif certifications and not rncp:
            rncp = certifications[0]    # newer than our RNCP→ROME table: upstream resolves it
        elif not romes and not rncp:
            errors["cfd"] = ["Ce code diplôme (CFD) est inconnu : aucun métier associé."]

    if data.get("latitude") is not None:
        latitude, longitude = data["latitude"], data["longitude"]
        label = None
        if data.get("insee"):
            commune = referentials.commune_by_insee(data["insee"])
            label = commune.label if commune else None
    else:
        commune = None
        if data.get("insee"):
            commune = referentials.commune_by_insee(data["insee"])
            if commune is None:
                errors["insee"] = ["Commune inconnue pour ce code INSEE."]
        elif data.get("postcode"):
            found = referentials.communes_by_postcode(data["postcode"])
            commune = found[0] if found else None
            if commune is None:
                errors["postcode"] = ["Aucune commune ne porte ce code postal."]
        if commune is not None:
            latitude, longitude, label = commune.latitude, commune.longitude, commune.label
    if errors:
        raise ValidationError(errors)
    romes_sorted = tuple(sorted(romes))
    # A diploma is named by its own title ("BTS Management commercial opérationnel").
    diploma = ((referentials.diploma_by_cfd(data["cfd"]) if data.get("cfd") else None)
               or (referentials.diploma_by_rncp(data["rncp"]) if data.get("rncp") else None))
    return Search(romes=romes_sorted, rncp=rncp, latitude=latitude, longitude=longitude,
                  radius=data.get("radius") or RADIUS_DEFAULT,
                  diploma_level=data.get("diploma_level"), place_label=label,
                  trade_label=diploma.label if diploma else trade_label_of(romes_sorted),
                  page=data.get("page") or 1)


def trade_label_of(romes: tuple[str, ...]) -> str | None:
    """A human label for a set of ROME codes (the first known one, "+ n" if several)."""
    for code in romes:
        trade = referentials.trade_by_rome(code)
        if trade:
            return trade.label if len(romes) == 1 else f"{trade.label} (+{len(romes) - 1})"
    return None
