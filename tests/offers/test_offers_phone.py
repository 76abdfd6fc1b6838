"""What a candidate reads on a phone, without JavaScript: counts in words, levels in
words, city names, the wish's own diploma in the trade field, no dead end."""
from __future__ import annotations

import copy
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from offers_fakes import SEARCH_200, make_app
from test_offers_widget import Page

PAGE = "/widgets/v1/offer-search?caller=demo"
PARIS = "romes=F1603&insee=75056&radius=30"
TRADE = "Plombier / Plombière sanitaire"


def payload(jobs: int, recruiters: int, levels=("3",)) -> dict:
    answer = copy.deepcopy(SEARCH_200)
    answer["jobs"] = [copy.deepcopy(answer["jobs"][i % 2]) for i in range(jobs)]
    for i, job in enumerate(answer["jobs"]):
        job["identifier"]["id"] = f"job-{i}"
        job["offer"]["target_diploma"] = {"european": levels[i % len(levels)], "label": "x"}
    answer["recruiters"] = [copy.deepcopy(answer["recruiters"][0]) for _ in range(recruiters)]
    for i, recruiter in enumerate(answer["recruiters"]):
        recruiter["identifier"]["id"] = f"company-{i}"
    return answer


@pytest.fixture
def fake_client(upstream, tmp_path):
    return make_app(upstream.url, tmp_path).test_client()


def page_with(fake_client, upstream, jobs, recruiters, **kwargs):
    upstream.reset("payload", payload=payload(jobs, recruiters, **kwargs))
    response = fake_client.get(f"{PAGE}&{PARIS}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def heading_of(html: str) -> str:
    match = re.search(r'<h2 class="aw-offers__counts" id="offers-counts" tabindex="-1"[^>]*>(.*?)</h2>',
                      html, re.S)
    assert match, "the results heading is an h2 that can take focus"
    return " ".join(match.group(1).split())


@pytest.mark.parametrize("jobs, recruiters, words", [
    (1, 0, "1 offre et aucune entreprise"),
    (2, 1, "2 offres et 1 entreprise"),
    (0, 3, "Aucune offre et 3 entreprises"),
    (12, 12, "12 offres et 12 entreprises"),
])
def test_counts_in_words_with_french_plurals(fake_client, upstream, jobs, recruiters, words):
    html = page_with(fake_client, upstream, jobs, recruiters)
    assert heading_of(html) == f"{words} à moins de 30 km de Paris, pour {TRADE}"
    assert "(s)" not in html
    assert html.lower().count("aucune offre") <= 1 and html.lower().count("aucune entreprise") <= 1
    if not jobs:
        assert 'data-list="offers"' not in html        # said once, in the heading
    if not recruiters:
        assert 'data-list="companies"' not in html


def test_no_result_is_said_once_with_a_wider_radius(fake_client, upstream):
    html = page_with(fake_client, upstream, 0, 0)
    assert heading_of(html) == f"Aucune offre ni entreprise à moins de 30 km de Paris, pour {TRADE}."
    assert html.lower().count("aucune offre") == 1
    assert 'data-wider="60"' in html


def test_heading_comes_before_the_demo_banner(tmp_path):
    html = make_app(None, tmp_path).test_client().get(f"{PAGE}&{PARIS}").get_data(as_text=True)
    assert 0 < html.index('id="offers-counts"') < html.index('data-state="demo"')


def test_diploma_levels_in_words(fake_client, upstream):
    html = page_with(fake_client, upstream, 5, 1, levels=("3", "4", "5", "6", "7"))
    for words in ("Niveau 3 (CAP)", "Niveau 4 (Bac)", "Niveau 5 (Bac+2)", "Niveau 6 (Bac+3)",
                  "Niveau 7 (Bac+5)"):
        assert f"<li>{words}</li>" in html


@pytest.mark.parametrize("insee, label", [("69123", "Lyon"), ("75056", "Paris"),
                                          ("69383", "Lyon 3e Arrondissement (69003)"),
                                          ("93066", "Saint-Denis (93)")])
def test_a_whole_city_is_labelled_by_its_name(tmp_path, insee, label):
    html = make_app(None, tmp_path).test_client().get(
        f"{PAGE}&romes=D1102&insee={insee}").get_data(as_text=True)
    assert Page(html).inputs["place"]["value"] == label
    assert f"de {label}, pour Boulanger / Boulangère" in heading_of(html)


@pytest.mark.parametrize("codes", ["cfd=32031213", "rncp=RNCP34031", "cfd=32031213&rncp=RNCP34031"])
def test_the_wish_codes_prefill_the_diploma_title(tmp_path, codes):
    client = make_app(None, tmp_path).test_client()
    html = client.get(f"{PAGE}&{codes}&insee=69123").get_data(as_text=True)
    page = Page(html)
    assert page.inputs["trade"]["value"] == "BTS Management commercial opérationnel"
    assert "pour BTS Management commercial opérationnel" in heading_of(html)


def test_the_demo_bts_mco_wish_passes_its_diploma_code(tmp_path):
    client = make_app(None, tmp_path).test_client()
    demo = client.get("/demo/parcoursup", base_url="http://localhost:5000").get_data(as_text=True)
    wish = demo[demo.index('id="voeu-1"'):demo.index('id="voeu-2"')]
    assert 'data-cfd="32031213"' in wish and "Directeur" not in wish
    html = client.get(f"{PAGE}&cfd=32031213&insee=69123").get_data(as_text=True)
    assert "Directeur" not in Page(html).inputs["trade"]["value"]


def test_a_typed_diploma_searches_by_its_code(tmp_path):
    client = make_app(None, tmp_path).test_client()
    html = client.get(f"{PAGE}&trade=bts+mco&place=Lyon&radius=30").get_data(as_text=True)
    page = Page(html)
    assert page.inputs["cfd"]["value"] == "32031213" and page.inputs["romes"]["value"] == ""
    assert page.inputs["trade"]["value"] == "BTS Management commercial opérationnel"
    assert "de Lyon, pour BTS Management commercial opérationnel" in heading_of(html)


def test_words_nothing_matches_lead_to_la_bonne_alternance(tmp_path):
    client = make_app(None, tmp_path).test_client()
    html = client.get(f"{PAGE}&trade=zzqq+xxyy&place=Lyon&radius=30").get_data(as_text=True)
    link = next(a for a in Page(html).links if "labonnealternance" in a.get("href", "")
                and "q=" in a["href"])
    assert parse_qs(urlsplit(link["href"].replace("&amp;", "&")).query)["q"] == ["zzqq xxyy"]
    assert link["target"] == "_blank" and link["rel"] == "noopener noreferrer"
    assert "Chercher «\u202fzzqq xxyy\u202f» sur La bonne alternance" in html


def test_show_more_marks_where_the_new_results_start(tmp_path):
    client = make_app(None, tmp_path).test_client()
    html = client.get(f"{PAGE}&romes=F1603,D1102&insee=75056&radius=30&page=2").get_data(as_text=True)
    first_new = html[html.index('id="offer-11"') - 60:html.index('id="offer-11"') + 300]
    assert "aw-result--first-new" in first_new and "Suite de la liste\u202f: à partir du n°\u00a011" in first_new
    assert html.count("Suite de la liste") == 2      # once in each list
    assert re.search(r'id="offers-more-loaded">\d+ offres? et \d+ entreprises? de plus, '
                     r'à partir de la position 11\.<', html)
    one = client.get(f"{PAGE}&romes=F1603,D1102&insee=75056&radius=30").get_data(as_text=True)
    assert "Suite de la liste" not in one and "offers-more-loaded" not in one


def test_dropped_items_are_counted_in_correct_french(fake_client, upstream):
    upstream.reset("invalid")
    body = fake_client.get("/api/v1/offers?romes=F1603&insee=75056").get_json()
    messages = {w["code"]: w["message"] for w in body["warnings"]}
    assert messages["INVALID_JOB_OFFERS_DROPPED"] == \
        "3 offres reçues incomplètes ou invalides ont été écartées."
    assert messages["INVALID_RECRUITERS_DROPPED"] == \
        "1 entreprise reçue incomplète ou invalide a été écartée."
