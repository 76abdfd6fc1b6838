"""Parameters of the wish summary (page and API): what a platform knows about a wish.

Everything is optional but must be well-formed: a malformed value is a 400 with a French
message for that field. ``platform`` defaults to the caller's; ``formation_start`` to the
campaign's usual start; without the training's codes or its place the market line
becomes a plain link to the offer search form.
"""
from __future__ import annotations

import re
from datetime import date

from marshmallow import EXCLUDE, ValidationError, fields, post_load, pre_load, validate, validates

from widgets.calendar.academies import academie_code
from widgets.guide.links import CLE_MINISTERE_EDUCATIF
from widgets.offers.query import INTEGER, RADIUS_DEFAULT, TrainingPlaceSchema

PLATFORMS = ("parcoursup", "affelnet")
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
LABEL_MAX_LENGTH = 150
UAI = re.compile(r"^\d{7}[A-Z]$")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

DATE_MESSAGES = {
    "invalid": "Date impossible : écrivez-la sous la forme AAAA-MM-JJ (par exemple 2027-09-01).",
    "format": "Date impossible : écrivez-la sous la forme AAAA-MM-JJ.",
}
DATE_RANGE = "La date doit être comprise entre 2000 et 2100."


def _day(**kwargs):
    return fields.Date(load_default=None, error_messages=DATE_MESSAGES,
                       validate=validate.Range(min=EARLIEST, max=LATEST, error=DATE_RANGE),
                       **kwargs)


class WishSummaryQuery(TrainingPlaceSchema):
    """The wish as the platform describes it (query parameters of page and API)."""

    class Meta:
        unknown = EXCLUDE

    caller = fields.String(load_default=None)   # read by the request context (bff.context)
    platform = fields.String(load_default=None, validate=validate.OneOf(
        PLATFORMS, error="Plateforme inconnue : indiquez parcoursup ou affelnet."))
    formation_start = _day()
    radius = fields.Int(load_default=RADIUS_DEFAULT, strict=False, error_messages=INTEGER,
                        validate=validate.Range(min=1, max=200,
                                                error="Le rayon est compris entre 1 et 200 km."))
    academie = fields.String(load_default=None)
    uai = fields.String(load_default=None, validate=validate.Regexp(
        UAI, error="Code UAI mal formé : 7 chiffres et une lettre majuscule, "
                   "par exemple 0751234J."))
    cle_ministere_educatif = fields.String(load_default=None, validate=validate.Regexp(
        CLE_MINISTERE_EDUCATIF, error="Clé ministère éducatif mal formée : lettres majuscules "
        "et chiffres, par exemple 088281P01313885594860007038855948600070-67118#L01."))
    formation_label = fields.String(load_default=None, validate=validate.Length(
        max=LABEL_MAX_LENGTH,
        error=f"L'intitulé de la formation fait plus de {LABEL_MAX_LENGTH} caractères."))
    # For previews and tests: the day the summary is computed for (default: today in Paris).
    today = _day()

    @pre_load
    def blank_means_absent(self, data, **kwargs):
        # An empty field of a host's form means "not given"; only the blanks a form field
        # really carries are trimmed (str.strip() would also eat control characters).
        cleaned = {}
        for name, value in data.items():
            if isinstance(value, str):
                value = value.strip(" \t\r\n")
                if name == "platform":
                    value = value.lower()
                if value == "":
                    continue
            cleaned[name] = value
        return cleaned

    @validates("academie")
    def known_academie(self, value, **kwargs):
        if value is not None and academie_code(value) is None:
            raise ValidationError(
                f"Académie inconnue : « {value[:20]} ». Indiquez son numéro, par exemple 01 "
                "pour Paris ou 25 pour Versailles.")

    @validates("formation_label")
    def printable_label(self, value, **kwargs):
        if value is not None and CONTROL.search(value):
            raise ValidationError("L'intitulé de la formation contient des caractères de "
                                  "contrôle.")

    @post_load
    def canonical(self, data, **kwargs):
        if data.get("academie"):
            data["academie"] = academie_code(data["academie"])
        return data


# The parameters that describe the wish (what a link back to the summary must keep).
WISH_PARAMETERS = ("platform", "formation_start", "romes", "rncp", "cfd", "insee", "postcode",
                   "latitude", "longitude", "radius", "academie", "uai",
                   "cle_ministere_educatif", "formation_label", "today")
