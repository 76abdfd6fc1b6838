"""Export and import of all published texts and calendars as one JSON file.

The file is validated whole before anything is written; then it is applied as one
publication (action "import") in one transaction: all or nothing. It is the complete
published state: an override absent from the file goes back to its default.
Drafts are neither exported nor touched.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

from flask import Response, flash, redirect, render_template, request, url_for

from bff.admin import bp, current_user, publisher_required
from bff.admin.forms import MAX_JSON_DEPTH, FormError, bounded_json
from bff.admin.rules import calendar_key, calendar_problems, text_problems
from bff.admin.scopes import scopes
from bff.storage import database
from bff.storage.content import audit, entries, publish_values
from bff.storage.models import ALL_SCOPE

FORMAT = "apprentissage-widgets/contenus"
FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 1024 * 1024


def export_document(s) -> dict:
    texts, calendars = [], []
    for entry in entries(s):
        if entry.published_value is None:
            continue
        if entry.kind == "text":
            texts.append({"key": entry.key, "scope": entry.scope,
                          "value": entry.published_value, "version": entry.published_number})
        else:
            calendars.append({"key": entry.key, "version": entry.published_number,
                              "document": json.loads(entry.published_value)})
    return {"format": FORMAT, "format_version": FORMAT_VERSION,
            "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "texts": texts, "calendars": calendars}


def _shown(value, limit: int = 80) -> str:
    """A value from the file, as short as an error message needs."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def parse_document(raw: bytes) -> tuple[dict, list[str]]:
    """(values to publish by (kind, key, scope), French errors); values only if no error."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return {}, ["Le fichier n'est pas un JSON valide (UTF-8)."]
    try:
        # Length and depth checked before parsing: an export nests 7 levels.
        document = bounded_json(text, "fichier", max_chars=MAX_IMPORT_BYTES)
    except FormError as error:
        if error.kind != "too_deep":
            return {}, ["Le fichier n'est pas un JSON valide (UTF-8)."]
        return {}, [f"Le fichier imbrique plus de {MAX_JSON_DEPTH} niveaux de listes ou "
                    "d'objets : ce n'est pas un export de contenus."]
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return {}, [f"Ce fichier n'est pas un export de contenus (format « {FORMAT} » attendu)."]
    if document.get("format_version") != FORMAT_VERSION:
        return {}, ["Version de format non prise en charge : "
                    f"{_shown(document.get('format_version'))}."]
    errors: list[str] = []
    values: dict[tuple[str, str, str], str] = {}
    texts, calendars = document.get("texts"), document.get("calendars")
    if not isinstance(texts, list) or not isinstance(calendars, list):
        return {}, ["Les listes « texts » et « calendars » sont obligatoires."]
    known_scopes = scopes()
    for index, item in enumerate(texts, 1):
        where = f"Texte n° {index}"
        if not isinstance(item, dict) or not all(
                isinstance(item.get(f), str) for f in ("key", "scope", "value")):
            errors.append(f"{where} : les champs « key », « scope » et « value » sont "
                          "obligatoires (textes).")
            continue
        where = f"Texte « {_shown(item['key'])} » ({_shown(item['scope'])})"
        if item["scope"] not in known_scopes:
            errors.append(f"{where} : plateforme inconnue.")
            continue
        for problem in text_problems(item["key"], item["scope"], item["value"]):
            errors.append(f"{where} : {problem}")
        identity = ("text", item["key"], item["scope"])
        if identity in values:
            errors.append(f"{where} : présent deux fois.")
        values[identity] = item["value"]
    for index, item in enumerate(calendars, 1):
        where = f"Calendrier n° {index}"
        if not isinstance(item, dict) or not isinstance(item.get("document"), dict):
            errors.append(f"{where} : le champ « document » est obligatoire.")
            continue
        key = calendar_key(item["document"])
        if key is None or item.get("key") not in (None, key):
            errors.append(f"{where} : la plateforme et la campagne du document ne "
                          "correspondent pas à « key ».")
            continue
        for field, messages in calendar_problems(item["document"]).items():
            errors.extend(f"Calendrier {key} : {field} : {m}" for m in messages)
        identity = ("calendar", key, ALL_SCOPE)
        if identity in values:
            errors.append(f"Calendrier {key} : présent deux fois.")
        values[identity] = json.dumps(item["document"], ensure_ascii=False, sort_keys=True)
    return ({} if errors else values), errors


@bp.get("/export-import")
def transfer():
    return render_template("admin/transfer.html", errors=[])


@bp.get("/export")
def export():
    with database().session() as s:
        document = export_document(s)
        audit(s, current_user().email, "export")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    return Response(json.dumps(document, ensure_ascii=False, indent=2),
                    mimetype="application/json",
                    headers={"Content-Disposition":
                             f'attachment; filename="contenus-{stamp}.json"'})


@bp.post("/import")
@publisher_required
def import_file():
    upload = request.files.get("file")
    raw = upload.read(MAX_IMPORT_BYTES + 1) if upload else b""
    if not raw:
        errors = ["Choisissez un fichier d'export (.json)."]
    elif len(raw) > MAX_IMPORT_BYTES:
        errors = ["Le fichier dépasse 1 Mo."]
    else:
        values, errors = parse_document(raw)
    if errors:
        with database().session() as s:
            audit(s, current_user().email, "import-refused", "", f"{len(errors)} erreur(s)")
        return render_template("admin/transfer.html", errors=errors), 400
    comment = request.form.get("comment", "").strip()[:1000] or "Import d'un fichier"
    with database().session() as s:
        publication = publish_values(s, values, current_user().email, comment, "import")
        audit(s, current_user().email, "import",
              f"publication {publication.id}" if publication else "",
              f"{len(values)} contenu(s)")
    flash("Import terminé : le contenu du fichier est publié." if publication else
          "Import terminé : le fichier correspond déjà au contenu publié.", "success")
    return redirect(url_for("admin.transfer"))
