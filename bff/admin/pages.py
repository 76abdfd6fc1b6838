"""Dashboard, texts (list and edit), drafts to publish, audit log."""
from __future__ import annotations

from datetime import date
from itertools import groupby

from flask import abort, flash, redirect, render_template, request, url_for

from bff.admin import bp
from bff.admin.drafts import save_audited_draft
from bff.admin.forms import whole_number
from bff.admin.rules import text_problems
from bff.admin.scopes import (inherited_scopes, scope_from_url, scope_to_url, scopes,
                              widget_label)
from bff.storage import database
from bff.storage.content import audit_events, entries, find_entry
from widgets.guide.review import review_report
from widgets.pay.figures import figure_checks
from widgets.markup import render_formatted
from widgets.texts import TEXTS

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
    """Guide entries due for review within 30 days and entries still to verify."""
    return review_report(on)


def pay_figure_checks():
    """The pay simulator's dated figures not yet verified (widgets.pay.figures)."""
    return [c for c in figure_checks() if c.status != "verifie"]


@bp.get("/textes")
def texts():
    with database().session() as s:
        stored = {(e.key, e.scope): e for e in entries(s, "text")}
    definitions = sorted(TEXTS.values(), key=lambda d: (d.widget, d.key))
    groups = [(widget, widget_label(widget), list(defs))
              for widget, defs in groupby(definitions, key=lambda d: d.widget)]
    return render_template("admin/texts.html", groups=groups, stored=stored,
                           scopes=scopes())


@bp.route("/textes/<key>/<scope>", methods=["GET", "POST"])
def text_edit(key, scope):
    definition = TEXTS.get(key)
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
        revision = whole_number(request.form.get("revision"), "revision", minimum=0)
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
    with database().session() as s:
        for wider in inherited_scopes(scope):
            general = find_entry(s, "text", key, wider)
            if general and general.published_value is not None:
                inherited = general.published_value
                break
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
