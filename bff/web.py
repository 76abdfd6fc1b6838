"""The two public blueprints every widget home registers its routes on, and their
error shapes.

- ``pages`` (``/widgets/v1``): widget pages, made to live in an iframe. Every page needs
  a registered ``caller`` (``bff.context.require_caller``); bad parameters get a French
  message next to the field, or a French error page.
- ``api`` (``/api/v1``): the JSON API. Bad input answers 400
  ``{"errors": {"field": ["message"]}}``; other HTTP errors answer
  ``{"error": {"code", "message"}}``; nothing a client sends yields a 500.

Endpoint names are ``pages.<view>`` and ``api.<view>``; URLs and endpoint names are part
of the public contract (embed contract v1, OpenAPI document).
"""
from __future__ import annotations

from flask import Blueprint, jsonify, request
from marshmallow import EXCLUDE, Schema, ValidationError
from werkzeug.exceptions import HTTPException

pages = Blueprint("pages", __name__, url_prefix="/widgets/v1")
api = Blueprint("api", __name__, url_prefix="/api/v1")


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


@api.errorhandler(ValidationError)
def on_validation_error(error: ValidationError):
    return errors_response(error.messages)


@api.errorhandler(HTTPException)
def on_http_error(error: HTTPException):
    kept = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    return jsonify({"error": {"code": error.name.lower().replace(" ", "_"),
                              "message": error.description}}), error.code, kept


@api.get("/ping")
def ping():
    """Trivial JSON route: the baseline every benchmark compares against."""
    return jsonify({"ok": True})
