"""Parameters of the guide page and API, with French messages."""
from __future__ import annotations

from marshmallow import Schema, fields, pre_load, validate

from widgets.guide.entries import PLATFORMS
from widgets.guide.links import CLE_MINISTERE_EDUCATIF

QUERY_MAX_LENGTH = 100

PLATFORM_MESSAGE = "Plateforme inconnue : indiquez parcoursup ou affelnet."
CLE_MESSAGE = ("Clé ministère éducatif mal formée : lettres majuscules et chiffres, "
               "par exemple 088281P01313885594860007038855948600070-67118#L01.")
QUERY_MESSAGE = f"La recherche fait plus de {QUERY_MAX_LENGTH} caractères."


class GuideQuery(Schema):
    platform = fields.String(load_default=None,
                             validate=validate.OneOf(PLATFORMS, error=PLATFORM_MESSAGE))
    caller = fields.String(load_default=None)   # read by the request context (bff.context)
    q = fields.String(load_default="",
                      validate=validate.Length(max=QUERY_MAX_LENGTH, error=QUERY_MESSAGE))
    cle_ministere_educatif = fields.String(
        load_default=None, validate=validate.Regexp(CLE_MINISTERE_EDUCATIF, error=CLE_MESSAGE))

    @pre_load
    def drop_blanks(self, data, **kwargs):
        # An empty field of a host's form means "not given", not "invalid".
        cleaned = {}
        for name, value in data.items():
            if isinstance(value, str):
                # Only the blanks a form field really carries: str.strip() would also eat
                # control characters such as \x1c, turning garbage into "not given".
                value = value.strip(" \t\r\n")
                if name != "q":
                    value = value.lower() if name == "platform" else value
                if value == "":
                    continue
            cleaned[name] = value
        return cleaned
