"""The widget page: server rendering, French errors, privacy and CSP headers."""
from __future__ import annotations

import re

URL = "/widgets/v1/pay-simulator"


def test_without_caller_the_page_answers_400_in_french(client):
    response = client.get(URL)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Le paramètre « caller » est obligatoire" in text
    unknown = client.get(URL + "?caller=inconnu")
    assert unknown.status_code == 400
    assert "n&#39;est pas enregistrée" in unknown.get_data(as_text=True)


def test_no_cookie_and_a_strict_csp(client):
    response = client.get(URL + "?caller=demo&birth_month=2008-05&contract_start=2025-09-01")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "frame-ancestors" in csp
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    # Nothing the CSP would block: no inline script, no style attribute, no on* handler.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_form_is_prefilled_from_formation_start_and_asks_a_month_only(client):
    html = client.get(URL + "?caller=demo&formation_start=2027-09-01").get_data(as_text=True)
    assert re.search(r'<input[^>]*type="date"[^>]*name="contract_start"[^>]*value="2027-09-01"', html)
    assert re.search(r'<input[^>]*type="month"[^>]*name="birth_month"', html)
    assert "secteur privé uniquement" in html
    assert "Indiquez le mois de naissance" in html          # empty state, no error yet
    assert "fr-message--error" not in html


def test_result_and_how_it_is_computed(client):
    html = client.get(URL + "?caller=demo&birth_month=2008-05&contract_start=2025-09-01"
                      "&duration_months=36").get_data(as_text=True)
    assert 'aria-live="polite"' in html
    assert "486,49\u00a0€" in html and "1\u202f250,90\u00a0€" in html
    assert html.count("<tr data-pay-period>") == 7
    assert "<svg" in html and 'role="img"' in html
    assert "Comment est-ce calculé" in html
    assert "arrondis au plus proche" in html
    assert "29/11/2026" in html                              # date of the figures
    assert "D6222-26" in html and "2025-1228" in html        # sources


def test_each_error_is_next_to_its_field(client):
    html = client.get(URL + "?caller=demo&birth_month=2008-5&contract_start=2025-09-01"
                      "&duration_months=3").get_data(as_text=True)
    for name, message in [("birth_month", "AAAA-MM"), ("duration_months", "entre 6 et 48")]:
        field = re.search(r'<input[^>]*name="%s"[^>]*>' % name, html).group(0)
        assert 'aria-invalid="true"' in field
        assert 'aria-describedby="%s-messages"' % name in field
        messages = re.search(r'id="%s-messages"[^>]*>(.*?)</div>' % name, html, re.S).group(1)
        assert message in messages
    assert "Corrigez les champs signalés" in html
    contract = re.search(r'<input[^>]*name="contract_start"[^>]*>', html).group(0)
    assert "aria-invalid" not in contract


def test_fragment_holds_the_result_and_the_messages_only(client):
    response = client.get(URL + "?caller=demo&birth_month=2008-05&contract_start=2025-09-01"
                          "&fragment=result")
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith("<div data-pay-fragment>")
    assert "<form" not in html and "data-pay-summary" in html
    assert 'data-pay-messages="duration_months"' in html


def test_bad_values_never_give_a_500(client):
    for query in ["birth_month=&contract_start=", "birth_month=9999-99&contract_start=0000-00-00",
                  "birth_month=2008-05&contract_start=2025-09-01&duration_months=" + "9" * 5000,
                  "birth_month=2008-05&contract_start=2025-09-01&offered_gross=NaN&territory=%00",
                  "birth_month=2008-05&contract_start=2025-09-01&fragment=result&starts_in_year=-1"]:
        assert client.get(URL + "?caller=demo&" + query).status_code == 200


from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402
from urllib.parse import urlencode  # noqa: E402

FIELD_NAMES = st.sampled_from(["birth_month", "contract_start", "duration_months", "signed_on",
                               "conventional_minimum", "starts_in_year", "offered_gross",
                               "territory", "formation_start", "fragment", "host_origin"])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=st.lists(st.tuples(FIELD_NAMES, st.one_of(
    st.text(max_size=20), st.dates().map(str), st.dates().map(lambda d: d.strftime("%Y-%m")),
    st.sampled_from(["result", "2008-05", "2025-09-01", "1 850,50", "NaN", "-1", "http://x"]))),
    max_size=8))
def test_no_form_input_gives_a_500(client, pairs):
    response = client.get(URL + "?" + urlencode([("caller", "demo")] + pairs))
    assert response.status_code == 200


def test_offer_sentence_and_badge(client):
    ok = client.get(URL + "?caller=demo&birth_month=2008-05&contract_start=2025-09-01"
                    "&duration_months=12&offered_gross=1000").get_data(as_text=True)
    assert 'data-pay-offer="ok"' in ok
    assert "1\u202f000,00\u00a0€ brut, soit au moins 979,34\u00a0€ net" in ok
    below = client.get(URL + "?caller=demo&birth_month=2008-05&contract_start=2025-09-01"
                       "&duration_months=36&offered_gross=1000").get_data(as_text=True)
    assert 'data-pay-offer="below"' in below
    assert below.count("Offre sous le minimum") == 2         # the two year-3 periods
