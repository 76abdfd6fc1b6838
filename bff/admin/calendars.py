"""Campaign calendars edited as structured data: one field per date, one fieldset per
phase, checked by the calendar widget's ``validate_campaign`` before the draft is saved."""
from __future__ import annotations

import json
import re

from flask import abort, flash, redirect, render_template, request, url_for

from bff.admin import bp
from bff.admin.drafts import save_audited_draft
from bff.admin.forms import FormError, bounded_json, json_object, whole_number
from bff.admin.rules import bundled_calendars, calendar_problems, calendar_warnings
from bff.storage import database
from bff.storage.content import entries, find_entry
from bff.storage.models import ALL_SCOPE

CAMPAIGN = re.compile(r"20[0-9]{2}")
PLATFORM = re.compile(r"[a-z0-9_-]{2,40}")
MAX_PHASES = 50
PHASE_FIELDS = ("id", "title", "start", "end", "note", "source.title", "source.url")


def _known(platform: str | None = None) -> dict[str, dict]:
    documents = dict(bundled_calendars())
    with database().session() as s:
        for entry in entries(s, "calendar"):
            if entry.published_value is not None:
                documents[entry.key] = json.loads(entry.published_value)
            elif entry.key not in documents and entry.has_draft and entry.draft_value:
                documents[entry.key] = json.loads(entry.draft_value)
    if platform:
        documents = {k: v for k, v in documents.items() if k.startswith(platform + "/")}
    return documents


@bp.get("/calendriers")
def calendars():
    documents = _known()
    with database().session() as s:
        stored = {e.key: e for e in entries(s, "calendar")}
    platforms = sorted({key.partition("/")[0] for key in documents})
    return render_template("admin/calendars.html", documents=documents, stored=stored,
                           platforms=platforms)


@bp.get("/calendriers/nouveau")
def calendar_new():
    platform = request.args.get("platform", "")
    campaign = request.args.get("campaign", "").strip()
    if not _known(platform) or not CAMPAIGN.fullmatch(campaign):
        flash("Choisissez une plateforme et une année de campagne sur 4 chiffres.", "error")
        return redirect(url_for("admin.calendars"))
    return redirect(url_for("admin.calendar_edit", platform=platform, campaign=campaign))


def _base_document(platform: str, campaign: str, entry) -> dict:
    if entry and entry.has_draft and entry.draft_value:
        return json.loads(entry.draft_value)
    if entry and entry.published_value:
        return json.loads(entry.published_value)
    known = _known(platform)
    key = f"{platform}/{campaign}"
    if key in known:
        return known[key]
    if not known:
        abort(404)
    # A new campaign starts as a copy of the latest one, for the editor to re-date.
    latest = known[max(known)]
    return dict(latest, campaign=campaign)


def document_from_form(form, platform: str, campaign: str,
                       base: dict) -> tuple[dict, dict[str, list[str]]]:
    """The campaign document the form describes, and the French messages of fields that
    could not be read at all (the validator reports the rest next to each field).

    Raises ``FormError`` when the form itself is not one the page sends (its phase count).
    """
    document = {"platform": platform, "campaign": campaign,
                "title": form.get("title", "").strip(),
                "updated": form.get("updated", "").strip(),
                "school_year": {"start": form.get("school_year.start", "").strip(),
                                "end": form.get("school_year.end", "").strip()},
                "default_formation_start": form.get("default_formation_start", "").strip()}
    phases = []
    count = min(whole_number(form.get("phase_count", "0") or "0", "phase_count",
                             minimum=0), MAX_PHASES)
    for index in range(count):
        prefix = f"phases.{index}."
        values = {name: form.get(prefix + name, "").strip() for name in PHASE_FIELDS}
        if form.get(prefix + "remove") == "1" or not any(values.values()):
            continue
        phase = {"id": values["id"], "title": values["title"], "start": values["start"],
                 "end": values["end"], "provisional": form.get(prefix + "provisional") == "1",
                 "source": {"title": values["source.title"], "url": values["source.url"]}}
        if values["note"]:
            phase["note"] = values["note"]
        phases.append(phase)
    document["phases"] = phases
    unreadable: dict[str, list[str]] = {}
    raw_academies = form.get("academies", "").strip() or "{}"
    try:
        document["academies"] = bounded_json(raw_academies, "academies")
    except FormError as error:
        # Too long, too deep or not JSON: said next to the field, whose text is shown back.
        document["academies"] = {}
        unreadable["academies"] = [error.message]
    for extra in set(base) - set(document):
        document[extra] = base[extra]
    return document, unreadable


@bp.route("/calendriers/<platform>/<campaign>", methods=["GET", "POST"])
def calendar_edit(platform, campaign):
    if not CAMPAIGN.fullmatch(campaign) or not PLATFORM.fullmatch(platform):
        abort(404)
    key = f"{platform}/{campaign}"
    with database().session() as s:
        entry = find_entry(s, "calendar", key, ALL_SCOPE)
    document = _base_document(platform, campaign, entry)
    revision = entry.revision if entry else 0
    errors: dict[str, list[str]] = {}
    conflict = None
    status = 200
    academies_text = None
    if request.method == "POST":
        unreadable: dict[str, list[str]] = {}
        try:
            revision = whole_number(request.form.get("revision"), "revision", minimum=0)
            if request.form.get("document_json"):
                document = json_object(request.form["document_json"], "document_json")
            else:
                academies_text = request.form.get("academies", "")
                document, unreadable = document_from_form(request.form, platform, campaign,
                                                          document)
        except FormError as error:
            # Not a form this page sends: say so over the calendar as it stands.
            return _edit_page(key, platform, campaign, document, entry, revision,
                              {"_schema": [error.message]}, None), 400
        errors = {**calendar_problems(document), **unreadable}
        if not errors:
            value = json.dumps(document, ensure_ascii=False)
            conflict = save_audited_draft("calendar", key, ALL_SCOPE, value, revision,
                                          f"calendar {key}")
            if conflict is None:
                flash("Brouillon du calendrier enregistré. Prévisualisez-le avant de le "
                      "publier.", "success")
                return redirect(url_for("admin.calendar_edit", platform=platform,
                                        campaign=campaign))
            status = 409
        else:
            status = 400
    if conflict is not None:
        theirs = conflict.draft_value if conflict.has_draft else conflict.published_value
        return render_template(
            "admin/calendar_conflict.html", entry=conflict, key=key,
            theirs=json.dumps(json.loads(theirs), ensure_ascii=False, indent=2) if theirs else "",
            yours=json.dumps(document, ensure_ascii=False, indent=2),
            yours_raw=json.dumps(document, ensure_ascii=False)), status
    return _edit_page(key, platform, campaign, document, entry, revision, errors,
                      academies_text), status


def _edit_page(key, platform, campaign, document, entry, revision, errors, academies_text):
    phases = document.get("phases") if isinstance(document.get("phases"), list) else []
    phases = [p if isinstance(p, dict) else {} for p in phases]
    academies = academies_text
    # A provisional date on a weekend or a public holiday is refused (validate_campaign);
    # an announced one is only flagged, since the official source may really say so.
    warnings = {} if errors else calendar_warnings(document)
    if academies is None or not errors:
        academies = json.dumps(document.get("academies") or {}, ensure_ascii=False, indent=2)
    return render_template(
        "admin/calendar_edit.html", key=key, platform=platform, campaign=campaign,
        document=document, phases=phases + [{}], entry=entry, revision=revision,
        errors=errors, warnings=warnings, academies=academies)
