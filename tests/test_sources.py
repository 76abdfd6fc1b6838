"""Primary sources only: every link of the bundled data and of the Python-declared sources
is on an official domain of the allow-list (widgets/sources.py), Légifrance by stable links."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from widgets import sources
from widgets.pay.answer import AGE_NOTE_SOURCES, LEGAL_SOURCES

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted(p for p in (ROOT / "widgets").glob("*/data/**/*.json"))


def test_the_bundled_data_is_found():
    names = {p.relative_to(ROOT / "widgets").as_posix() for p in BUNDLED}
    assert {"guide/data/key_facts.json", "guide/data/support_schemes.json", "guide/data/faq.json",
            "guide/data/next_steps.json", "guide/data/employer_aid.json",
            "calendar/data/parcoursup-2026.json", "calendar/data/apprenticeship-rules.json",
            "pay/data/smic.json", "pay/data/grid.json", "pay/data/contributions.json"} <= names


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.relative_to(ROOT / "widgets").as_posix())
def test_every_link_of_the_bundled_data_is_an_official_stable_link(path):
    links = sources.links_in(json.loads(path.read_text("utf-8")))
    problems = [(where, url, sources.problem_with(url)) for where, url in links
                if sources.problem_with(url)]
    assert problems == []


def test_every_guide_and_calendar_fact_cites_a_link():
    for name in ("key_facts", "support_schemes", "faq", "employer_aid"):
        data = json.loads((ROOT / "widgets/guide/data" / f"{name}.json").read_text("utf-8"))
        for entry in data["entries"]:
            scopes = entry["source"].values() if "label" not in entry["source"] else [entry["source"]]
            for source in scopes:
                assert source["url"], (name, entry["id"])      # no more url: null
    for path in (ROOT / "widgets/calendar/data").glob("*-20*.json"):
        for phase in json.loads(path.read_text("utf-8"))["phases"]:
            assert phase["source"]["url"], (path.name, phase["id"])


def test_python_declared_sources_are_official_too():
    urls = [url for _, _, url in LEGAL_SOURCES if url] + [url for _, url in AGE_NOTE_SOURCES.values()]
    assert len(urls) >= 6
    assert [(u, sources.problem_with(u)) for u in urls if sources.problem_with(u)] == []


@pytest.mark.parametrize("url, reason", [
    ("https://mil-osi1.milnz.nz/2025/10/15/parcoursup-toutes-les-dates-pour-2026", "official"),
    ("https://french-business-law.com/french-legislation-art/article-l6222-12-1-of-the-french-labour-code", "official"),
    ("https://www.ffbatiment.fr/gestion-entreprise/le-contrat-d-apprentissage", "official"),
    ("https://www.dossierfamilial.com/actualites/parcoursup-2020", "official"),
    ("http://m.onisep.fr/Choisir-mes-etudes/Parcoursup-l-apprentissage", "https"),
    ("https://www.legifrance.gouv.fr/codes/id/LEGIARTI000037385933/2019-01-01/", "stable"),
    ("https://www.legifrance.gouv.fr/affichCode.do;jsessionid=5B?idSectionTA=LEGISCTA000006195915", "stable"),
    ("https://legifrance.gouv.fr.example.com/codes/article_lc/LEGIARTI000037385933", "official"),
    ("https://notservice-public.fr/particuliers/vosdroits/F2918", "official"),
])
def test_the_allow_list_refuses_mirrors_blogs_and_unstable_legifrance_links(url, reason):
    assert reason in sources.problem_with(url)


@pytest.mark.parametrize("url", [
    "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000037385933",
    "https://www.legifrance.gouv.fr/codes/section_lc/LEGITEXT000006072050/LEGISCTA000018497236",
    "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000053634597",
    "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000025060586",
    "https://www.service-public.fr/particuliers/vosdroits/F2918",
    "https://affectation3e.phm.education.gouv.fr/pna-public/",
    "https://labonnealternance.apprentissage.beta.gouv.fr/",
])
def test_the_allow_list_accepts_official_pages(url):
    assert sources.problem_with(url) is None


def test_links_are_found_wherever_they_hide():
    data = {"a": [{"source": {"url": "https://x.example/1"}}, {"link": "https://x.example/2"}],
            "target": "widget:offer-search", "note": "https://not-a-link-key.example"}
    assert sources.links_in(data) == [("a[0].source.url", "https://x.example/1"),
                                      ("a[1].link", "https://x.example/2")]
