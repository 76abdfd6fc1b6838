"""Guide entries: data integrity, per-platform wording, search folding, links, review dates."""
from __future__ import annotations

from datetime import date

import pytest

from widgets.guide import links, search
from widgets.guide.content import build_guide
from widgets.guide.entries import PLATFORMS, SECTIONS, all_entries, entries
from widgets.guide.review import due_for_review
from widgets.texts import TEXTS

CLE = "088281P01313885594860007038855948600070-67118#L01"


def defaults(key):
    return TEXTS[key].default


def test_every_entry_is_dated_sourced_and_declared_as_texts():
    for spec in SECTIONS:
        for entry in all_entries()[spec.name]:
            assert entry.checked_on <= entry.review_by, entry.id
            if spec.name != "step":
                assert entry.source_for("parcoursup") and entry.source_for("affelnet"), entry.id
            for field in spec.fields:
                for platform in PLATFORMS:
                    key = entry.text_key(field, platform)
                    assert key in TEXTS and TEXTS[key].widget == "guide"
                    assert TEXTS[key].formatted == (field in spec.formatted)


def test_platforms_get_their_own_entries_and_wording():
    parcoursup = build_guide("parcoursup", defaults)
    affelnet = build_guide("affelnet", defaults)
    faq_ids = {p: [f["id"] for f in g["faq"]] for p, g in (("p", parcoursup), ("a", affelnet))}
    assert "conditional_yes" in faq_ids["p"] and "conditional_yes" not in faq_ids["a"]
    assert "affelnet_wish" in faq_ids["a"] and "affelnet_wish" not in faq_ids["p"]
    fact_p = next(f for f in parcoursup["key_facts"] if f["id"] == "status")
    fact_a = next(f for f in affelnet["key_facts"] if f["id"] == "status")
    assert "étudiant" in fact_p["text"].value and fact_p["text"].key == "guide.fact.status.text"
    assert "lycéen" in fact_a["text"].value and fact_a["text"].key == "guide.fact.status.text.affelnet"
    assert parcoursup["intro"].key == "guide.intro" and affelnet["intro"].key == "guide.intro.affelnet"
    # A per-platform source follows the per-platform wording.
    employer_a = next(f for f in affelnet["key_facts"] if f["id"] == "employer")
    assert employer_a["source"]["url"].startswith("https://affectation3e.phm.education.gouv.fr/")


def test_compact_view_holds_exactly_three_key_facts():
    for platform in PLATFORMS:
        facts = build_guide(platform, defaults)["key_facts"]
        assert [f["compact"] for f in facts].count(True) == 3
        assert all(f["compact"] for f in facts[:3])


@pytest.mark.parametrize("query, expected", [
    ("période d'essai", {"trial_period"}),
    ("PERIODE D ESSAI", {"trial_period"}),
    ("periode   d’essai", {"trial_period"}),
    # "smic" and "salaire" are synonyms: the FAQ entries about pay, paid leave included.
    ("Salaire SMIC", {"pay", "student_vs_apprentice", "holidays"}),
    ("HANDICAP", {"age", "contract_length"}),
    ("rqth", {"age", "contract_length"}),           # RQTH = travailleur handicapé
    ("", None),
])
def test_faq_search_ignores_accents_case_and_punctuation(query, expected):
    guide = build_guide("parcoursup", defaults, query=query)
    matched = {f["id"] for f in guide["faq"] if f["match"]}
    if expected is None:
        assert matched == {f["id"] for f in guide["faq"]}
        assert guide["faq_search"]["active"] is False
    else:
        assert matched == expected
        assert guide["faq_search"]["count"] == len(expected)


def test_search_normalization():
    assert search.normalize("Œuvre À l'ÉTÉ !") == "oeuvre a l ete"
    assert search.matches("ETE", "l'été") and not search.matches("hiver", "l'été")
    assert search.matches("", "anything")


def test_appointment_link_is_built_like_la_bonne_alternance():
    url = links.appointment_url(CLE, "parcoursup")
    assert url == ("https://labonnealternance.apprentissage.beta.gouv.fr/rdva?referrer=parcoursup"
                   "&cleMinistereEducatif=088281P01313885594860007038855948600070-67118%23L01")
    guide = build_guide("affelnet", defaults, cle=CLE)
    assert guide["next_steps"][0]["id"] == "appointment"
    assert "referrer=affelnet" in guide["next_steps"][0]["url"]
    assert "appointment" not in [s["id"] for s in build_guide("affelnet", defaults)["next_steps"]]


@pytest.mark.parametrize("value", [CLE, "088281P01313885594860007038855948600070", "20_0123456789ABC"[3:]])
def test_well_formed_keys(value):
    assert links.is_valid_cle(value)


@pytest.mark.parametrize("value", ["", "abc", CLE.lower(), CLE + "&x=1", "088281P013 138855",
                                   "<script>", "1" * 61, CLE + "#L1"])
def test_malformed_keys(value):
    assert not links.is_valid_cle(value)
    with pytest.raises(ValueError):
        links.appointment_url(value, "parcoursup")


def test_review_flags_entries_from_their_review_date_on():
    everything = [e for items in all_entries().values() for e in items]
    first = min(e.review_by for e in everything)
    assert due_for_review(date.fromordinal(first.toordinal() - 1)) == []
    on_the_day = due_for_review(first)
    assert on_the_day and all(d.review_by == first and d.days_overdue == 0 for d in on_the_day)
    later = date(2030, 1, 1)
    all_due = due_for_review(later)
    assert len(all_due) == len(everything)
    assert [d.review_by for d in all_due] == sorted(d.review_by for d in all_due)
    mobili = next(d for d in all_due if d.id == "mobili_jeune")
    assert mobili.section == "scheme" and "guide.scheme.mobili_jeune.amount" in mobili.text_keys
    assert mobili.days_overdue == (later - mobili.review_by).days


def test_review_of_a_section_tracks_its_data(monkeypatch):
    # The flag is computed from the data, not listed by hand: move one date and it follows.
    import dataclasses

    from widgets.guide import entries as module
    data = dict(all_entries())
    faq = list(data["faq"])
    faq[0] = dataclasses.replace(faq[0], review_by=date(2020, 1, 1))
    data["faq"] = tuple(faq)
    monkeypatch.setattr(module, "all_entries", lambda: data)
    monkeypatch.setattr("widgets.guide.review.all_entries", lambda: data)
    due = due_for_review(date(2021, 1, 1))
    assert [(d.section, d.id) for d in due] == [("faq", faq[0].id)]


def test_entries_filtered_per_platform():
    assert all(e.shown_on("affelnet") for e in entries("fact", "affelnet"))
    assert "age" in [e.id for e in entries("fact", "affelnet")]
    assert "age" not in [e.id for e in entries("fact", "parcoursup")]
