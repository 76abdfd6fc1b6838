"""What we accept from API Apprentissage's job search, item by item.

Shapes from the API's OpenAPI models (JobOfferRead, JobRecruiter; see docs/widgets/offer-search.md).
Only the fields the widget uses are declared (``widgets.offers.results``): the others
are ignored, so an upstream addition, or a malformed field we never show, never
costs an offer; an item missing what we display, or with a link that is not http(s),
is rejected on its own and counted, never a crash.
"""
from __future__ import annotations

import math

from marshmallow import EXCLUDE, Schema, ValidationError, fields, missing, validate


class _Lenient(Schema):
    class Meta:
        unknown = EXCLUDE


class GeoPoint(_Lenient):
    coordinates = fields.List(fields.Float(allow_nan=False), required=True,
                              validate=validate.Length(equal=2))


class Location(_Lenient):
    address = fields.Str(allow_none=True, load_default=None)
    geopoint = fields.Nested(GeoPoint, allow_none=True, load_default=None)


class Workplace(_Lenient):
    name = fields.Str(allow_none=True, load_default=None)
    brand = fields.Str(allow_none=True, load_default=None)
    legal_name = fields.Str(allow_none=True, load_default=None)
    size = fields.Str(allow_none=True, load_default=None)
    location = fields.Nested(Location, required=True)


class Apply(_Lenient):
    # Rendered as an href in a new tab: only web links, never javascript: or data:.
    url = fields.Url(required=True, schemes={"http", "https"}, require_tld=False)


class TargetDiploma(_Lenient):
    european = fields.Str(allow_none=True, load_default=None,
                          validate=validate.OneOf(["3", "4", "5", "6", "7"]))


class Contract(_Lenient):
    start = fields.DateTime(allow_none=True, load_default=None)
    duration = fields.Int(allow_none=True, load_default=None, strict=False,
                          validate=validate.Range(min=0, max=120))


class Offer(_Lenient):
    title = fields.Str(required=True, validate=validate.Length(min=1, max=500))
    target_diploma = fields.Nested(TargetDiploma, allow_none=True, load_default=None)
    status = fields.Str(allow_none=True, load_default="Active")


class Identifier(_Lenient):
    id = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    partner_label = fields.Str(allow_none=True, load_default=None)


class JobOffer(_Lenient):
    identifier = fields.Nested(Identifier, required=True)
    workplace = fields.Nested(Workplace, required=True)
    apply = fields.Nested(Apply, required=True)
    contract = fields.Nested(Contract, allow_none=True, load_default=None)
    offer = fields.Nested(Offer, required=True)


class Recruiter(_Lenient):
    identifier = fields.Nested(Identifier, required=True)
    workplace = fields.Nested(Workplace, required=True)
    apply = fields.Nested(Apply, required=True)


class Warning_(_Lenient):
    code = fields.Str(allow_none=True, load_default=None)
    message = fields.Str(allow_none=True, load_default=None)


class CompiledLoader:
    """``schema.load(item)`` for many items, about 4 times faster, same results.

    A search answer holds dozens of items and marshmallow spends ~90 microseconds on each, most
    of it in per-field machinery. This loader is built from the schema's own fields,
    options and validators: strings, floats, lists and nested schemas, the bulk of an
    item, are checked inline when the value has the plain JSON type; any other field or
    value goes through the marshmallow field itself (``field.deserialize``: URLs, dates,
    integers, booleans, and every value of an unexpected type). Items marshmallow would
    refuse are refused, and accepted items come out identical
    (tests/offers/test_offers_upstream_schemas.py compares both on generated items).
    """

    def __init__(self, schema: Schema):
        if schema.unknown != EXCLUDE or any(schema._hooks.values()):
            raise ValueError(f"{type(schema).__name__}: only EXCLUDE schemas without hooks")
        self.schema = schema
        self.plan = [(name, field.data_key or name, self._step(field))
                     for name, field in schema.load_fields.items()]

    def _step(self, field: fields.Field):
        if field.pre_load or field.post_load:
            return self._delegate(field)
        kind = type(field)
        validators = tuple(field.validators)
        if kind is fields.String:
            return self._typed(field, str, None, validators)
        if kind is fields.Float and field.allow_nan is False:
            return self._typed(field, float, self._finite, validators)
        if kind is fields.Nested and not field.many and isinstance(field.schema, Schema):
            try:
                nested = CompiledLoader(field.schema)
            except ValueError:
                return self._delegate(field)
            return self._typed(field, dict, nested.load, validators)
        if kind is fields.List:
            inner = self._step(field.inner)
            return self._typed(field, list, lambda items: [inner(v) for v in items],
                               validators)
        return self._delegate(field)

    @staticmethod
    def _finite(number: float) -> float:
        if math.isnan(number) or math.isinf(number):
            raise ValidationError("Special numeric values (nan or infinity) are not permitted.")
        return number

    @staticmethod
    def _delegate(field: fields.Field):
        return field.deserialize

    @staticmethod
    def _typed(field, plain_type: type, convert, validators):
        deserialize = field.deserialize
        if convert is None and not validators:
            def step(value):
                # missing, None and any other type: marshmallow's own rules
                return value if type(value) is plain_type else deserialize(value)
            return step

        def checked(value):
            if type(value) is not plain_type:
                return deserialize(value)
            if convert is not None:
                value = convert(value)
            for validator in validators:
                if validator(value) is False:
                    raise ValidationError("Invalid value.")
            return value
        return checked

    def load(self, data) -> dict:
        if type(data) is not dict:
            raise ValidationError("Invalid input type.")
        loaded = {}
        get = data.get
        for name, key, step in self.plan:
            value = step(get(key, missing))
            if value is not missing:
                loaded[name] = value
        return loaded


JOB_OFFER = JobOffer()
RECRUITER = Recruiter()
WARNING = Warning_()
JOB_OFFER_LOADER = CompiledLoader(JOB_OFFER)
RECRUITER_LOADER = CompiledLoader(RECRUITER)


class MalformedPayload(ValueError):
    """The payload as a whole is not a job search answer."""


def valid_items(payload: dict) -> tuple[list[dict], list[dict], list[dict], dict[str, int]]:
    """(offers, recruiters, upstream warnings, dropped counts) from a raw payload."""
    if not isinstance(payload, dict):
        raise MalformedPayload("not an object")
    jobs, recruiters = payload.get("jobs", []), payload.get("recruiters", [])
    if not isinstance(jobs, list) or not isinstance(recruiters, list):
        raise MalformedPayload("jobs and recruiters must be lists")
    dropped = {"jobs": 0, "recruiters": 0}
    offers = _load_each(JOB_OFFER_LOADER, jobs, dropped, "jobs")
    companies = _load_each(RECRUITER_LOADER, recruiters, dropped, "recruiters")
    warnings = []
    raw_warnings = payload.get("warnings") or []
    for raw in raw_warnings if isinstance(raw_warnings, list) else []:
        try:
            warning = WARNING.load(raw if isinstance(raw, dict) else {})
        except ValidationError:
            continue
        if warning["code"] or warning["message"]:
            warnings.append({"code": warning["code"] or "UPSTREAM_WARNING",
                             "message": warning["message"] or ""})
    return offers, companies, warnings, dropped


def _load_each(loader: CompiledLoader, items: list, dropped: dict, kind: str) -> list[dict]:
    loaded = []
    for item in items:
        try:
            loaded.append(loader.load(item))
        except ValidationError:
            dropped[kind] += 1
    return loaded
