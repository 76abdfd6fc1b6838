"""Editing through the admin: validation, drafts, publication, history, diff, rollback,
conflicts, audit log, fallback platform → all → default as widgets see it."""
from __future__ import annotations

import json
import re

import sqlalchemy as sa

from bff.storage import database
from bff.storage.content import audit_events
from bff.storage.models import User
from bff.context import text_value
from admin_helpers import AdminClient, entry_id_in, logged_in, revision_in
from widgets.texts import TEXTS

KEY = "calendar.intro"
EDIT = f"/admin/textes/{KEY}/_toutes"


def widget_text(app, caller, key=KEY):
    """The text a widget of ``caller`` shows, before rendering."""
    with app.test_request_context(f"/widgets/v1/calendar?caller={caller}"):
        app.preprocess_request()   # resolves the request context, as for a real request
        return text_value(key)


def save(client, url, value, **extra):
    page = client.get(url)
    data = {"value": value, "revision": revision_in(page.get_data(as_text=True))}
    data.update(extra)
    return client.post(url, data)


def publish_from(client, url, comment=""):
    html = client.get(url).get_data(as_text=True)
    entry = entry_id_in(html)
    return client.post("/admin/publier", {"entry": entry, f"revision-{entry}": revision_in(
        html.split('name="entry"')[1]), "comment": comment, "back": url}), entry


def test_unknown_placeholder_and_too_long_are_refused_in_french_and_nothing_is_saved(editor):
    response = save(editor, EDIT, "Bonjour {prenom}")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Variable inconnue : {prenom}" in html and 'aria-invalid="true"' in html
    assert 'aria-describedby="value-count value-errors"' in html
    response = save(editor, EDIT, "x" * (TEXTS[KEY].max_length + 1))
    assert response.status_code == 400
    assert f"le maximum est {TEXTS[KEY].max_length}" in response.get_data(as_text=True)
    with editor.app.app_context(), database().session() as s:
        from bff.storage.content import entries
        assert entries(s) == []


def test_fallback_caller_then_all_then_default(admin_app, editor, publisher):
    default = TEXTS[KEY].default
    assert widget_text(admin_app, "parcoursup") == default
    assert save(editor, EDIT, "Pour tout le monde.").status_code == 302
    assert save(editor, f"/admin/textes/{KEY}/parcoursup", "Pour Parcoursup.").status_code == 302
    # Drafts are not served.
    assert widget_text(admin_app, "parcoursup") == default
    for url in (EDIT, f"/admin/textes/{KEY}/parcoursup"):
        response, _ = publish_from(publisher, url)
        assert response.status_code == 302
    admin_app.extensions["content_store"].refresh()
    assert widget_text(admin_app, "parcoursup") == "Pour Parcoursup."
    assert widget_text(admin_app, "affelnet") == "Pour tout le monde."
    page = admin_app.test_client().get("/widgets/v1/calendar?caller=affelnet")
    assert "Pour tout le monde." in page.get_data(as_text=True)
    # Back to the default for parcoursup: the all-callers text applies again.
    save(editor, f"/admin/textes/{KEY}/parcoursup", "", use_default="1")
    publish_from(publisher, f"/admin/textes/{KEY}/parcoursup")
    admin_app.extensions["content_store"].refresh()
    assert widget_text(admin_app, "parcoursup") == "Pour tout le monde."


def test_one_scope_order_for_every_widget_caller_platform_all_default(admin_app, editor,
                                                                     publisher):
    """A platform's override reaches every partner of that platform, in every widget; a
    caller's override reaches that caller only, in every widget (the guide used to read a
    caller named like a platform as the platform)."""
    guide_key = "guide.title"
    platform_url = f"/admin/textes/{guide_key}/_plateforme-affelnet"
    calendar_url = f"/admin/textes/{KEY}/_plateforme-affelnet"
    page = editor.get(platform_url)
    assert page.status_code == 200 and "Tous les partenaires Affelnet" in page.get_data(
        as_text=True)
    assert save(editor, platform_url, "Le guide des partenaires Affelnet").status_code == 302
    assert save(editor, calendar_url, "Calendrier des partenaires Affelnet.").status_code == 302
    parcoursup_caller = f"/admin/textes/{guide_key}/parcoursup"
    assert save(editor, parcoursup_caller, "Le guide du seul partenaire Parcoursup").status_code == 302
    for url in (platform_url, calendar_url, parcoursup_caller):
        assert publish_from(publisher, url)[0].status_code == 302
    admin_app.extensions["content_store"].refresh()
    client = admin_app.test_client()

    def shown(path):
        return client.get(path).get_data(as_text=True)

    # demo has no platform of its own: the platform parameter chooses the wording.
    assert "Le guide des partenaires Affelnet" in shown("/widgets/v1/guide?caller=demo&platform=affelnet")
    assert "Calendrier des partenaires Affelnet." in shown(
        "/widgets/v1/calendar?caller=demo&platform=affelnet")
    assert "Calendrier des partenaires Affelnet." in shown("/widgets/v1/calendar?caller=affelnet")
    # The caller parcoursup's own override is its own, in the guide too.
    assert "Le guide du seul partenaire Parcoursup" in shown("/widgets/v1/guide?caller=parcoursup")
    assert "Le guide du seul partenaire Parcoursup" not in shown(
        "/widgets/v1/guide?caller=demo&platform=parcoursup")
    # The edit page of a caller shows what it inherits from its platform.
    inherited = editor.get(f"/admin/textes/{guide_key}/affelnet").get_data(as_text=True)
    assert "Le guide des partenaires Affelnet" in inherited


def test_editor_saves_drafts_but_cannot_publish(editor):
    assert save(editor, EDIT, "Brouillon de rédaction.").status_code == 302
    html = editor.get(EDIT).get_data(as_text=True)
    assert "Brouillon de rédaction." in html and "Publier le brouillon" not in html
    entry = int(re.search(r"/contenus/(\d+)/apercu", html).group(1))
    response = editor.post("/admin/publier", {"entry": entry, f"revision-{entry}": revision_in(html)})
    assert response.status_code == 403
    assert editor.get("/admin/comptes").status_code == 403


def test_publish_history_diff_rollback_and_audit(admin_app, publisher):
    save(publisher, EDIT, "Première version publiée.")
    publish_from(publisher, EDIT, comment="première")
    save(publisher, EDIT, "Deuxième version publiée.")
    _, entry = publish_from(publisher, EDIT, comment="deuxième")
    history = publisher.get(f"/admin/contenus/{entry}/historique").get_data(as_text=True)
    assert "première" in history and "deuxième" in history and "pub@example.fr" in history
    diff = publisher.get(f"/admin/contenus/{entry}/comparer?de=1&a=2").get_data(as_text=True)
    assert re.search(r"<del>.*Première.*</del>", diff) and re.search(r"<ins>.*Deuxième.*</ins>", diff)
    # Rollback publishes version 1 again, as version 3.
    response = publisher.post(f"/admin/contenus/{entry}/restaurer",
                              {"number": "1", "revision": revision_in(history)})
    assert response.status_code == 302
    history = publisher.get(f"/admin/contenus/{entry}/historique").get_data(as_text=True)
    assert "Retour à la version 1" in history
    admin_app.extensions["content_store"].refresh()
    assert widget_text(admin_app, "affelnet") == "Première version publiée."
    with admin_app.app_context(), database().session() as s:
        actions = [e.action for e in audit_events(s)]
    for action in ("login", "draft-save", "publish", "rollback"):
        assert action in actions
    assert "rollback" in publisher.get("/admin/journal").get_data(as_text=True)


def test_two_editors_from_the_same_version_get_a_conflict_showing_both(admin_app, editor):
    other = logged_in(admin_app, "pub@example.fr")
    mine = editor.get(EDIT).get_data(as_text=True)
    theirs = other.get(EDIT).get_data(as_text=True)
    assert revision_in(mine) == revision_in(theirs)
    first = other.post(EDIT, {"value": "Texte de la publication.", "revision": revision_in(theirs)})
    assert first.status_code == 302
    second = editor.post(EDIT, {"value": "Texte de la rédaction.", "revision": revision_in(mine)})
    html = second.get_data(as_text=True)
    assert second.status_code == 409
    assert "Texte de la publication." in html and "Texte de la rédaction." in html
    # Nothing was overwritten: the stored draft is the first one.
    assert "Texte de la publication." in editor.get(EDIT).get_data(as_text=True)
    # Choosing "mine" from the conflict page saves it on top of the current revision.
    retry = editor.post(EDIT, {"value": "Texte de la rédaction.", "revision": revision_in(html)})
    assert retry.status_code == 302
    assert "Texte de la rédaction." in editor.get(EDIT).get_data(as_text=True)


def test_calendar_is_edited_as_validated_structured_data(admin_app, editor, publisher):
    widget = admin_app.test_client().get("/widgets/v1/calendar?caller=parcoursup")
    campaign = re.search(r"Calendrier Parcoursup (20\d\d)", widget.get_data(as_text=True)).group(1)
    url = f"/admin/calendriers/parcoursup/{campaign}"
    html = editor.get(url).get_data(as_text=True)
    assert 'name="phases.0.start"' in html and 'type="date"' in html
    form = dict(re.findall(r'<input class="fr-input" type="[a-z]+" id="[^"]+" name="([^"]+)" '
                           r'value="([^"]*)"', html))
    form.update(revision=revision_in(html), phase_count=re.search(
        r'name="phase_count" value="(\d+)"', html).group(1), academies="{}")
    for checkbox in re.findall(r'name="(phases\.\d+\.provisional)" value="1" checked', html):
        form[checkbox] = "1"
    form["phases.0.note"] = ""
    # The end of a phase before its start is refused next to the field.
    bad = dict(form, **{"phases.0.end": "2026-01-01", "phases.0.start": "2026-02-01"})
    response = editor.post(url, bad)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "La date de fin doit être le jour du début ou après." in body
    assert 'id="f-phases-0-end-errors"' in body
    good = dict(form, title=f"Parcoursup {campaign} (corrigé)")
    assert editor.post(url, good).status_code == 302
    response, _ = publish_from(publisher, url)
    assert response.status_code == 302
    store = admin_app.extensions["content_store"]
    store.refresh()
    assert store.calendar_override("parcoursup", campaign)["title"] == f"Parcoursup {campaign} (corrigé)"
    page = admin_app.test_client().get("/widgets/v1/calendar?caller=parcoursup")
    assert f"Parcoursup {campaign} (corrigé)" in page.get_data(as_text=True)


def test_preview_renders_the_draft_only_with_a_signed_token_and_sets_no_cookie(admin_app,
                                                                                editor):
    save(editor, f"/admin/textes/{KEY}/parcoursup", "Texte en aperçu seulement.")
    html = editor.get(f"/admin/textes/{KEY}/parcoursup").get_data(as_text=True)
    entry = int(re.search(r"/contenus/(\d+)/apercu", html).group(1))
    preview = editor.get(f"/admin/contenus/{entry}/apercu").get_data(as_text=True)
    frames = re.findall(r'<iframe[^>]+src="([^"]+)"', preview)
    assert len(frames) == 2 and all("caller=parcoursup" in f for f in frames)
    src = frames[0].replace("&amp;", "&")
    widget = editor.http.get(src)
    assert "Texte en aperçu seulement." in widget.get_data(as_text=True)
    assert "Set-Cookie" not in widget.headers
    assert widget.headers["Cache-Control"] == "no-store"
    assert "'self'" in widget.headers["Content-Security-Policy"].split("frame-ancestors")[1]
    public = admin_app.test_client().get("/widgets/v1/calendar?caller=parcoursup")
    assert "Texte en aperçu seulement." not in public.get_data(as_text=True)
    forged = admin_app.test_client().get(src.replace("preview=", "preview=x"))
    assert "Texte en aperçu seulement." not in forged.get_data(as_text=True)


def test_export_then_import_round_trip_and_a_broken_file_changes_nothing(admin_app, publisher):
    save(publisher, EDIT, "Texte exporté.")
    publish_from(publisher, EDIT)
    exported = publisher.get("/admin/export")
    assert exported.headers["Content-Disposition"].startswith("attachment")
    document = json.loads(exported.get_data(as_text=True))
    assert {"key": KEY, "scope": "*", "value": "Texte exporté.", "version": 1} in document["texts"]

    broken = dict(document, texts=document["texts"] + [
        {"key": "pay.heading", "scope": "*", "value": "Titre valide"},
        {"key": KEY, "scope": "affelnet", "value": "{inconnue}"}])
    broken["texts"][0] = dict(broken["texts"][0], value="Changé par un import cassé.")
    publisher.get("/admin/export-import")
    response = publisher.post("/admin/import", {"file": (_file(broken), "contenus.json")},
                              content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Variable inconnue : {inconnue}" in response.get_data(as_text=True)
    after = json.loads(publisher.get("/admin/export").get_data(as_text=True))
    assert after["texts"] == document["texts"] and after["calendars"] == document["calendars"]

    for bad in (b"{not json", json.dumps({"format": "autre"}).encode()):
        response = publisher.post("/admin/import", {"file": (_raw(bad), "x.json")},
                                  content_type="multipart/form-data")
        assert response.status_code == 400

    valid = dict(document, texts=[{"key": KEY, "scope": "affelnet", "value": "Importé."}])
    response = publisher.post("/admin/import", {"file": (_file(valid), "contenus.json")},
                              content_type="multipart/form-data")
    assert response.status_code == 302
    admin_app.extensions["content_store"].refresh()
    assert widget_text(admin_app, "affelnet") == "Importé."
    # The file is the whole published state: the all-callers text went back to its default.
    assert widget_text(admin_app, "parcoursup") == TEXTS[KEY].default


def _file(document):
    return _raw(json.dumps(document).encode())


def _raw(data: bytes):
    import io
    return io.BytesIO(data)


def test_publisher_manages_accounts(admin_app, publisher):
    publisher.get("/admin/comptes")
    response = publisher.post("/admin/comptes", {"email": "nouveau@example.fr", "role": "editor",
                                                 "password": "court"})
    assert response.status_code == 400
    assert "au moins 12 caractères" in response.get_data(as_text=True)
    response = publisher.post("/admin/comptes", {"email": "nouveau@example.fr", "role": "editor",
                                                 "password": "un autre mot de passe"})
    assert response.status_code == 302
    newcomer = AdminClient(admin_app)
    assert newcomer.login("nouveau@example.fr", "un autre mot de passe").status_code == 302
    with admin_app.app_context(), database().session() as s:
        user_id = s.scalar(sa.select(User.id).where(User.email == "nouveau@example.fr"))
    publisher.post(f"/admin/comptes/{user_id}", {"action": "deactivate"})
    # A deactivated account's open session stops working at once.
    assert newcomer.get("/admin/").status_code == 302
    assert newcomer.login("nouveau@example.fr", "un autre mot de passe").status_code == 400
    with admin_app.app_context(), database().session() as s:
        actions = [e.action for e in audit_events(s)]
    assert "user-create" in actions and "user-deactivate" in actions


def test_dashboard_lists_drafts_and_guide_entries_due_for_review(admin_app, editor, monkeypatch):
    from datetime import date

    import bff.admin.pages
    from widgets.guide.review import due_for_review

    save(editor, EDIT, "Un brouillon en attente.")
    monkeypatch.setattr(bff.admin.pages, "today", lambda: date(2031, 1, 1))
    html = editor.get("/admin/").get_data(as_text=True)
    assert "Texte « Phrase d&#39;introduction » — Toutes les plateformes" in html
    due = due_for_review(date(2031, 1, 1))
    assert due and all(str(html).count(item.title.replace("'", "&#39;")) >= 1 for item in due)


def test_calendar_preview_shows_the_edited_campaign_with_its_draft(admin_app, editor):
    url = "/admin/calendriers/parcoursup/2026"
    html = editor.get(url).get_data(as_text=True)
    form = dict(re.findall(r'<input class="fr-input" type="[a-z]+" id="[^"]+" name="([^"]+)" '
                           r'value="([^"]*)"', html))
    form.update(revision=revision_in(html), academies="{}", title="Parcoursup 2026 en aperçu",
                phase_count=re.search(r'name="phase_count" value="(\d+)"', html).group(1))
    assert editor.post(url, form).status_code == 302
    html = editor.get(url).get_data(as_text=True)
    entry = int(re.search(r"/contenus/(\d+)/apercu", html).group(1))
    preview = editor.get(f"/admin/contenus/{entry}/apercu").get_data(as_text=True)
    frames = [f.replace("&amp;", "&") for f in re.findall(r'<iframe[^>]+src="([^"]+)"', preview)]
    assert frames and all("caller=parcoursup" in f and "campaign=2026" in f for f in frames)
    page = editor.http.get(frames[0]).get_data(as_text=True)
    assert "Parcoursup 2026 en aperçu" in page
    public = admin_app.test_client().get(frames[0].split("&preview=")[0] + "&campaign=2026")
    assert "Parcoursup 2026 en aperçu" not in public.get_data(as_text=True)


def test_pay_preview_also_shows_an_example_result(admin_app, editor):
    from widgets.texts import TEXTS as DEFINED
    result_keys = [k for k in DEFINED if k.startswith("pay.result")] or ["pay.heading"]
    key = result_keys[0]
    url = f"/admin/textes/{key}/parcoursup"
    value = "Texte de résultat en aperçu."
    if DEFINED[key].placeholders:
        value += " " + " ".join("{%s}" % p for p in DEFINED[key].placeholders)
    assert save(editor, url, value).status_code == 302
    html = editor.get(url).get_data(as_text=True)
    entry = int(re.search(r"/contenus/(\d+)/apercu", html).group(1))
    preview = editor.get(f"/admin/contenus/{entry}/apercu").get_data(as_text=True)
    frames = [f.replace("&amp;", "&") for f in re.findall(r'<iframe[^>]+src="([^"]+)"', preview)]
    assert len(frames) == 4 and "Exemple de résultat" in preview
    example = [f for f in frames if "birth_month=" in f][0]
    page = editor.http.get(example)
    assert page.status_code == 200 and "Texte de résultat en aperçu." in page.get_data(as_text=True)
