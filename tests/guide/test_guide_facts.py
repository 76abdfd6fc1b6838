"""The audited facts of the guide (docs/facts-audit.md): each corrected fact says what its
source says and cites it; what is abolished is never offered; what is unconfirmed is
marked; the employer aid follows the contract date; the search finds everyday words."""
from __future__ import annotations

from datetime import date
from html import unescape

import pytest

from widgets.guide.content import build_guide
from widgets.guide.entries import PLATFORMS, STATUSES, all_entries, entries
from widgets.texts import TEXTS

SP_F2918 = "https://www.service-public.fr/particuliers/vosdroits/F2918"
D6222_SECTION = ("https://www.legifrance.gouv.fr/codes/section_lc/LEGITEXT000006072050/"
                 "LEGISCTA000018497236")
L6222_1 = "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000037385933"
AFFECTATION = "https://affectation3e.phm.education.gouv.fr/pna-public/"
TODAY = date(2026, 11, 29)


def defaults(key):
    return TEXTS[key].default


def entry(section, entry_id):
    return next(e for e in all_entries()[section] if e.id == entry_id)


# -- every corrected fact, with what it says now and the source it cites -----------------

CORRECTED = [
    # (section, id, platform, field, phrase the text must hold, source url, status)
    ("fact", "pay", "parcoursup", "text", "de 27 % à 100 %", D6222_SECTION, "verifie"),
    ("faq", "pay", "parcoursup", "answer", "27 %, 39 % puis 55 % avant 18 ans", D6222_SECTION, "verifie"),
    ("fact", "status", "parcoursup", "text", "contrat de travail", SP_F2918, "verifie"),
    ("fact", "age", "affelnet", "text", "dès 15 ans si vous avez terminé la classe de 3e", L6222_1, "verifie"),
    ("fact", "contract", "parcoursup", "text", "jusqu'à 4 ans pour un apprenti reconnu travailleur handicapé",
     SP_F2918, "verifie"),
    ("faq", "age", "parcoursup", "answer", "sans limite d'âge pour une personne reconnue travailleur handicapé",
     "https://www.legifrance.gouv.fr/codes/section_lc/LEGITEXT000006072050/LEGISCTA000006195908", "verifie"),
    ("faq", "trial_period", "parcoursup", "answer", "45 premiers jours", SP_F2918, "verifie"),
    ("faq", "ending_contract", "parcoursup", "answer", "médiateur de l'apprentissage", SP_F2918, "verifie"),
    ("faq", "holidays", "parcoursup", "answer", "5 semaines par an", SP_F2918, "verifie"),
    ("faq", "minor_hours", "parcoursup", "answer", "35 heures par semaine et 8 heures par jour", SP_F2918, "verifie"),
    ("faq", "student_vs_apprentice", "parcoursup", "answer", "5 semaines de congés payés", SP_F2918, "verifie"),
    ("scheme", "activity_bonus", "parcoursup", "eligible", "plus de 18 ans",
     "https://www.service-public.fr/particuliers/vosdroits/F33375", "verifie"),
    ("fact", "no_employer_yet", "parcoursup", "text", "jusqu'à 3 mois",
     "https://www.legifrance.gouv.fr/codes/section_lc/LEGITEXT000006072050/LEGISCTA000006195910", "a_verifier"),
    ("faq", "conditional_yes", "parcoursup", "answer", "pré-admission",
     "https://www.service-public.fr/particuliers/vosdroits/F23476", "a_verifier"),
    ("faq", "driving_licence", "parcoursup", "answer", "n'est plus proposée",
     "https://www.assemblee-nationale.fr/dyn/17/amendements/1906C/CION_FIN/CF1", "a_verifier"),
    ("scheme", "mobili_jeune", "parcoursup", "how", "Action Logement",
     "https://www.actionlogement.fr/salarie/alternant", "a_verifier"),
]


@pytest.mark.parametrize("section, entry_id, platform, field, phrase, url, status", CORRECTED,
                         ids=[f"{c[0]}-{c[1]}" for c in CORRECTED])
def test_corrected_fact_says_what_its_source_says(section, entry_id, platform, field, phrase, url, status):
    found = entry(section, entry_id)
    assert phrase in TEXTS[found.text_key(field, platform)].default
    assert found.source_for(platform).url == url
    assert found.status == status
    assert found.checked_on == TODAY <= found.review_by


def test_every_entry_has_an_explicit_status_and_a_review_date():
    for section, items in all_entries().items():
        for item in items:
            assert item.status in STATUSES, (section, item.id)
            assert item.review_by > item.checked_on, (section, item.id)


# -- abolished schemes -----------------------------------------------------------------

@pytest.mark.parametrize("platform", PLATFORMS)
def test_no_support_scheme_shown_as_available_is_abolished(platform, client):
    guide = build_guide(platform, defaults, today=TODAY)
    shown = {s["id"] for s in guide["support_schemes"]}
    abolished = {e.id for e in entries("scheme", platform) if e.abolished}
    assert abolished == {"driving_licence"}
    assert not shown & abolished
    assert all(s["status"] != "supprimee" for s in guide["support_schemes"])
    html = unescape(client.get(f"/widgets/v1/guide?caller=demo&platform={platform}").get_data(as_text=True))
    assert "guide-scheme-driving_licence" not in html and "500\u00a0€, une seule fois" not in html
    api = client.get(f"/api/v1/guide?platform={platform}").get_json()
    assert "driving_licence" not in [s["id"] for s in api["support_schemes"]]


def test_the_abolished_aid_is_recorded_without_an_unconfirmed_date():
    aid = entry("scheme", "driving_licence")
    assert aid.abolished and aid.abolished_on is None and "2026" in aid.note


# -- employer aid ---------------------------------------------------------------------

def test_employer_aid_in_force_follows_the_contract_date():
    now = build_guide("affelnet", defaults, today=TODAY)["employer_aid"]
    current = [a for a in now if a["in_force"]]
    assert [a["id"] for a in current] == ["aid_2026_03", "contribution_levels_6_7"]
    aid = current[0]
    assert aid["amounts"]["under_250"] == {"levels_3_4": 5000, "level_5": 4500, "levels_6_7": 2000}
    assert aid["amounts"]["from_250"] == {"levels_3_4": 2000, "level_5": 1500, "levels_6_7": 750}
    assert aid["rqth"] == "6\u202f000\u00a0€" and aid["rows"][0]["cells"] == ["5\u202f000\u00a0€", "2\u202f000\u00a0€"]
    assert aid["source"]["url"] == "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000053634597"
    assert aid["status"] == "a_verifier"            # amounts from secondary summaries only
    # A contract concluded in February 2026 fell under the "aide unique" only.
    february = build_guide("affelnet", defaults, today=date(2026, 2, 15))["employer_aid"]
    unique = next(a for a in february if a["in_force"] and a["kind"] == "aid")
    assert unique["id"] == "aid_2026_01"
    assert unique["rows"][1]["cells"] == ["Pas d'aide", "Pas d'aide"]
    # In 2027 no rule is known yet: nothing is shown as in force but the contribution.
    later = build_guide("affelnet", defaults, today=date(2027, 2, 1))["employer_aid"]
    assert [a["id"] for a in later if a["in_force"]] == ["contribution_levels_6_7"]


def test_employer_aid_section_on_the_page(client):
    html = unescape(client.get("/widgets/v1/guide?caller=demo&platform=parcoursup").get_data(as_text=True))
    section = html.split('id="guide-employer"')[1].split("</section>")[0]
    assert "Ce que l'employeur peut recevoir" in section
    current = section.split('id="guide-employer-aid_2026_03"')[1].split("</li>")[0]
    assert '<th scope="row">Niveau 5 (BTS…)</th><td class="aw-guide__amount">4\u202f500\u00a0€</td>' in current
    assert "6\u202f000\u00a0€" in current and "À confirmer" in current
    assert "750 € par contrat" in section.replace("\u00a0", " ")
    assert "Contrats signés plus tôt" in section


# -- Affelnet wording (for the guide and the wish summary) -------------------------------

def test_affelnet_says_what_is_specific_to_an_apprenticeship_wish():
    guide = build_guide("affelnet", defaults, today=TODAY)
    fact = next(f for f in guide["key_facts"] if f["id"] == "employer")
    faq = next(f for f in guide["faq"] if f["id"] == "affelnet_wish")
    for text in (fact["text"].value, faq["answer"].value):
        assert "contrat avec un employeur est obligatoire" in text
        assert "entretien" in text and "avis" in text
        assert "signé un contrat" in text and "entrer en formation" in text
    assert fact["text"].key == "guide.fact.employer.text.affelnet"
    for item in (fact, faq):
        assert item["source"]["url"] == AFFECTATION and item["status"] == "a_verifier"
    parcoursup = build_guide("parcoursup", defaults, today=TODAY)
    assert "entretien" not in next(f for f in parcoursup["key_facts"] if f["id"] == "employer")["text"].value


# -- search over the whole guide (server side: page ?q= and API) --------------------------

QUERIES = [
    # (query, platform, entries it must find as (section, id))
    ("logement", "parcoursup", {("support_schemes", "mobili_jeune"), ("support_schemes", "housing_aid"),
                                ("support_schemes", "rent_guarantee")}),
    ("Logements", "affelnet", {("support_schemes", "mobili_jeune"), ("support_schemes", "housing_aid")}),
    ("APL", "parcoursup", {("support_schemes", "housing_aid")}),
    ("permis", "parcoursup", {("faq", "driving_licence")}),
    ("vacances", "parcoursup", {("faq", "holidays")}),
    ("congés", "affelnet", {("faq", "holidays")}),
    ("combien je gagne", "parcoursup", {("key_facts", "pay"), ("faq", "pay")}),
    ("Combien je gagne ?", "affelnet", {("key_facts", "pay"), ("faq", "pay")}),
    ("salaire", "parcoursup", {("key_facts", "pay"), ("faq", "pay")}),
    ("rupture", "parcoursup", {("faq", "ending_contract"), ("faq", "trial_period")}),
    ("arrêter mon contrat", "affelnet", {("faq", "ending_contract")}),
    ("mineur", "parcoursup", {("faq", "minor_hours")}),
    ("aide employeur", "affelnet", {("employer_aid", "aid_2026_03")}),
    ("handicap", "parcoursup", {("faq", "age"), ("key_facts", "contract")}),
]


@pytest.mark.parametrize("query, platform, expected", QUERIES, ids=[q[0] for q in QUERIES])
def test_each_everyday_query_finds_its_entries(query, platform, expected, client):
    guide = build_guide(platform, defaults, query=query, today=TODAY)
    found = {(s, i["id"]) for s in ("key_facts", "employer_aid", "support_schemes", "faq", "next_steps")
             for i in guide[s] if i["match"]}
    assert expected <= found
    assert guide["search"]["count"] == len(found) < 30        # a search narrows the guide
    html = client.get("/widgets/v1/guide", query_string={"caller": "demo", "platform": platform,
                                                          "q": query}).get_data(as_text=True)
    kinds = {"key_facts": "fact", "employer_aid": "employer", "support_schemes": "scheme",
             "faq": "faq", "next_steps": "step"}
    for section, entry_id in expected:
        tag = html.split(f'id="guide-{kinds[section]}-{entry_id}"')[1].split(">")[0]
        assert " hidden" not in tag, (section, entry_id)
    api = client.get("/api/v1/guide", query_string={"platform": platform, "q": query}).get_json()
    for section, entry_id in expected:
        assert entry_id in api["search"]["matches"][section]


def test_a_search_hides_what_it_does_not_find(client):
    html = client.get("/widgets/v1/guide?caller=demo&platform=parcoursup&q=logement").get_data(as_text=True)
    assert 'id="guide-faq-trial_period" data-search="' in html
    assert html.split('id="guide-faq-trial_period"')[1].split(">")[0].endswith(" hidden")
    assert html.split('id="guide-fact-pay"')[1].split(">")[0].endswith(" hidden")
    # The FAQ section has nothing about housing: it is hidden as a whole.
    assert 'id="guide-faq" aria-labelledby="guide-faq-heading" data-guide-section hidden' in html


def test_the_search_box_comes_first_in_the_panel(client):
    html = client.get("/widgets/v1/guide?caller=demo&platform=affelnet").get_data(as_text=True)
    assert html.index('id="guide-q"') < html.index('class="aw-guide__facts aw-guide__facts--compact"')
    assert html.index('id="guide-q"') < html.index('id="guide-more"')
