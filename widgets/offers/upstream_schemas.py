"""What we accept from API Apprentissage's job search, item by item.

Shapes from the API's OpenAPI models (JobOfferRead, JobRecruiter; see docs/widgets/offer-search.md).
Unknown fields are ignored, so upstream additions never
break us; an item missing what we display, or with a link that is not http(s),
is rejected on its own and counted, never a crash.
"""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate


class _Lenient(Schema):
    class Meta:
        unknown = EXCLUDE


class GeoPoint(_Lenient):
    type = fields.Str(load_default="Point")
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
    siret = fields.Str(allow_none=True, load_default=None)
    location = fields.Nested(Location, required=True)


class Apply(_Lenient):
    # Rendered as an href in a new tab: only web links, never javascript: or data:.
    url = fields.Url(required=True, schemes={"http", "https"}, require_tld=False)


class TargetDiploma(_Lenient):
    european = fields.Str(allow_none=True, load_default=None,
                          validate=validate.OneOf(["3", "4", "5", "6", "7"]))
    label = fields.Str(allow_none=True, load_default=None)


class Contract(_Lenient):
    start = fields.DateTime(allow_none=True, load_default=None)
    duration = fields.Int(allow_none=True, load_default=None, strict=False,
                          validate=validate.Range(min=0, max=120))
    type = fields.List(fields.Str(), load_default=list)


class Offer(_Lenient):
    title = fields.Str(required=True, validate=validate.Length(min=1, max=500))
    target_diploma = fields.Nested(TargetDiploma, allow_none=True, load_default=None)
    status = fields.Str(allow_none=True, load_default="Active")
    rome_codes = fields.List(fields.Str(), load_default=list)


class Identifier(_Lenient):
    id = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    partner_label = fields.Str(allow_none=True, load_default=None)


class JobOffer(_Lenient):
    identifier = fields.Nested(Identifier, required=True)
    workplace = fields.Nested(Workplace, required=True)
    apply = fields.Nested(Apply, required=True)
    contract = fields.Nested(Contract, allow_none=True, load_default=None)
    offer = fields.Nested(Offer, required=True)
    is_delegated = fields.Bool(allow_none=True, load_default=False)


class Recruiter(_Lenient):
    identifier = fields.Nested(Identifier, required=True)
    workplace = fields.Nested(Workplace, required=True)
    apply = fields.Nested(Apply, required=True)


class Warning_(_Lenient):
    code = fields.Str(allow_none=True, load_default=None)
    message = fields.Str(allow_none=True, load_default=None)


JOB_OFFER = JobOffer()
RECRUITER = Recruiter()
WARNING = Warning_()


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
    offers = _load_each(JOB_OFFER, jobs, dropped, "jobs")
    companies = _load_each(RECRUITER, recruiters, dropped, "recruiters")
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


def _load_each(schema: Schema, items: list, dropped: dict, kind: str) -> list[dict]:
    loaded = []
    for item in items:
        try:
            loaded.append(schema.load(item if isinstance(item, dict) else {"_": item}))
        except ValidationError:
            dropped[kind] += 1
    return loaded
