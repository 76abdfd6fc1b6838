"""The campaign document check the admin reuses: valid files pass, mistakes are explained."""
import copy

import pytest

from calendar_fixtures import bundled, next_year_campaign
from widgets.calendar.schema import validate_campaign


@pytest.mark.parametrize("name", ["parcoursup-2026", "affelnet-2026"])
def test_bundled_campaigns_are_valid_and_every_date_has_a_source(name):
    document = bundled(name)
    assert validate_campaign(document) == {}
    for phase in document["phases"]:
        assert phase["source"]["url"].startswith("https://") and phase["source"]["title"]


def test_next_year_campaign_is_valid():
    assert validate_campaign(next_year_campaign()) == {}


def broken(change):
    document = copy.deepcopy(bundled("parcoursup-2026"))
    change(document)
    return validate_campaign(document)


def test_end_before_start_is_refused():
    errors = broken(lambda d: d["phases"][0].update(end="2026-01-10"))
    assert errors == {"phases": {0: {"end": [
        "La date de fin doit être le jour du début ou après."]}}}


def test_phases_out_of_order_are_refused():
    def swap(d):
        d["phases"][0], d["phases"][1] = d["phases"][1], d["phases"][0]
    errors = broken(swap)
    assert "rangées dans l'ordre" in errors["phases"][1]["start"][0]


def test_dates_outside_the_campaign_are_refused_in_french():
    errors = broken(lambda d: d["phases"][2].update(start="2062-06-02", end="2062-07-11"))
    message = errors["phases"][2]["start"][0]
    assert "1er août 2025" in message and "31 juillet 2027" in message


def test_impossible_date_and_missing_field():
    errors = broken(lambda d: (d["phases"][1].update(end="2026-02-30"), d.pop("updated")))
    assert errors["phases"][1]["end"][0].startswith("Date impossible")
    assert errors["updated"] == ["Ce champ est obligatoire."]


def test_missing_required_phase_and_reserved_id():
    def change(d):
        d["phases"].pop()          # complementary
        d["phases"][0]["id"] = "training_start"
    errors = broken(change)
    assert "Phase obligatoire manquante : « complementary »." in errors["phases"]["_schema"]
    assert "réservé" in errors["phases"][0]["id"][0]


def test_school_year_and_default_start():
    errors = broken(lambda d: d.update(default_formation_start="2027-09-01"))
    assert "dans l'année scolaire" in errors["default_formation_start"][0]
    errors = broken(lambda d: d["school_year"].update(end="2026-07-01"))
    assert errors["school_year"]["end"] == ["La fin de l'année scolaire doit suivre son début."]


def test_academie_overrides_are_checked():
    def change(d):
        d["academies"] = {
            "99": {"phases": {}},
            "25": {"phases": {"wishes": {"end": "2026-01-01"}, "unknown": {}}},
        }
    errors = broken(change)
    assert errors["academies"]["99"] == ["Académie inconnue : « 99 »."]
    assert "Phase inconnue" in errors["academies"]["25"]["phases"]["unknown"][0]
    assert errors["academies"]["25"]["phases"]["wishes"]["end"] == [
        "La date de fin doit être le jour du début ou après."]


def test_unknown_fields_and_wrong_types():
    errors = broken(lambda d: d.update(colour="red", phases="none"))
    assert errors["colour"] == ["Champ inconnu."]
    assert errors["phases"] == ["Liste attendue."]
    assert validate_campaign("not a document") == {"_schema": ["Objet attendu."]}
