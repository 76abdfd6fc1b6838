"""Query parameters of the calendar page, API and .ics file, with French messages."""
from __future__ import annotations

from datetime import date

from marshmallow import ValidationError, post_load, pre_load, validate, validates

from widgets.calendar.academies import academie_code
from widgets.calendar.schema import PLATFORM_PHASES, Day, FrenchSchema, Str
from widgets.offers.query import TrainingPlaceSchema

EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)

FIELD_LABELS = {
    "caller": "Plateforme appelante (caller)",
    "platform": "Plateforme (platform)",
    "campaign": "Campagne (campaign)",
    "formation_start": "Date de début de la formation (formation_start)",
    "academie": "Académie (academie)",
    "today": "Date du jour (today)",
    "view": "Affichage (view)",
    "romes": "Codes ROME (romes)",
    "rncp": "Code RNCP (rncp)",
    "cfd": "Code formation diplôme (cfd)",
    "insee": "Code commune INSEE (insee)",
    "postcode": "Code postal (postcode)",
    "latitude": "Latitude (latitude)",
    "longitude": "Longitude (longitude)",
}
VIEWS = ("full", "now")
# The training's codes and place: the employer-search step links to the offer search
# for them (each optional; well-formed when given).
TRAINING_PLACE = ("romes", "rncp", "cfd", "insee", "postcode", "latitude", "longitude")


class CalendarQuery(TrainingPlaceSchema, FrenchSchema):
    caller = Str()
    platform = Str(validate=validate.OneOf(
        list(PLATFORM_PHASES),
        error="Plateforme inconnue : indiquez parcoursup ou affelnet."))
    campaign = Str(validate=validate.Regexp(
        r"20[0-9]{2}\Z", error="Campagne : l'année sur 4 chiffres, par exemple 2027."))
    formation_start = Day()
    academie = Str()
    today = Day(validate=validate.Range(
        min=EARLIEST, max=LATEST,
        error="La date doit être comprise entre 2000 et 2100."))
    # "now": the compact variant (current phase, next deadline, one action).
    view = Str(validate=validate.OneOf(
        VIEWS, error="Affichage inconnu : indiquez full (tout le calendrier) ou now "
                     "(l'étape du moment)."))

    @pre_load
    def blank_means_absent(self, data, **kwargs):
        # An empty form field is "not given", so the documented default applies.
        return {k: v for k, v in data.items() if not (isinstance(v, str) and not v.strip())}

    @validates("academie")
    def known_academie(self, value, **kwargs):
        if academie_code(value) is None:
            raise ValidationError(
                f"Académie inconnue : « {value[:20]} ». Indiquez son numéro, par exemple 01 "
                "pour Paris ou 25 pour Versailles.")

    @post_load
    def canonical_academie(self, data, **kwargs):
        if "academie" in data:
            data["academie"] = academie_code(data["academie"])
        return data
