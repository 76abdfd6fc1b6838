"""Shapes of the Exposition InserJeunes API's answers, validated before use.

Written after the API's OpenAPI document (``Certification``, ``Regionale``,
``Formation``, ``Error`` schemas; mission-apprentissage/trajectoires-pro,
``server/src/http/routes/swagger.yml``). Unknown keys are dropped (the API may add
some); a known key with a wrong type or an impossible value makes the whole answer
invalid: ``load_*`` then raise ``MalformedPayload`` and the caller treats the figures as
unavailable rather than showing something doubtful.
"""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from widgets.insertion.rules import DATA_OWNER_TYPES

TEXT = validate.Length(max=500)


class MalformedPayload(ValueError):
    """The upstream answered 200 with something that is not the documented shape."""


class _Base(Schema):
    class Meta:
        unknown = EXCLUDE


def percent():
    return fields.Float(allow_none=True, validate=validate.Range(min=0, max=100),
                        allow_nan=False)


def count():
    return fields.Float(allow_none=True, validate=validate.Range(min=0, max=10_000_000),
                        allow_nan=False)


class Meta(_Base):
    date_import = fields.String(validate=TEXT, allow_none=True)
    messages = fields.List(fields.String(validate=TEXT), allow_none=True)


class DonneeSource(_Base):
    code_certification = fields.String(validate=validate.Length(max=40), allow_none=True)
    type = fields.String(validate=validate.Length(max=40), allow_none=True)


class Diplome(_Base):
    code = fields.String(validate=TEXT, allow_none=True)
    libelle = fields.String(validate=TEXT, allow_none=True)


class Region(_Base):
    code = fields.String(required=True, validate=validate.Regexp(r"^\d{2,3}$"))
    nom = fields.String(validate=TEXT, allow_none=True)


class TerminalCode(_Base):
    code_certification = fields.String(validate=validate.Length(max=40))


class Certification(_Base):
    """``GET /certifications/{code}``: one certification, nationally."""
    millesime = fields.String(required=True, validate=validate.Regexp(r"^\d{4}(_\d{4})?$"))
    code_certification = fields.String(required=True, validate=validate.Length(max=40))
    filiere = fields.String(required=True, validate=validate.OneOf(
        ("apprentissage", "pro", "agricole", "superieur")))
    libelle = fields.String(validate=TEXT, allow_none=True)
    diplome = fields.Nested(Diplome, allow_none=True)
    formation_fermee = fields.Boolean(allow_none=True)
    donnee_source = fields.Nested(DonneeSource, allow_none=True)
    certificationsTerminales = fields.List(fields.Nested(TerminalCode), allow_none=True)
    nb_annee_term = count()
    nb_sortant = count()
    nb_poursuite_etudes = count()
    nb_en_emploi_6_mois = count()
    nb_en_emploi_12_mois = count()
    nb_en_emploi_18_mois = count()
    nb_en_emploi_24_mois = count()
    taux_en_emploi_6_mois = percent()
    taux_en_emploi_12_mois = percent()
    taux_en_emploi_18_mois = percent()
    taux_en_emploi_24_mois = percent()
    taux_en_formation = percent()
    taux_autres_6_mois = percent()
    taux_autres_12_mois = percent()
    taux_autres_18_mois = percent()
    taux_autres_24_mois = percent()
    taux_rupture_contrats = percent()
    _meta = fields.Nested(Meta, data_key="_meta", allow_none=True)


class Regionale(Certification):
    """``GET /regionales/{region}/certifications/{code}``."""
    region = fields.Nested(Region, required=True)


class Formation(Certification):
    """``GET /formations/{uai}-{code}``: one formation in one establishment."""
    uai = fields.String(required=True, validate=validate.Regexp(r"^\d{7}[A-Z]$"))
    libelle_etablissement = fields.String(validate=TEXT, allow_none=True)
    region = fields.Nested(Region, allow_none=True)
    uai_type = fields.String(validate=validate.OneOf(DATA_OWNER_TYPES), allow_none=True)
    uai_donnee = fields.String(validate=validate.Regexp(r"^\d{7}[A-Z]$"), allow_none=True)
    uai_donnee_type = fields.String(validate=validate.OneOf(DATA_OWNER_TYPES), allow_none=True)


class NotFoundData(_Base):
    millesime = fields.String(validate=validate.Length(max=20), allow_none=True)
    millesimesDisponible = fields.List(fields.String(validate=validate.Regexp(
        r"^\d{4}(_\d{4})?$")), allow_none=True)


class NotFound(_Base):
    """A 404 body: ``Certification inconnue`` or ``Pas de données pour le millésime``."""
    statusCode = fields.Integer(allow_none=True)
    error = fields.String(validate=TEXT, allow_none=True)
    message = fields.String(validate=TEXT, allow_none=True)
    data = fields.Nested(NotFoundData, allow_none=True)


SCHEMAS = {"etablissement": Formation(), "region": Regionale(), "national": Certification()}
NOT_FOUND = NotFound()


def load_stats(scope: str, payload) -> dict:
    """The answer of the route for ``scope``, validated; raises MalformedPayload."""
    if not isinstance(payload, dict):
        raise MalformedPayload("not an object")
    try:
        return SCHEMAS[scope].load(payload)
    except ValidationError as error:
        raise MalformedPayload(f"invalid {sorted(error.messages)[:5]}") from None


def available_millesimes(payload) -> list[str]:
    """The millésimes a 404 body lists (empty when it lists none or is not the shape)."""
    if not isinstance(payload, dict):
        return []
    try:
        body = NOT_FOUND.load(payload)
    except ValidationError:
        return []
    listed = (body.get("data") or {}).get("millesimesDisponible") or []
    return sorted(set(listed), reverse=True)
