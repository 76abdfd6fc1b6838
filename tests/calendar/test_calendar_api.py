"""GET /api/v1/calendar and the widget page: contract shape, published overrides, bad input."""
from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calendar_fixtures import bundled, next_year_campaign

API = "/api/v1/calendar"
PAGE = "/widgets/v1/calendar"


def get(client, path, **params):
    return client.get(f"{path}?{urlencode(params)}")


def test_answer_has_exactly_the_contract_shape(client):
    response = get(client, API, platform="parcoursup", formation_start="2026-09-01",
                   today="2026-06-05")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"platform", "campaign", "steps", "next_deadline", "advice"}
    assert (body["platform"], body["campaign"]) == ("parcoursup", "2026")
    for step in body["steps"]:
        assert set(step) == {"id", "title", "start", "end", "status", "kind"}
    steps = {s["id"]: s for s in body["steps"]}
    assert steps["admission"]["status"] == "current"
    assert steps["wishes"] == {"id": "wishes", "title": "Inscription et formulation des vœux",
                               "start": "2026-01-19", "end": "2026-03-12", "status": "done",
                               "kind": "platform"}
    assert steps["grace_period_end"]["start"] == "2026-11-30"
    assert steps["contract_window"]["kind"] == "apprenticeship"
    assert body["next_deadline"] == {"id": "admission", "date": "2026-07-11", "days_left": 36}
    assert "retenu sous réserve de contrat" in body["advice"]


def test_platform_comes_from_the_caller_and_defaults_apply(client):
    body = get(client, API, caller="affelnet", today="2026-05-10").get_json()
    assert body["platform"] == "affelnet"
    steps = {s["id"]: s for s in body["steps"]}
    assert steps["training_start"]["start"] == "2026-09-01"   # documented default
    assert steps["wishes"]["status"] == "current"
    # The provisional end moved off Whit Monday (25 May 2026) to the Friday before.
    assert "22 mai 2026" in body["advice"]


def test_today_defaults_to_the_date_in_paris(client):
    body = get(client, API, platform="parcoursup", formation_start="2026-09-01").get_json()
    today = datetime.now(ZoneInfo("Europe/Paris")).date().isoformat()
    steps = {s["id"]: s for s in body["steps"]}
    training = steps["training_start"]["start"]
    expected = "done" if training < today else "current" if training == today else "upcoming"
    assert steps["training_start"]["status"] == expected


def test_explicit_campaign_and_the_next_rentree(client):
    body = get(client, API, platform="parcoursup", formation_start="2027-09-01",
               today="2026-11-29").get_json()
    assert body["campaign"] == "2027"
    assert {s["status"] for s in body["steps"]} == {"upcoming"}
    assert body["next_deadline"] == {"id": "wishes", "date": "2027-03-11", "days_left": 102}
    assert "18 janvier 2027" in body["advice"]
    body = get(client, API, platform="parcoursup", campaign="2026", today="2026-11-29").get_json()
    assert body["campaign"] == "2026"


def test_academie_code_accepts_one_or_two_digits(client):
    one = get(client, API, platform="affelnet", academie="1", today="2026-05-10")
    two = get(client, API, platform="affelnet", academie="01", today="2026-05-10")
    assert one.status_code == two.status_code == 200
    assert one.get_json() == two.get_json()


@pytest.mark.parametrize("params, field, words", [
    ({"platform": "apb"}, "platform", "Plateforme inconnue"),
    ({}, "platform", "obligatoire"),
    ({"platform": "affelnet", "academie": "99"}, "academie", "Académie inconnue"),
    ({"platform": "affelnet", "academie": "Paris"}, "academie", "Académie inconnue"),
    ({"platform": "parcoursup", "formation_start": "2026-02-30"}, "formation_start",
     "Date impossible"),
    ({"platform": "parcoursup", "formation_start": "1/9/2026"}, "formation_start",
     "Date impossible"),
    ({"platform": "parcoursup", "formation_start": "2028-09-01"}, "formation_start",
     "Parcoursup 2026, du 1er août 2026 au 31 juillet 2027 ; Parcoursup 2027"),
    ({"platform": "parcoursup", "campaign": "2026", "formation_start": "2027-09-01"},
     "formation_start", "Parcoursup 2026, du 1er août 2026 au 31 juillet 2027."),
    ({"platform": "parcoursup", "campaign": "2031"}, "campaign", "Campagnes disponibles : 2026"),
    ({"platform": "parcoursup", "campaign": "26"}, "campaign", "4 chiffres"),
    ({"platform": "parcoursup", "formation_start": "2026-07-31"}, "formation_start",
     "Aucun calendrier"),
    ({"platform": "parcoursup", "today": "2026-13-01"}, "today", "Date impossible"),
    ({"platform": "parcoursup", "today": "1900-01-01"}, "today", "entre 2000 et 2100"),
    ({"platform": "parcoursup", "caller": "inconnu"}, "caller", "n'est pas enregistrée"),
])
@pytest.mark.parametrize("path", [API, API + ".ics"])
def test_bad_input_answers_400_with_errors_by_field(client, path, params, field, words):
    response = get(client, path, **params)
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert field in errors
    assert any(words in message for message in errors[field])


def test_several_bad_fields_are_reported_together(client):
    errors = get(client, API, platform="x", academie="0", today="hier").get_json()["errors"]
    assert set(errors) == {"platform", "academie", "today"}


def test_published_override_is_preferred_and_invalid_one_ignored(client, published):
    document = bundled("parcoursup-2026")
    document["phases"][0]["end"] = "2026-03-19"
    published.calendars[("parcoursup", "2026")] = document
    body = get(client, API, platform="parcoursup", today="2026-03-01").get_json()
    assert body["next_deadline"] == {"id": "wishes", "date": "2026-03-19", "days_left": 18}
    document = bundled("parcoursup-2026")
    document["phases"][0]["end"] = "2025-01-01"          # fails validate_campaign
    published.calendars[("parcoursup", "2026")] = document
    body = get(client, API, platform="parcoursup", today="2026-03-01").get_json()
    assert body["next_deadline"]["date"] == "2026-03-12"


def test_campaign_published_without_a_file_is_used(client, published):
    published.calendars[("parcoursup", "2028")] = next_year_campaign(2)
    body = get(client, API, platform="parcoursup", formation_start="2028-09-01",
               today="2028-02-01").get_json()
    assert body["campaign"] == "2028"
    assert {s["id"]: s["status"] for s in body["steps"]}["wishes"] == "current"


def test_published_academie_dates_apply(client, published):
    document = bundled("affelnet-2026")
    document["academies"] = {"25": {"phases": {"wishes": {"start": "2026-04-27",
                                                           "end": "2026-05-18"}}}}
    published.calendars[("affelnet", "2026")] = document
    versailles = get(client, API, platform="affelnet", academie="25", today="2026-05-20")
    national = get(client, API, platform="affelnet", academie="24", today="2026-05-20")
    assert {s["id"]: s["status"] for s in versailles.get_json()["steps"]}["wishes"] == "done"
    assert {s["id"]: s["status"] for s in national.get_json()["steps"]}["wishes"] == "current"


def test_caller_text_override_changes_the_advice(client, published):
    published.texts[("calendar.advice.parcoursup.admission", "parcoursup")] = (
        "Répondez vite, avant le {date}.")
    body = get(client, API, caller="parcoursup", today="2026-06-05").get_json()
    assert body["advice"] == "Répondez vite, avant le 11 juillet 2026."
    body = get(client, API, caller="demo", platform="parcoursup", today="2026-06-05").get_json()
    assert body["advice"].startswith("Répondez à chaque proposition")


QUERY_NAMES = st.sampled_from(["caller", "platform", "formation_start", "academie", "today",
                               "campaign", "host_origin", "x"])
VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["parcoursup", "affelnet", "demo", "01", "1", "70", "2026-09-01",
                     "2027-01-04", "2028-02-29", "2026-02-29", "9999-12-31", "0001-01-01",
                     "2100-12-31", "2000-01-01", "2026", "2027", "2099", ""]),
    st.dates().map(lambda d: d.isoformat()))


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.lists(st.tuples(QUERY_NAMES, VALUES), max_size=6),
       path=st.sampled_from([API, API + ".ics", PAGE]))
def test_no_query_string_yields_a_500(client, params, path):
    response = client.get(f"{path}?{urlencode(params)}")
    assert response.status_code in (200, 400), response.get_data(as_text=True)[:300]
    if path == API and response.status_code == 400:
        errors = response.get_json()["errors"]
        assert errors and all(isinstance(m, list) and m for m in errors.values())


def test_page_shows_the_timeline_without_javascript(client):
    response = get(client, PAGE, caller="demo", platform="parcoursup",
                   formation_start="2026-09-01", today="2026-06-05")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>" not in html and 'style="' not in html
    assert html.count('aria-current="step"') == 1
    assert 'data-step="admission"' in html.split('aria-current="step"')[1][:60]
    assert '<time datetime="2026-09-01">1er septembre 2026</time>' in html
    assert 'aria-hidden="true">J-36</span>' in html and "dans 36 jours" in html
    assert "/api/v1/calendar.ics?" in html and "Ajouter à mon agenda" in html
    assert "https://www.parcoursup.gouv.fr/" in html and "mil-osi1" not in html
    assert "Calendrier mis à jour le 29 novembre 2026." in html
    assert "Set-Cookie" not in response.headers


def test_page_bad_parameters_render_a_french_400_in_the_widget_shell(client):
    response = get(client, PAGE, caller="demo", platform="parcoursup",
                   formation_start="2026-02-30", host_origin="http://localhost:8000")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'class="aw-widget"' in html and "js/frame.js" in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="formation_start-hint formation_start-error"' in html
    assert "Date impossible" in html
    assert 'data-host-origin="http://localhost:8000"' in html
    response = get(client, PAGE, caller="demo", platform="apb")
    assert response.status_code == 400
    assert "Plateforme inconnue" in response.get_data(as_text=True)


def test_page_requires_a_known_caller(client):
    assert get(client, PAGE, platform="parcoursup").status_code == 400
    assert get(client, PAGE, caller="nobody", platform="parcoursup").status_code == 400


def test_page_affelnet_shows_provisional_and_national_notices(client):
    html = get(client, PAGE, caller="affelnet", today="2026-05-10").get_data(as_text=True)
    assert "Dates indicatives" in html and "Dates nationales" in html


def test_page_uses_admin_texts(client, published):
    published.texts[("calendar.steps_title", "*")] = "Votre parcours"
    published.texts[("calendar.step.training_start", "demo")] = "Rentrée au CFA"
    html = get(client, PAGE, caller="demo", platform="parcoursup", campaign="2026",
               today="2026-06-05").get_data(as_text=True)
    assert ">Votre parcours</h2>" in html and ">Rentrée au CFA</h3>" in html


def test_calendar_published_in_the_admin_database_is_served(app, client):
    """The real path: the admin's store (SQLite here) publishes, the API serves it."""
    import json

    from bff.storage import database
    from bff.storage.content import find_entry, publish, save_draft
    from bff.storage.models import ALL_SCOPE

    document = bundled("parcoursup-2026")
    document["phases"][0]["end"] = "2026-03-19"
    with app.app_context(), database().session() as s:
        entry = find_entry(s, "calendar", "parcoursup/2026", ALL_SCOPE)
        entry = save_draft(s, "calendar", "parcoursup/2026", ALL_SCOPE, json.dumps(document),
                           entry.revision if entry else 0, "test@example.fr")
        publish(s, [(entry.id, entry.revision)], "test@example.fr", "test")
    app.extensions["content_store"].refresh()
    body = get(client, API, platform="parcoursup", campaign="2026", today="2026-03-01").get_json()
    assert body["next_deadline"] == {"id": "wishes", "date": "2026-03-19", "days_left": 18}
