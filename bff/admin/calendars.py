"""Campaign calendars edited as structured data: one field per date, one fieldset per
phase, checked by the calendar widget's ``validate_campaign`` before the draft is saved."""
from __future__ import annotations

import json
import re

from flask import abort, flash, redirect, render_template, request, url_for

from bff.admin import bp
from bff.admin.drafts import save_audited_draft
from bff.admin.rules import bundled_calendars, calendar_problems, calendar_warnings
from bff.storage import database
from bff.storage.content import entries, find_entry
from bff.storage.models import ALL_SCOPE

CAMPAIGN = re.compile(r"^20[0-9]{2}$")
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
    if not _known(platform) or not CAMPAIGN.match(campaign):
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


def document_from_form(form, platform: str, campaign: str, base: dict) -> dict:
    document = {"platform": platform, "campaign": campaign,
                "title": form.get("title", "").strip(),
                "updated": form.get("updated", "").strip(),
                "school_year": {"start": form.get("school_year.start", "").strip(),
                                "end": form.get("school_year.end", "").strip()},
                "default_formation_start": form.get("default_formation_start", "").strip()}
    phases = []
    count = min(int(form.get("phase_count", "0") or 0), 50)
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
    raw_academies = form.get("academies", "").strip() or "{}"
    try:
        document["academies"] = json.loads(raw_academies)
    except ValueError:
        document["academies"] = raw_academies  # the validator reports it as not an object
    for extra in set(base) - set(document):
        document[extra] = base[extra]
    return document


@bp.route("/calendriers/<platform>/<campaign>", methods=["GET", "POST"])
def calendar_edit(platform, campaign):
    if not CAMPAIGN.match(campaign) or not re.match(r"^[a-z0-9_-]{2,40}$", platform):
        abort(404)
    key = f"{platform}/{campaign}"
    with database().session() as s:
        entry = find_entry(s, "calendar", key, ALL_SCOPE)
    document = _base_document(platform, campaign, entry)
    revision = entry.revision if entry else 0
    errors: dict[str, list[str]] = {}
    conflict = None
    status = 200
    if request.method == "POST":
        try:
            revision = int(request.form.get("revision", ""))
        except ValueError:
            abort(400)
        if request.form.get("document_json"):
            try:
                document = json.loads(request.form["document_json"])
            except ValueError:
                abort(400)
        else:
            document = document_from_form(request.form, platform, campaign, document)
        errors = calendar_problems(document)
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
    phases = list(document.get("phases") or []) if isinstance(document.get("phases"), list) else []
    # A provisional date on a weekend or a public holiday is refused (validate_campaign);
    # an announced one is only flagged, since the official source may really say so.
    warnings = {} if errors else calendar_warnings(document)
    return render_template(
        "admin/calendar_edit.html", key=key, platform=platform, campaign=campaign,
        document=document, phases=phases + [{}], entry=entry, revision=revision,
        errors=errors, warnings=warnings,
        academies=json.dumps(document.get("academies") or {}, ensure_ascii=False,
                             indent=2)), status
