"""What every entry (text or calendar) shares: preview, publish, discard, history, diff,
rollback."""
from __future__ import annotations

import difflib
import json
import re

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from markupsafe import Markup, escape
from werkzeug.routing import BuildError

from bff.admin import bp, current_user, publisher_required
from bff.admin.forms import FormError, whole_number
from bff.admin.scopes import entry_edit_url, entry_title, scope_platform, widget_of
from bff.storage import database
from bff.storage.content import (Conflict, NothingToPublish, audit, discard_draft, publish,
                                 rollback, versions)
from bff.storage.models import ALL_SCOPE, Entry
from bff.storage.store import preview_token
from widgets.registry import WIDGETS
from widgets.texts import TEXTS

# Full class names: the CSS build keeps only the classes it finds written out.
# Some texts only show once the candidate has filled the form: preview those states too,
# with example answers (no one's personal data).
PREVIEW_STATES = {
    "pay-simulator": [("Formulaire vide", {}),
                      ("Exemple de résultat", {"birth_month": "2008-03",
                                               "contract_start": "2027-09-01",
                                               "offered_gross": "1000"})],
    "wish-summary": [("Exemple de vœu", {"romes": "F1603", "insee": "75056"})],
}
VIEWPORTS = (("Téléphone", "aw-admin-preview__iframe--phone", 375),
             ("Ordinateur", "aw-admin-preview__iframe--desktop", 1024))


def load_entry(entry_id: int) -> Entry:
    with database().session() as s:
        entry = s.get(Entry, entry_id)
    if entry is None:
        abort(404)
    return entry


def preview_callers(entry: Entry):
    callers = current_app.extensions["callers"].all()
    if entry.kind == "calendar":
        platform = entry.key.partition("/")[0]
        return [c for c in callers if c.platform == platform]
    if entry.scope != ALL_SCOPE:
        platform = scope_platform(entry.scope)
        if platform is not None:
            return [c for c in callers if c.platform == platform]
        return [c for c in callers if c.name == entry.scope]
    return [c for c in callers if c.platform]


@bp.get("/contenus/<int(max=999999999):entry_id>/apercu")
def preview(entry_id):
    entry = load_entry(entry_id)
    spec = WIDGETS.get(widget_of(entry))
    token = preview_token(current_app.config["SECRET_KEY"], [(entry.id, entry.revision)])
    origin = request.host_url.rstrip("/")
    frames = []
    states = PREVIEW_STATES.get(spec.name if spec else "", [("", {})])
    if entry.kind == "calendar":
        # Show the edited campaign, not the one the date would pick.
        states = [("", {"campaign": entry.key.partition("/")[2]})]
    for caller in preview_callers(entry):
        for label, extra in states:
            try:
                src = url_for(spec.endpoint, caller=caller.name, preview=token,
                              host_origin=origin, **extra) if spec else None
            except BuildError:
                src = None
            if src:
                frames.append((caller, label, src))
    return render_template("admin/preview.html", entry=entry, spec=spec, frames=frames,
                           viewports=VIEWPORTS, title=entry_title(entry),
                           edit_url=entry_edit_url(entry))


@bp.post("/publier")
@publisher_required
def publish_drafts():
    targets = []
    for raw in request.form.getlist("entry")[:1000]:
        entry_id = whole_number(raw, "entry", minimum=1)
        targets.append((entry_id, whole_number(request.form.get(f"revision-{entry_id}"),
                                               "revision", minimum=0)))
    comment = request.form.get("comment", "").strip()[:1000]
    back = request.form.get("back") or url_for("admin.drafts")
    if not back.startswith("/admin"):
        back = url_for("admin.drafts")
    if not targets:
        flash("Cochez au moins un brouillon à publier.", "error")
        return redirect(back)
    try:
        with database().session() as s:
            publication = publish(s, targets, current_user().email, comment)
            names = []
            for entry_id, _ in targets:
                entry = s.get(Entry, entry_id)
                names.append(f"{entry.kind} {entry.key} [{entry.scope}] v{entry.published_number}")
            audit(s, current_user().email, "publish", f"publication {publication.id}",
                  "; ".join(names) + (f" — {comment}" if comment else ""))
    except Conflict:
        flash("Un brouillon a changé depuis que vous l'avez affiché : rien n'a été publié. "
              "Vérifiez-le puis publiez à nouveau.", "error")
        return redirect(back)
    except NothingToPublish:
        flash("Il n'y a plus de brouillon à publier : rien n'a été publié.", "error")
        return redirect(back)
    flash(f"Publié ({len(targets)} élément{'s' if len(targets) > 1 else ''}) : les modules "
          "affichent la nouvelle version d'ici quelques secondes.", "success")
    return redirect(back)


@bp.post("/contenus/<int(max=999999999):entry_id>/abandonner")
def discard(entry_id):
    entry = load_entry(entry_id)
    try:
        with database().session() as s:
            discard_draft(s, entry, whole_number(request.form.get("revision", "-1"), "revision"))
            audit(s, current_user().email, "draft-discard", f"{entry.kind} {entry.key} [{entry.scope}]")
        flash("Brouillon abandonné.", "success")
    except (Conflict, FormError):
        flash("Le brouillon a changé depuis que vous l'avez affiché : rien n'a été abandonné.",
              "error")
    return redirect(entry_edit_url(entry))


@bp.get("/contenus/<int(max=999999999):entry_id>/historique")
def history(entry_id):
    entry = load_entry(entry_id)
    with database().session() as s:
        published = versions(s, entry_id)
    return render_template("admin/history.html", entry=entry, versions=published,
                           title=entry_title(entry), edit_url=entry_edit_url(entry))


@bp.get("/contenus/<int(max=999999999):entry_id>/comparer")
def diff(entry_id):
    entry = load_entry(entry_id)
    with database().session() as s:
        by_number = {v.number: v for v in versions(s, entry_id)}
    try:
        older, newer = sorted({whole_number(request.args.get("de"), "de"),
                               whole_number(request.args.get("a"), "a")})
    except (FormError, ValueError):
        abort(404)
    if older not in by_number or newer not in by_number:
        abort(404)
    left, right = by_number[older], by_number[newer]
    return render_template("admin/diff.html", entry=entry, left=left, right=right,
                           changes=word_diff(_display(entry, left.value),
                                             _display(entry, right.value)),
                           title=entry_title(entry))


def _display(entry: Entry, value: str | None) -> str:
    if value is None:
        if entry.kind == "text" and entry.key in TEXTS:
            return TEXTS[entry.key].default
        return ""
    if entry.kind == "calendar":
        return json.dumps(json.loads(value), ensure_ascii=False, indent=2)
    return value


def word_diff(old: str, new: str) -> Markup:
    """Words removed in <del>, added in <ins>, each announced to screen readers."""
    split = re.compile(r"(\s+)")
    a, b = split.split(old), split.split(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Markup('<del><span class="fr-sr-only">[supprimé : </span>%s'
                              '<span class="fr-sr-only">]</span></del>') % "".join(a[i1:i2]))
        if j2 > j1:
            out.append(Markup('<ins><span class="fr-sr-only">[ajouté : </span>%s'
                              '<span class="fr-sr-only">]</span></ins>') % "".join(b[j1:j2]))
    return Markup("").join(out)


@bp.post("/contenus/<int(max=999999999):entry_id>/restaurer")
@publisher_required
def restore(entry_id):
    entry = load_entry(entry_id)
    number = whole_number(request.form.get("number"), "number", minimum=1)
    revision = whole_number(request.form.get("revision"), "revision", minimum=0)
    comment = request.form.get("comment", "").strip()[:1000]
    try:
        with database().session() as s:
            publication = rollback(s, entry_id, number, revision, current_user().email, comment)
            audit(s, current_user().email, "rollback",
                  f"{entry.kind} {entry.key} [{entry.scope}]",
                  f"version {number} republiée (publication {publication.id})")
        flash(f"La version {number} est de nouveau publiée, comme nouvelle version.", "success")
    except Conflict:
        flash("Ce contenu a changé depuis que vous l'avez affiché : rien n'a été restauré.",
              "error")
    except LookupError:
        abort(404)
    return redirect(url_for("admin.history", entry_id=entry_id))
