"""The calendar's link to action and its compact variant (view=now), shared with the wish
summary: the employer-search step carries "Trouver un employeur" to the offer search for
the training's codes and place."""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

PAGE = "/widgets/v1/calendar"
BASE = {"caller": "parcoursup", "platform": "parcoursup", "formation_start": "2027-09-01",
        "romes": "M1805", "insee": "75056", "host_origin": "http://localhost:8123"}


def html(client, **params) -> str:
    response = client.get(PAGE + "?" + urlencode(params))
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return unescape(response.get_data(as_text=True))


def step(page: str, step_id: str) -> str:
    return re.search(rf'<li [^>]*data-step="{step_id}">.*?</li>', page, re.S).group(0)


def link(fragment: str, text: str) -> str | None:
    found = re.search(rf'<a [^>]*href="([^"]+)"[^>]*>{re.escape(text)}</a>', fragment)
    return found.group(1) if found else None


def query(href: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}


def test_current_employer_search_step_links_to_the_offer_search_for_the_training(client):
    page = html(client, **BASE, today="2027-02-01")
    href = link(step(page, "employer_search"), "Trouver un employeur")
    assert href and href.startswith("/widgets/v1/offer-search?")
    assert query(href) == {"romes": "M1805", "insee": "75056", "caller": "parcoursup",
                           "host_origin": "http://localhost:8123"}
    assert client.get(href).status_code == 200
    # Only the step under way carries it.
    assert link(step(page, "contract_window"), "Trouver un employeur") is None


def test_no_action_before_the_employer_search_starts(client):
    page = html(client, **BASE, today="2026-12-01")
    assert "Trouver un employeur" not in step(page, "employer_search")


def test_without_codes_the_action_opens_the_offer_search_form(client):
    page = html(client, caller="parcoursup", platform="parcoursup", today="2027-02-01")
    href = link(step(page, "employer_search"), "Trouver un employeur")
    assert query(href) == {"caller": "parcoursup"}


def test_the_form_keeps_the_codes_so_the_action_survives_a_new_date(client):
    page = html(client, **BASE, today="2027-02-01")
    form = re.search(r"<form .*?</form>", page, re.S).group(0)
    assert '<input type="hidden" name="romes" value="M1805">' in form
    assert '<input type="hidden" name="insee" value="75056">' in form


def test_compact_view_shows_now_the_next_deadline_and_one_action(client):
    page = html(client, **BASE, today="2027-02-01", view="now")
    assert "Où en êtes-vous" in page and "<ol" not in page          # no timeline
    assert "Vœux jusqu'au 11 mars 2027 : cherchez un employeur dès maintenant." in page
    assert re.search(r'aria-hidden="true">J-38<', page)
    assert "Prochaine échéance le 11 mars 2027 : Inscription et formulation des vœux" in page
    assert len(re.findall(r'class="fr-btn[^"]*"', page)) == 1       # one action
    action = link(page, "Trouver un employeur")
    assert query(action)["romes"] == "M1805"
    full = link(page, "Voir toutes les étapes du calendrier")
    assert "view" not in query(full) and query(full)["today"] == "2027-02-01"
    assert "<ol" in html(client, **query(full))


@pytest.mark.parametrize("today, phase_text", [
    ("2026-12-01", "Les vœux ouvrent le 18 janvier 2027"),
    ("2027-03-20", "Confirmez chaque vœu avant le 31 mars 2027"),
    ("2027-08-20", "Phase complémentaire jusqu'au 9 septembre 2027"),
    ("2027-09-01", "La formation commence aujourd'hui ; sans contrat, jusqu'au 30 novembre 2027"),
    ("2027-10-01", "Formation commencée sans contrat : trouvez un employeur avant le 30 novembre 2027."),
])
def test_compact_view_names_the_phase_in_one_short_sentence(client, today, phase_text):
    page = html(client, **BASE, today=today, view="now")
    sentence = re.search(r'<p class="aw-now__sentence">(.*?)</p>', page, re.S).group(1)
    assert phase_text in sentence and len(sentence) <= 120


@pytest.mark.parametrize("field, value", [("romes", "F16O3"), ("insee", "7505"),
                                          ("view", "tiny"), ("cfd", "1")])
def test_bad_new_parameters_are_a_400_on_the_api(client, field, value):
    response = client.get("/api/v1/calendar?" + urlencode(
        {"platform": "parcoursup", field: value}))
    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == [field]
