"""The admin under attack (issue 17): logout and account changes end sessions, the
lockout's two separate limits, garbage in every form field never a 500, preview links
bound to the draft they were made for, no loopback partner origin in production."""
from __future__ import annotations

from html import unescape
import io
import json
import re

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from admin_helpers import (PASSWORD, AdminClient, add_user, admin_app_with_accounts,
                           admin_config, logged_in, revision_in)
from bff import create_app
from bff.storage import database
from bff.storage.models import User

EDIT = "/admin/textes/calendar.intro/_toutes"
CALENDAR = "/admin/calendriers/affelnet/2027"


def user_id(app, email: str) -> int:
    with app.app_context(), database().session() as s:
        return s.scalar(sa.select(User.id).where(User.email == email))


def opens_admin(app, cookie: str) -> bool:
    client = app.test_client()
    client.set_cookie("aw_admin", cookie, path="/admin")
    return client.get("/admin/").status_code == 200


def session_cookie(client: AdminClient) -> str:
    return client.http.get_cookie("aw_admin", path="/admin").value


# -- sessions ------------------------------------------------------------------------------
def test_a_cookie_kept_from_before_logout_is_dead(admin_app, editor):
    kept = session_cookie(editor)
    assert opens_admin(admin_app, kept)
    editor.get("/admin/")
    assert editor.post("/admin/logout").status_code == 302
    assert not opens_admin(admin_app, kept)
    # Logging in again gives a new, working session.
    again = logged_in(admin_app, "red@example.fr")
    assert opens_admin(admin_app, session_cookie(again))


@pytest.mark.parametrize("action, extra", [("role", {"role": "publisher"}),
                                           ("password", {"password": "un autre mot de passe"}),
                                           ("deactivate", {})])
def test_a_password_or_role_change_ends_the_accounts_sessions(admin_app, publisher, editor,
                                                              action, extra):
    kept = session_cookie(editor)
    assert opens_admin(admin_app, kept)
    publisher.get("/admin/comptes")
    response = publisher.post(f"/admin/comptes/{user_id(admin_app, 'red@example.fr')}",
                              dict(action=action, **extra))
    assert response.status_code == 302
    assert not opens_admin(admin_app, kept)


# -- lockout -------------------------------------------------------------------------------
def attempt(app, address: str, email: str, password: str) -> int:
    client = AdminClient(app)
    client.http.environ_base["REMOTE_ADDR"] = address
    return client.login(email, password).status_code


def test_per_address_failures_never_lock_the_right_password_out_from_elsewhere(admin_app):
    admin_app.config["ADMIN_LOCKOUT_IP_FAILURES"] = 8
    for index in range(8):
        assert attempt(admin_app, "192.0.2.10", f"inconnu{index}@example.fr", "x") == 400
    # That address is out, for every account and whatever the password...
    assert attempt(admin_app, "192.0.2.10", "pub@example.fr", PASSWORD) == 429
    # ...and nobody else is.
    assert attempt(admin_app, "192.0.2.11", "pub@example.fr", PASSWORD) == 302


def test_an_account_under_attack_stays_open_to_addresses_that_have_not_failed_on_it(admin_app):
    for _ in range(5):
        assert attempt(admin_app, "192.0.2.20", "red@example.fr", "faux") == 400
    assert attempt(admin_app, "192.0.2.20", "red@example.fr", PASSWORD) == 429
    # One try per further address while the account is over its limit.
    assert attempt(admin_app, "192.0.2.21", "red@example.fr", "encore faux") == 400
    assert attempt(admin_app, "192.0.2.21", "red@example.fr", PASSWORD) == 429
    # A fresh address: the right password works, and a failure on another account from
    # 192.0.2.20 does not matter to it.
    assert attempt(admin_app, "192.0.2.22", "red@example.fr", PASSWORD) == 302
    assert attempt(admin_app, "192.0.2.20", "pub@example.fr", PASSWORD) == 302


def test_ipv6_addresses_count_per_64_network(admin_app):
    admin_app.config["ADMIN_LOCKOUT_IP_FAILURES"] = 4
    for index in range(4):
        assert attempt(admin_app, f"2001:db8:1:2::{index + 1:x}", f"x{index}@example.fr",
                       "x") == 400
    assert attempt(admin_app, "2001:db8:1:2:ffff::9", "pub@example.fr", PASSWORD) == 429
    assert attempt(admin_app, "2001:db8:1:3::1", "pub@example.fr", PASSWORD) == 302


def test_failure_records_hold_no_email_nor_address(admin_app):
    attempt(admin_app, "192.0.2.30", "quelqu.un@example.fr", "faux")
    from bff.storage.models import LoginFailure
    with admin_app.app_context(), database().session() as s:
        subjects = list(s.scalars(sa.select(LoginFailure.subject)))
    assert len(subjects) == 3
    assert not [x for x in subjects if "example" in x or "192.0.2" in x]


# -- garbage in every admin form ----------------------------------------------------------
DEEP_LIST = "[" * 50_000 + "]" * 50_000
DEEP_OBJECT = '{"a":' * 20_000 + "1" + "}" * 20_000
# Sent to every field of every form; hypothesis adds text of its own choosing.
NASTY = [
    "", " ", "abc", "-1", "0", "2147483648", "9" * 5000, "²", "٣", "1_0", "1e9", "null",
    "[1,2]", "{}", '"texte"', "[]", DEEP_LIST, DEEP_OBJECT, '{"academies": ' + DEEP_LIST + "}",
    json.dumps({"phases": [1, 2], "school_year": [], "academies": []}), "\x00", "a\x00b",
    "<script>alert(1)</script>", "x" * 100_000, "http://localhost:*",
    "https://exemple.fr\nhttps://autre.fr", "#000091\n", "publisher", "deactivate",
    "password", "role", "save", "activate", "/admin/../", "https://evil.example/"]
TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
GARBAGE = st.one_of(TEXT, st.sampled_from(NASTY))


def valid_forms(app) -> dict[str, tuple[str, dict]]:
    """{name: (URL, a valid form)} per admin POST route (the ids and revisions of this app)."""
    editor_id = user_id(app, "red@example.fr")
    forms = {
        EDIT: {"value": "Texte.", "revision": "0", "use_default": ""},
        CALENDAR: {"revision": "0", "phase_count": "1", "title": "Affelnet 2027",
                   "updated": "2026-11-01", "school_year.start": "2027-09-01",
                   "school_year.end": "2028-07-04", "default_formation_start": "2027-09-01",
                   "phases.0.id": "wishes", "phases.0.title": "Vœux",
                   "phases.0.start": "2027-05-01", "phases.0.end": "2027-05-20",
                   "phases.0.source.title": "Source", "phases.0.source.url": "https://x.fr",
                   "academies": "{}", "document_json": ""},
        "/admin/publier": {"entry": "1", "revision-1": "1", "comment": "", "back": "/admin/"},
        "/admin/contenus/1/abandonner": {"revision": "1"},
        "/admin/contenus/1/restaurer": {"number": "1", "revision": "1", "comment": ""},
        "/admin/comptes": {"email": "nouveau@example.fr", "role": "editor",
                           "password": "un mot de passe assez long"},
        f"/admin/comptes/{editor_id}": {"action": "role", "role": "editor", "password": ""},
        "/admin/partenaires": {"name": "onisep", "label": "Onisep", "platform": "",
                               "allowed_origins": "https://www.onisep.fr",
                               "primary_color": "", "scheme": ""},
        "/admin/partenaires/demo": {"action": "save", "revision": "1", "label": "Démo",
                                    "platform": "", "allowed_origins": "", "primary_color": "",
                                    "scheme": ""},
    }
    return dict(zip(ROUTES, forms.items()))


ROUTES = ["text", "calendar", "publish", "discard", "restore", "users", "user", "partners",
          "partner"]


@pytest.mark.parametrize("route", ROUTES)
def test_garbage_in_any_admin_form_field_never_yields_a_500(admin_app, publisher, route):
    url, form = valid_forms(admin_app)[route]
    publisher.get(EDIT)  # a draft to publish, discard, restore
    publisher.post(EDIT, {"value": "Brouillon.", "revision": "0"})

    def answer(sent: dict) -> None:
        if route == "partner" and sent.get("revision") == form["revision"]:
            # The partner's current revision, so that the fields themselves are read.
            from bff.storage.partners import Partner
            with admin_app.app_context(), database().session() as s:
                sent["revision"] = str(s.scalar(sa.select(Partner.revision)
                                                .where(Partner.name == "demo")))
        response = publisher.post(url, sent)
        assert response.status_code < 500, (url, {k: v[:60] for k, v in sent.items()},
                                            response.get_data(as_text=True)[:500])

    for field in form:
        answer({k: v for k, v in form.items() if k != field})
        for value in NASTY:
            answer(dict(form, **{field: value}))

    @settings(max_examples=60, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(changes=st.dictionaries(st.sampled_from(sorted(form)), TEXT, min_size=1))
    def any_text(changes):
        answer(dict(form, **changes))

    any_text()
    # The publisher was never logged out along the way.
    assert publisher.get("/admin/").status_code == 200


def test_garbage_in_admin_query_strings_never_yields_a_500(admin_app, publisher):
    @settings(max_examples=150, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(url=st.sampled_from(["/admin/calendriers/nouveau?platform={}&campaign={}",
                                "/admin/contenus/1/comparer?de={}&a={}",
                                "/admin/contenus/{}/historique", "/admin/partenaires/{}",
                                "/admin/calendriers/{}/{}", "/admin/textes/{}/{}"]),
           values=st.lists(GARBAGE, min_size=2, max_size=2))
    def page_answers(url, values):
        from urllib.parse import quote
        response = publisher.http.get(url.format(*(quote(v[:5000], safe="") for v in values)))
        assert response.status_code < 500, (url, [v[:40] for v in values])

    page_answers()


def test_the_issues_calendar_posts_get_a_french_400(admin_app, editor):
    base = valid_forms(admin_app)["calendar"][1]
    editor.get(CALENDAR)
    for change, message in [
            ({"phase_count": "abc"}, "« phase_count » doit être un nombre entier"),
            ({"document_json": "[1,2]"}, "« document_json » doit être un objet JSON"),
            ({"document_json": DEEP_LIST}, "« document_json » imbrique plus de 20 niveaux"),
            ({"document_json": DEEP_OBJECT}, "« document_json » imbrique plus de 20 niveaux")]:
        response = editor.post(CALENDAR, dict(base, **change))
        assert response.status_code == 400, change
        assert message in response.get_data(as_text=True), change
    # Deep académies: the message is next to the field, and what was typed is kept.
    response = editor.post(CALENDAR, dict(base, academies=DEEP_OBJECT))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="f-academies-errors"' in html and "imbrique plus de 20 niveaux" in html
    assert '{&#34;a&#34;:{&#34;a&#34;:' in html or '{&quot;a&quot;:{&quot;a&quot;:' in html
    with admin_app.app_context(), database().session() as s:
        from bff.storage.content import entries
        assert entries(s, "calendar") == []


def test_a_deeply_nested_import_file_is_refused_in_french(admin_app, publisher):
    publisher.get("/admin/export-import")
    for content in (DEEP_LIST.encode(), json.dumps({
            "format": "apprentissage-widgets/contenus", "format_version": 1, "texts": [],
            "calendars": []})[:-1].encode() + b', "x": ' + DEEP_OBJECT.encode() + b"}",
            b"\xff\xfe", b"[1,2]"):
        response = publisher.post("/admin/import", {"file": (io.BytesIO(content), "c.json")},
                                  content_type="multipart/form-data")
        assert response.status_code == 400, content[:40]
        body = unescape(response.get_data(as_text=True))
        assert ("imbrique plus de 20 niveaux" in body or "n'est pas un JSON valide" in body
                or "n'est pas un export de contenus" in body), content[:40]


@pytest.fixture
def pg_schema_url(postgres_url):
    """A fresh schema of the session's PostgreSQL database, dropped after the test."""
    import uuid

    schema = f"s_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    yield f"{postgres_url}?options=-csearch_path%3D{schema}"
    with engine.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def test_nul_characters_are_refused_before_postgresql_sees_them(pg_schema_url):
    app = create_app(admin_config(pg_schema_url, DATABASE_AUTO_MIGRATE=True))
    try:
        add_user(app, "nul@example.fr", "publisher")
        client = logged_in(app, "nul@example.fr")
        html = client.get(EDIT).get_data(as_text=True)
        for form in ({"value": "Avec\x00nul", "revision": revision_in(html)},
                     {"value": "Texte", "revision": revision_in(html), "comment": "\x00"}):
            response = client.post(EDIT, form)
            assert response.status_code == 400, response.get_data(as_text=True)[:300]
            assert "caractère nul" in response.get_data(as_text=True)
        response = client.post(EDIT, {"value": "Avec\x01contrôle", "revision": revision_in(html)})
        assert response.status_code == 400
        assert "caractère de contrôle invisible (U+0001)" in response.get_data(as_text=True)
    finally:
        app.extensions["database"].dispose()


# -- preview links ------------------------------------------------------------------------
def preview_frames(client, entry_url: str) -> list[str]:
    html = client.get(entry_url).get_data(as_text=True)
    entry = int(re.search(r"/contenus/(\d+)/apercu", html).group(1))
    page = client.get(f"/admin/contenus/{entry}/apercu").get_data(as_text=True)
    return [src.replace("&amp;", "&") for src in re.findall(r'<iframe[^>]+src="([^"]+)"', page)]


def test_a_preview_link_shows_only_the_draft_it_was_made_for(admin_app, editor, publisher):
    anyone = admin_app.test_client()
    html = editor.get(EDIT).get_data(as_text=True)
    editor.post(EDIT, {"value": "Première version du brouillon.",
                       "revision": revision_in(html)})
    first = preview_frames(editor, EDIT)[0]
    assert "Première version du brouillon." in anyone.get(first).get_data(as_text=True)

    # The draft is edited: the old link no longer shows anything.
    html = editor.get(EDIT).get_data(as_text=True)
    editor.post(EDIT, {"value": "Seconde version du brouillon.", "revision": revision_in(html)})
    old = anyone.get(first)
    body = unescape(old.get_data(as_text=True))
    assert old.status_code == 410 and old.headers["Cache-Control"] == "no-store"
    assert "Ce lien d'aperçu n'est plus valable" in body
    assert "version du brouillon" not in body
    second = preview_frames(editor, EDIT)[0]
    assert "Seconde version du brouillon." in anyone.get(second).get_data(as_text=True)

    # Published: the draft is gone, and so is its preview.
    html = publisher.get(EDIT).get_data(as_text=True)
    entry = int(re.search(r'name="entry" value="(\d+)"', html).group(1))
    publisher.post("/admin/publier", {"entry": entry, f"revision-{entry}": revision_in(
        html.split('name="entry"')[1]), "back": EDIT})
    assert anyone.get(second).status_code == 410
    # A forged or truncated token is refused the same way, not shown as the public page.
    for token in ("x", second.split("preview=")[1][:-3]):
        forged = anyone.get(second.split("preview=")[0] + "preview=" + token)
        assert forged.status_code == 410


# -- partners in production -----------------------------------------------------------------
def test_production_refuses_loopback_partner_origins_in_the_admin(tmp_path):
    app = admin_app_with_accounts(tmp_path / "p.sqlite3", BFF_ENV="production",
                                  PUBLIC_URL="http://localhost")
    try:
        publisher = logged_in(app, "pub@example.fr")
        publisher.get("/admin/partenaires")
        for origin in ("http://localhost:*", "http://127.0.0.1:8080", "http://app.localhost"):
            response = publisher.post("/admin/partenaires", {
                "name": "essai", "label": "Essai", "platform": "", "primary_color": "",
                "scheme": "", "allowed_origins": f"https://www.exemple.fr\n{origin}"})
            assert response.status_code == 400, origin
            assert "Origine locale refusée en production" in response.get_data(as_text=True)
    finally:
        app.extensions["database"].dispose()
