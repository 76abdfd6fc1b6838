"""Dashboard, texts (list and edit), drafts to publish, audit log."""
from __future__ import annotations

import importlib
from datetime import date
from itertools import groupby

from flask import abort, flash, redirect, render_template, request, url_for

from bff.admin import bp
from bff.admin.drafts import save_audited_draft
from bff.admin.rules import load_definitions, scope_label, scopes, text_problems
from bff.storage import database
from bff.storage.content import audit_events, entries, find_entry
from bff.storage.models import ALL_SCOPE
from widgets.markup import render_formatted
from widgets.registry import WIDGETS
from widgets.texts import TEXTS

SCOPE_IN_URL = {"_toutes": ALL_SCOPE}


def scope_from_url(value: str) -> str:
    scope = SCOPE_IN_URL.get(value, value)
    if scope not in scopes():
        abort(404)
    return scope


def scope_to_url(scope: str) -> str:
    return "_toutes" if scope == ALL_SCOPE else scope


def widget_label(name: str) -> str:
    from bff.admin.entries import PACKAGE_TO_WIDGET
    spec = WIDGETS.get(PACKAGE_TO_WIDGET.get(name, name))
    return spec.title if spec else name


@bp.app_template_global("admin_scope_url")
def _scope_url(scope):
    return scope_to_url(scope)


@bp.app_template_global("admin_scope_label")
def _scope_label(scope):
    return scope_label(scope)


@bp.get("/")
def dashboard():
    with database().session() as s:
        drafts = [e for e in entries(s) if e.has_draft]
        recent = audit_events(s, limit=10)
    return render_template("admin/dashboard.html", drafts=drafts, recent=recent,
                           report=fact_report(today()),
                           figures=pay_figure_checks())


def today() -> date:
    return date.today()


def fact_report(on: date):
    """Guide entries due for review within 30 days and entries still to verify
    (widgets.guide.review.review_report), if the guide widget provides it."""
    try:
        module = importlib.import_module("widgets.guide.review")
        return module.review_report(on)
    except Exception:  # the dashboard must not break because of a guide data problem
        return None


def pay_figure_checks():
    """The pay simulator's dated figures with their status (widgets.pay.figures)."""
    try:
        module = importlib.import_module("widgets.pay.figures")
        return [c for c in module.figure_checks() if c.status != "verifie"]
    except Exception:
        return None


@bp.get("/textes")
def texts():
    with database().session() as s:
        stored = {(e.key, e.scope): e for e in entries(s, "text")}
    definitions = sorted(load_definitions().values(), key=lambda d: (d.widget, d.key))
    groups = [(widget, widget_label(widget), list(defs))
              for widget, defs in groupby(definitions, key=lambda d: d.widget)]
    return render_template("admin/texts.html", groups=groups, stored=stored,
                           scopes=scopes())


@bp.route("/textes/<key>/<scope>", methods=["GET", "POST"])
def text_edit(key, scope):
    definition = load_definitions().get(key)
    if definition is None:
        abort(404)
    scope = scope_from_url(scope)
    with database().session() as s:
        entry = find_entry(s, "text", key, scope)
    errors, conflict = [], None
    value = (entry.draft_value if entry and entry.has_draft else
             entry.published_value if entry and entry.published_value is not None else
             definition.default)
    use_default = bool(entry and entry.has_draft and entry.draft_value is None)
    revision = entry.revision if entry else 0
    status = 200
    if request.method == "POST":
        value = request.form.get("value", "").replace("\r\n", "\n")
        use_default = request.form.get("use_default") == "1"
        try:
            revision = int(request.form.get("revision", ""))
        except ValueError:
            abort(400)
        new_value = None if use_default else value
        errors = text_problems(key, scope, new_value)
        if not errors:
            conflict = save_audited_draft("text", key, scope, new_value, revision,
                                          f"text {key} [{scope}]")
            if conflict is None:
                flash("Brouillon enregistré. Prévisualisez-le avant de le publier.", "success")
                return redirect(url_for("admin.text_edit", key=key, scope=scope_to_url(scope)))
            status = 409
        else:
            status = 400
    inherited = definition.default
    if scope != ALL_SCOPE:
        with database().session() as s:
            general = find_entry(s, "text", key, ALL_SCOPE)
        if general and general.published_value is not None:
            inherited = general.published_value
    template = "admin/conflict.html" if conflict is not None else "admin/text_edit.html"
    return render_template(
        template, definition=definition, scope=scope, entry=entry, value=value,
        use_default=use_default, revision=revision, errors=errors, conflict=conflict,
        inherited=inherited, rendered=_render(definition, value),
        widget=widget_label(definition.widget)), status


def _render(definition, value):
    if not definition.formatted or value is None:
        return None
    return render_formatted(value)


@bp.get("/brouillons")
def drafts():
    with database().session() as s:
        pending = [e for e in entries(s) if e.has_draft]
    return render_template("admin/drafts.html", drafts=pending)


@bp.get("/journal")
def audit_log():
    with database().session() as s:
        events = audit_events(s, limit=500)
    return render_template("admin/audit.html", events=events)


def entry_title(entry) -> str:
    if entry.kind == "text":
        definition = TEXTS.get(entry.key)
        label = definition.label if definition and definition.label else entry.key
        return f"Texte « {label} » — {scope_label(entry.scope)}"
    return f"Calendrier {entry.key}"


@bp.app_template_global("admin_entry_title")
def _entry_title(entry):
    return entry_title(entry)


@bp.app_template_global("admin_entry_url")
def entry_edit_url(entry) -> str:
    if entry.kind == "text":
        return url_for("admin.text_edit", key=entry.key, scope=scope_to_url(entry.scope))
    platform, _, campaign = entry.key.partition("/")
    return url_for("admin.calendar_edit", platform=platform, campaign=campaign)
