"""The insertion query (API and widget page), with French messages.

``uai`` and/or one certification code: ``cfd`` (apprenticeship), ``mefstat11`` (school
route) or ``sise`` (higher education); ``cfd`` and ``mefstat11`` together ask for the two
routes side by side. Optional ``region`` (INSEE code) and ``millesime`` (``2023``, or a
cumul of two years ``2022_2023``, also written ``2022-2023``).
"""
from __future__ import annotations

import re

from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates_schema

from widgets.insertion.rules import REGIONS

UAI_MESSAGE = "Code UAI mal formé : 7 chiffres et une lettre, par exemple 0693492W."
CFD_MESSAGE = "Code formation diplôme (CFD) mal formé : 8 chiffres ou lettres, par exemple 50022141."
MEFSTAT11_MESSAGE = "Code MEFSTAT11 mal formé : 11 chiffres, par exemple 32221031409."
SISE_MESSAGE = "Code SISE mal formé : 7 chiffres, par exemple 2400019."
REGION_MESSAGE = ("Code région inconnu : indiquez le code INSEE de la région, par exemple "
                  "84 pour Auvergne-Rhône-Alpes ou 11 pour l'Île-de-France.")
MILLESIME_MESSAGE = ("Millésime mal formé : une année (par exemple 2023) ou deux années "
                     "qui se suivent (par exemple 2022_2023).")
MISSING_MESSAGE = ("Indiquez un établissement (uai) ou une formation (cfd, mefstat11 ou sise).")
SISE_ALONE_MESSAGE = ("Un code SISE (enseignement supérieur) ne se combine pas avec un code "
                      "CFD ou MEFSTAT11.")

MILLESIME = re.compile(r"^(\d{4})(?:[_-](\d{4}))?$")


def code_field(pattern: str, message: str) -> fields.String:
    return fields.String(load_default=None, validate=validate.Regexp(pattern, error=message),
                         error_messages={"invalid": message})


class Millesime(fields.String):
    """``2023`` or ``2022_2023`` (``2022-2023`` accepted), normalised to the API's form."""

    default_error_messages = {"invalid": MILLESIME_MESSAGE}

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        match = MILLESIME.match(text)
        if not match:
            raise self.make_error("invalid")
        first = int(match.group(1))
        if not 2015 <= first <= 2099:
            raise self.make_error("invalid")
        if match.group(2) is None:
            return str(first)
        if int(match.group(2)) != first + 1:
            raise self.make_error("invalid")
        return f"{first}_{first + 1}"


class InsertionQuery(Schema):
    uai = code_field(r"^\d{7}[A-Z]$", UAI_MESSAGE)
    cfd = code_field(r"^[0-9A-Z]{8}$", CFD_MESSAGE)
    mefstat11 = code_field(r"^\d{11}$", MEFSTAT11_MESSAGE)
    sise = code_field(r"^\d{7}$", SISE_MESSAGE)
    region = fields.String(load_default=None,
                           validate=validate.OneOf(sorted(REGIONS), error=REGION_MESSAGE),
                           error_messages={"invalid": REGION_MESSAGE})
    millesime = Millesime(load_default=None)

    CODES = ("uai", "cfd", "mefstat11", "sise")

    @pre_load
    def normalise(self, data, **kwargs):
        # A host's form sends empty fields as ``name=``: not given. Codes are compared
        # upper-case (UAI letters, CFD letters); only the blanks a field may carry are
        # stripped, so control characters stay and are refused.
        cleaned = {}
        for name, value in data.items():
            if isinstance(value, str):
                value = value.strip(" \t\r\n")
                if value == "":
                    continue
                if name in self.CODES:
                    value = value.upper()
            cleaned[name] = value
        return cleaned

    @validates_schema
    def one_subject(self, data, **kwargs):
        if not any(data.get(name) for name in self.CODES):
            raise ValidationError(MISSING_MESSAGE, "_schema")
        if data.get("sise") and (data.get("cfd") or data.get("mefstat11")):
            raise ValidationError(SISE_ALONE_MESSAGE, "sise")
