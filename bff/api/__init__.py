"""JSON API v1: one module per widget, all on this blueprint.

Bad input answers 400 ``{"errors": {"field": ["message"]}}``; other HTTP errors
answer ``{"error": {"code", "message"}}``; nothing a client sends yields a 500.
"""
from __future__ import annotations

from flask import Blueprint, jsonify, request
from marshmallow import EXCLUDE, Schema, ValidationError
from werkzeug.exceptions import HTTPException

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def query_args() -> dict[str, str]:
    """The query string as one value per name (the first), as browsers' forms send it."""
    return request.args.to_dict(flat=True)


def load_query(schema: Schema) -> dict:
    """Validate the query string; unknown names are ignored (forward compatibility)."""
    return schema.load(query_args(), unknown=EXCLUDE)


def errors_response(messages, status=400):
    if not isinstance(messages, dict):
        messages = {"_schema": messages if isinstance(messages, list) else [str(messages)]}
    return jsonify({"errors": messages}), status


@bp.errorhandler(ValidationError)
def on_validation_error(error: ValidationError):
    return errors_response(error.messages)


@bp.errorhandler(HTTPException)
def on_http_error(error: HTTPException):
    kept = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    return jsonify({"error": {"code": error.name.lower().replace(" ", "_"),
                              "message": error.description}}), error.code, kept


@bp.get("/ping")
def ping():
    """Trivial JSON route: the baseline every benchmark compares against."""
    return jsonify({"ok": True})


# Widget modules add their routes to ``bp``; imported last to avoid a cycle.
from bff.api import pay, calendar, offers, guide, referentials  # noqa: E402,F401
from bff.insertion import routes as insertion_routes  # noqa: E402,F401 (its page route too)
