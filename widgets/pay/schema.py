"""The pay simulation query (API and widget form), with French messages.

Bounds keep every computation within the dated figures and sane sizes, so that no
query can make the simulation fail.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates_schema

from widgets.numbers import WholeNumber
from widgets.pay.figures import TERRITORIES, figures
from widgets.pay.rules import MIN_AGE, MIN_AGE_AFTER_3E, calendar_age

REQUIRED = "Ce champ est obligatoire."
MAX_AGE = 99
TOO_YOUNG = ("Au début du contrat, l'apprenti aurait {age} ans : on peut être apprenti à partir "
             "de {min_age} ans, ou de {min_age_3e} ans après la classe de 3e (article L6222-1 du "
             "Code du travail). Vérifiez le mois de naissance ou la date de début du contrat.")
TOO_OLD = ("Au début du contrat, l'apprenti aurait plus de {max_age} ans : vérifiez le mois de "
           "naissance.")
MAX_AMOUNT = Decimal("20000")
#: how many years after the latest known SMIC a contract may still start (latest figures kept)
PROJECTION_YEARS = 4


def latest_supported_start() -> date:
    return date(figures().last_smic_date.year + PROJECTION_YEARS, 12, 31)


def french_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


class BirthMonth(fields.Field):
    """``YYYY-MM`` → the first day of that month; a full date is refused (data minimisation)."""

    PATTERN = re.compile(r"([0-9]{4})-([0-9]{2})")  # with fullmatch()
    default_error_messages = {
        "required": REQUIRED,
        "null": REQUIRED,
        "invalid": "Indiquez le mois et l'année de naissance au format AAAA-MM (par exemple 2008-05).",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        match = self.PATTERN.fullmatch(value) if isinstance(value, str) else None
        if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
            raise self.make_error("invalid")
        return date(int(match.group(1)), int(match.group(2)), 1)

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else value.strftime("%Y-%m")


class Day(fields.Date):
    default_error_messages = {
        "required": REQUIRED,
        "null": REQUIRED,
        "invalid": "Indiquez une date valide au format AAAA-MM-JJ (par exemple 2026-09-01).",
        "format": "Indiquez une date valide au format AAAA-MM-JJ.",
    }


class Amount(fields.Field):
    """Euros and cents, as typed in French (``1 850,50``) or in JSON style (``1850.50``)."""

    PATTERN = re.compile(r"[0-9]{1,7}(?:[.,][0-9]{1,2})?")  # with fullmatch()
    default_error_messages = {
        "required": REQUIRED,
        "null": REQUIRED,
        "invalid": "Indiquez un montant mensuel brut en euros, par exemple 1850 ou 1850,50.",
        "range": "Indiquez un montant entre 1 et 20 000 euros.",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        text = re.sub(r"[\s\u00a0\u202f€]", "", value) if isinstance(value, str) else ""
        if not self.PATTERN.fullmatch(text):
            raise self.make_error("invalid")
        amount = Decimal(text.replace(",", "."))
        if not Decimal(1) <= amount <= MAX_AMOUNT:
            raise self.make_error("range")
        return amount.quantize(Decimal("0.01"))

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else f"{value:.2f}"


def whole(minimum: int, maximum: int, message: str, **kwargs) -> fields.Integer:
    return WholeNumber(
        validate=validate.Range(min=minimum, max=maximum, error=message),
        error_messages={"invalid": message, "required": REQUIRED, "null": REQUIRED}, **kwargs)


class PayQuery(Schema):
    birth_month = BirthMonth(required=True)
    contract_start = Day(required=True)
    duration_months = whole(6, 48, "Indiquez une durée entre 6 et 48 mois.", load_default=24)
    signed_on = Day(load_default=None)
    conventional_minimum = Amount(load_default=None)
    starts_in_year = whole(1, 3, "Indiquez l'année du cycle de formation : 1, 2 ou 3.",
                           load_default=1)
    offered_gross = Amount(load_default=None)
    territory = fields.String(
        load_default="metropole", validate=validate.OneOf(
            TERRITORIES, error="Choisissez « metropole » ou « mayotte »."),
        error_messages={"invalid": "Choisissez « metropole » ou « mayotte »."})

    @pre_load
    def blank_means_absent(self, data, **kwargs):
        # A GET form sends empty optional fields as ``name=``.
        return {key: value for key, value in data.items()
                if not (isinstance(value, str) and value.strip() == "")}

    @validates_schema(skip_on_field_errors=False)
    def within_figures(self, data, **kwargs):
        errors: dict[str, list[str]] = {}
        start, birth, signed = data.get("contract_start"), data.get("birth_month"), data.get("signed_on")
        first, last = figures().first_smic_date, latest_supported_start()
        if start and not first <= start <= last:
            errors["contract_start"] = [
                f"Le simulateur couvre les contrats qui débutent entre le {french_date(first)} "
                f"et le {french_date(last)}."]
        if birth and start and first <= start <= last:
            # The age reached by the start at the latest: a birthday in the start's month
            # counts, so nobody is refused for a day of birth the form does not ask.
            years = calendar_age(birth, start)
            if years < MIN_AGE_AFTER_3E:
                errors["birth_month"] = [TOO_YOUNG.format(
                    age=years, min_age=MIN_AGE, min_age_3e=MIN_AGE_AFTER_3E)]
            elif years > MAX_AGE:
                errors["birth_month"] = [TOO_OLD.format(max_age=MAX_AGE)]
        if signed:
            grid_from = figures().grid_from
            if signed < grid_from:
                errors["signed_on"] = [
                    "Le simulateur applique le barème des contrats signés depuis le "
                    f"{french_date(grid_from)}."]
            elif start and signed > start:
                errors["signed_on"] = [
                    "La date de signature ne peut pas être postérieure au début du contrat."]
        if errors:
            raise ValidationError(errors)
