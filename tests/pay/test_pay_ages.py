"""Who may be an apprentice (Code du travail L6222-1, L6222-2) and what an offer below the
minimum misses, in the rules, the JSON API, the widget page and real Chromium."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from html import unescape
from urllib.parse import urlencode

import pytest

from widgets.pay.rules import AGE_15_AFTER_3E, AGE_30_PLUS, age_notes, simulate

API = "/api/v1/pay-simulation"
PAGE = "/widgets/v1/pay-simulator"
START = "2026-09-01"
L6222_1 = "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000037385933"


def api(client, **params):
    return client.get(API + "?" + urlencode({"contract_start": START, **params}))


def page(client, **params):
    query = urlencode({"caller": "demo", "contract_start": START, **params})
    response = client.get(PAGE + "?" + query)
    return response, unescape(response.get_data(as_text=True))


# -- the rule ------------------------------------------------------------------------------

@pytest.mark.parametrize("birth, expected", [
    (date(2011, 9, 1), (AGE_15_AFTER_3E,)),    # 15 in the start's month: counted as reached
    (date(2011, 1, 1), (AGE_15_AFTER_3E,)),
    (date(2010, 9, 1), ()),                    # 16
    (date(1997, 10, 1), ()),                   # 28, 29 in October: 29 "révolus" is allowed
    (date(1996, 10, 1), ()),                   # 29 at the start
    (date(1996, 9, 1), (AGE_30_PLUS,)),        # 30 in the start's month
    (date(1980, 1, 1), (AGE_30_PLUS,)),
])
def test_age_notes_follow_l6222_1_and_l6222_2(birth, expected):
    assert age_notes(birth, date(2026, 9, 1)) == expected


def test_shortfall_is_the_minimum_minus_the_offer_in_each_period():
    sim = simulate(date(2005, 1, 1), date(2025, 9, 1), 24, offered_gross=D("600"))
    assert all(p.offer.below_minimum for p in sim.periods)
    for period in sim.periods:
        assert period.offer.shortfall_monthly == period.minimum.gross_monthly - D("600")
    # 20 at the start: 43 % of the SMIC of 1 801,80 € = 774,77 €, so 174,77 € are missing.
    assert (sim.periods[0].minimum.gross_monthly, sim.periods[0].offer.shortfall_monthly) == (
        D("774.77"), D("174.77"))
    enough = simulate(date(2005, 1, 1), date(2025, 9, 1), 24, offered_gross=D("5000"))
    assert all(p.offer.shortfall_monthly == D("0.00") for p in enough.periods)


# -- JSON API ------------------------------------------------------------------------------

@pytest.mark.parametrize("birth, age", [("2011-10", 14), ("2012-09", 14), ("2014-01", 12)])
def test_api_refuses_under_15_with_a_french_message_on_birth_month(client, birth, age):
    response = api(client, birth_month=birth)
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert set(errors) == {"birth_month"}
    message = errors["birth_month"][0]
    assert f"aurait {age} ans" in message
    assert "à partir de 16 ans, ou de 15 ans après la classe de 3e" in message
    assert "L6222-1" in message


def test_api_accepts_15_and_states_the_3e_condition(client):
    response = api(client, birth_month="2011-06")
    assert response.status_code == 200
    body = response.get_json()
    assert [n["key"] for n in body["notes"]] == ["age_15_after_3e"]
    note = body["notes"][0]
    assert "3e" in note["text"] and "L6222-1" in note["text"]
    assert note["source"] == {"label": "Code du travail, art. L6222-1", "url": L6222_1}
    # Paid like a 16–17-year-old (D6222-27): 27 % of the SMIC in force.
    assert body["periods"][0]["rate_percent"] == 27


def test_api_answers_30_and_over_with_the_exceptions(client):
    body = api(client, birth_month="1990-03").get_json()
    assert [n["key"] for n in body["notes"]] == ["age_30_plus"]
    text = body["notes"][0]["text"]
    for exception in ("RQTH", "précédent contrat d'apprentissage", "sportif de haut niveau",
                      "création ou de reprise d'entreprise", "L6222-2"):
        assert exception in text
    assert body["periods"][0]["rate_percent"] == 100          # the result is still given


def test_api_16_to_29_get_no_age_note(client):
    for birth in ("2010-09", "2000-01", "1997-01"):
        assert api(client, birth_month=birth).get_json()["notes"] == []


def test_api_shortfall_per_period_matches_the_minimum(client):
    body = api(client, birth_month="2005-01", contract_start="2025-09-01",
               offered_gross="600").get_json()
    below = body["offer"]["periods_below"]
    assert len(below) == len(body["periods"]) and body["offer"]["below_minimum"] is True
    for period, row in zip(body["periods"], below):
        assert (row["start"], row["end"]) == (period["start"], period["end"])
        assert row["minimum_gross_monthly"] == period["gross_monthly"]
        assert row["shortfall_monthly"] == round(period["gross_monthly"] - 600, 2)
        assert period["offer"]["shortfall_monthly"] == row["shortfall_monthly"]
    assert body["offer"]["shortfall_monthly_max"] == max(r["shortfall_monthly"] for r in below)
    assert below[0] == {"start": "2025-09-01", "end": "2025-12-31",
                        "minimum_gross_monthly": 774.77, "shortfall_monthly": 174.77}


def test_api_offer_above_the_minimum_misses_nothing(client):
    body = api(client, birth_month="2005-01", offered_gross="3000").get_json()
    assert body["offer"]["below_minimum"] is False
    assert body["offer"]["shortfall_monthly_max"] == 0 and body["offer"]["periods_below"] == []


def test_legal_sources_carry_stable_legifrance_links(client):
    legal = api(client, birth_month="2008-05").get_json()["sources"]["legal"]
    ages = next(s for s in legal if "L6222-1" in s["reference"])
    assert ages["url"].startswith("https://www.legifrance.gouv.fr/codes/section_lc/")
    assert all(s["url"] is None or s["url"].startswith("https://www.legifrance.gouv.fr/")
               for s in legal)


def test_the_unconfirmed_june_2026_smic_is_marked_so(client):
    smic = api(client, birth_month="2008-05").get_json()["sources"]["smic"]
    june = next(r for r in smic if r["from"] == "2026-06-01")
    assert june["status"] == "a_verifier" and "texte officiel à confirmer" not in june["source"]
    assert next(r for r in smic if r["from"] == "2024-11-01")["status"] == "verifie"


# -- widget page (no JavaScript) -----------------------------------------------------------

def test_widget_refuses_14_next_to_the_birth_month_field(client):
    response, html = page(client, birth_month="2012-01")
    assert response.status_code == 200
    messages = html.split('id="birth_month-messages"')[1].split("</div>")[0]
    assert "aurait 14 ans" in messages and "15 ans après la classe de 3e" in messages
    assert 'aria-invalid="true"' in html.split('id="birth_month"')[1].split(">")[0]
    assert "data-pay-summary" not in html


def test_widget_states_the_3e_condition_at_15(client):
    _, html = page(client, birth_month="2011-06")
    assert 'data-pay-note="age_15_after_3e"' in html
    assert "seulement après avoir terminé la classe de 3e" in html
    assert "data-pay-summary" in html


def test_widget_states_the_exceptions_at_30_and_over(client):
    _, html = page(client, birth_month="1992-02")
    assert 'data-pay-note="age_30_plus"' in html and "travailleur handicapé (RQTH)" in html
    _, html = page(client, birth_month="2000-02")
    assert "data-pay-note" not in html


def test_widget_lists_the_missing_amount_per_period(client):
    _, html = page(client, birth_month="2005-01", contract_start="2025-09-01", offered_gross="600")
    body = api(client, birth_month="2005-01", contract_start="2025-09-01",
               offered_gross="600").get_json()
    alert = html.split('data-pay-offer="below"')[1].split("</div>")[0]
    assert "il manque jusqu'à" in alert
    items = alert.split("data-pay-shortfall>")[1:]
    assert len(items) == len(body["offer"]["periods_below"])

    def euros(amount):
        return f"{amount:,.2f}".replace(",", "\u202f").replace(".", ",") + "\u00a0€"
    for item, row in zip(items, body["offer"]["periods_below"]):
        assert euros(row["minimum_gross_monthly"]) in item
        assert euros(row["shortfall_monthly"]) in item
    assert "du 01/09/2025 au 31/12/2025 : minimum 774,77\u00a0€ brut, il manque 174,77\u00a0€ par mois" in alert
    assert html.count("il manque 174,77\u00a0€") == 2     # the sentence and the table cell


# -- real Chromium -------------------------------------------------------------------------

@pytest.mark.browser
def test_browser_shows_the_age_message_and_the_shortfall_while_typing(page, live_server):
    page.goto(f"{live_server}{PAGE}?caller=demo&contract_start=2026-09-01")
    page.fill("#birth_month", "2012-03")
    page.press("#birth_month", "Tab")
    page.wait_for_selector("#birth_month[aria-invalid='true']")
    assert "à partir de 16 ans, ou de 15 ans après la classe de 3e" in page.inner_text(
        "#birth_month-messages")
    page.fill("#birth_month", "2011-05")
    page.wait_for_selector('[data-pay-note="age_15_after_3e"]')
    page.fill("#offered_gross", "300")
    page.wait_for_selector('[data-pay-offer="below"] [data-pay-shortfall]')
    first = page.inner_text('[data-pay-shortfall] >> nth=0').replace("\u202f", " ")
    assert first.startswith("du 01/09/2026 au ") and "il manque" in first
    assert page.page_errors == []
