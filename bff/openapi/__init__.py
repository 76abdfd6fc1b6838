"""The OpenAPI document of the JSON API v1 and its reference page."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template

from bff.openapi.spec import build_spec

bp = Blueprint("openapi", __name__, url_prefix="/api/v1")


def document() -> dict:
    cached = current_app.extensions.get("openapi_document")
    if cached is None:
        cached = current_app.extensions["openapi_document"] = build_spec(current_app)
    return cached


@bp.get("/openapi.json")
def openapi_json():
    response = jsonify(document())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/docs")
def docs():
    return render_template("integration/api_docs.html", spec=document())
