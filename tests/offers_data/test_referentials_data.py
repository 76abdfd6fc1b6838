"""The offer search box's reference data: files, joins and autocomplete ranking."""
from __future__ import annotations

import re

import pytest

from widgets.offers import referentials as ref
from widgets.offers.referentials import fold

ARRONDISSEMENTS = ([f"751{n:02d}" for n in range(1, 21)] + [f"6938{n}" for n in range(1, 10)]
                   + [f"132{n:02d}" for n in range(1, 17)])


def tier(label: str, q: str) -> int:
    """0: the label starts with q; 1: one of its words does; 2: it only contains q."""
    label, q = fold(label), fold(q)
    if label.startswith(q):
        return 0
    if any(label[m.start() + 1:].startswith(q) for m in re.finditer(" ", label)):
        return 1
    assert q in label, f"{label!r} does not match {q!r}"
    return 2


def test_every_file_loads_with_the_expected_volume():
    ref.warm_up()
    assert len(ref._communes().communes) > 34_000
    assert len(ref._trades().labels) > 15_000
    assert len(ref._training_codes().rncp_romes) > 16_000
    assert len(ref._training_codes().cfd_rncps) > 5_000


def test_every_commune_has_a_point_in_france_and_valid_codes():
    for c in ref._communes().communes:
        assert re.fullmatch(r"[0-9][0-9AB][0-9]{3}", c.insee), c
        assert c.postcodes and all(re.fullmatch(r"\d{5}", p) for p in c.postcodes), c
        assert -22 < c.latitude < 52 and -62 < c.longitude < 56, c  # metropole and DROM


def test_every_trade_is_a_valid_upstream_query():
    kinds = set()
    for t in ref._trades().trades:
        kinds.add(t.kind)
        assert t.kind in ("appellation", "rome", "group", "diploma") and t.label
        assert len(t.romes) <= 20, t  # the job search API refuses more than 20
        assert all(re.fullmatch(r"[A-Z]\d{4}", r) for r in t.romes), t
        if t.kind == "diploma":
            # Without ROME codes a diploma is searched by its RNCP sheet upstream.
            assert re.fullmatch(r"RNCP\d+", t.rncp) and re.fullmatch(r"[0-9A-Z]{8}", t.cfd), t
            assert t.level is None or 3 <= t.level <= 7, t
        else:
            assert t.romes and not (t.rncp or t.cfd or t.level), t
    assert kinds == {"appellation", "rome", "group", "diploma"}


def test_municipal_arrondissements_have_their_own_postcode_and_point():
    cities = {"75": ref.commune_by_insee("75056"), "69": ref.commune_by_insee("69123"),
              "13": ref.commune_by_insee("13055")}
    points = set()
    for code in ARRONDISSEMENTS:
        a = ref.commune_by_insee(code)
        assert a is not None and "Arrondissement" in a.name, code
        city = cities[code[:2]]
        assert set(a.postcodes) <= set(city.postcodes)
        # within about 12 km of the city's centre (0.11 degree of latitude)
        assert abs(a.latitude - city.latitude) < 0.11 and abs(a.longitude - city.longitude) < 0.16
        points.add((a.latitude, a.longitude))
    assert len(points) == len(ARRONDISSEMENTS)  # one centre each, not the city's


def test_paris_13e_by_insee_and_by_postcode():
    by_insee = ref.commune_by_insee("75113")
    assert by_insee.name == "Paris 13e Arrondissement"
    assert by_insee.postcodes == ("75013",) and by_insee.departement == "75"
    assert by_insee.label == "Paris 13e Arrondissement (75013)"
    assert 48.81 < by_insee.latitude < 48.84 and 2.33 < by_insee.longitude < 2.39
    by_postcode = ref.communes_by_postcode("75013")
    assert [c.insee for c in by_postcode] == ["75113", "75056"]  # most specific first
    assert ref.search_communes("75013")[0] == by_insee
    assert ref.search_communes("75113")[0] == by_insee  # an INSEE code typed in the box
    assert ref.search_communes("paris 13")[0] == by_insee
    assert ref.communes_by_postcode("75116")[0].insee == "75116"


def test_five_digits_are_a_postcode_first_then_an_insee_code():
    found = [c.insee for c in ref.search_communes("69003")]
    assert found == ["69383", "69123", "69003"]  # Lyon 3e, Lyon, then Albigny-sur-Saône
    assert ref.search_communes("2a004")[0].name == "Ajaccio"
    assert len(ref.search_communes("6")) == 20


def test_former_insee_code_gives_todays_commune():
    assert ref.commune_by_insee("74011").name == "Annecy"  # Annecy-le-Vieux, merged 2017
    assert ref.commune_by_insee(" 74010 ").insee == "74010"
    assert ref.commune_by_insee("99999") is None and ref.commune_by_insee(None) is None


@pytest.mark.parametrize("q", ["saint etienne", "SAINT-ÉTIENNE", "st etienne", "Saint Etienne"])
def test_communes_ignore_accents_case_and_punctuation(q):
    first = ref.search_communes(q)[0]
    assert (first.insee, first.name) == ("42218", "Saint-Étienne")


def test_commune_postcode_prefix_lists_lyon_arrondissements():
    found = ref.search_communes("690")
    assert all(any(p.startswith("690") for p in c.postcodes) for c in found)
    assert {f"6938{n}" for n in range(1, 10)} <= {c.insee for c in found}
    assert found[0].insee == "69381"  # 69001 first: postcode order, arrondissement first


def test_commune_exact_name_then_prefix_by_population():
    found = ref.search_communes("lyon")
    assert found[0].insee == "69123"
    assert {c.insee for c in found[1:10]} == {f"6938{n}" for n in range(1, 10)}
    assert ref.search_communes("Paris")[0].insee == "75056"


@pytest.mark.parametrize("q", ["eleve", "ÉLÈVE", "Elevé"])
def test_trades_ignore_accents_and_case(q):
    labels = [t.label for t in ref.search_trades(q)]
    assert any(fold(l).startswith("eleveur") for l in labels)  # "Éleveur / Éleveuse ..."
    assert any("élèves" in l for l in labels)  # "... des élèves en situation de handicap"
    groups = [t.label for t in ref.search_trades("élevage") if t.kind == "group"]
    assert "Elevage de chevaux" in groups


@pytest.mark.parametrize("q", ["sain", "mont", "ville", "ste marie", "bourg"])
def test_communes_are_prefix_first_then_word_prefix_then_contains(q):
    found = ref.search_communes(q)
    assert len(found) == 20
    tiers = [tier(c.name, q.replace("ste ", "sainte ")) for c in found]
    assert tiers == sorted(tiers)


def test_commune_contains_tier_is_reached():
    assert [c.name for c in ref.search_communes("asbourg")] == ["Strasbourg"]


def test_exact_name_comes_first():
    assert {c.name for c in ref.search_communes("ville")[:2]} == {"Ville", "Villé"}
    assert ref.search_communes("ville")[2].name == "Villeurbanne"  # then by population


def test_trade_groups_keep_their_codes_and_rome_codes_find_their_label():
    found = ref.search_trades("plomb")
    group = next(t for t in found if t.kind == "group")
    assert group.label == "Plomberie" and "F1603" in group.romes
    assert ref.search_trades("M1805")[0] == ref.trade_by_rome("M1805")


def test_trade_by_rome_is_the_rome_4_label():
    dev = ref.trade_by_rome("m1805")
    assert dev.label == "Développeur / Développeuse informatique"
    assert dev.romes == ("M1805",) and dev.kind == "rome" and dev.matched == dev.label
    sub = ref.trade_by_rome("A1102")
    assert sub.romes == ("A1102", "A1101")  # a ROME 4.0 sub-code searches with its parent
    assert ref.trade_by_rome("Z9999") is None


def test_rncp_to_rome_on_real_codes():
    assert ref.romes_for_rncp("RNCP34001") == ("A1101", "G1101", "N2201")
    assert ref.romes_for_rncp("34001") == ref.romes_for_rncp("rncp 34001") == ("A1101", "G1101", "N2201")
    assert ref.romes_for_rncp("RNCP99999999") == () and ref.romes_for_rncp("") == ()


def test_cfd_to_rncp_to_rome_on_real_codes():
    # BAC PRO maintenance des véhicules option A voitures particulières
    assert ref.rncps_for_cfd("40025214") == ("RNCP19117",)
    assert ref.romes_for_cfd("40025214") == ("I1604",)
    # A 7-character CFD from the kit (leading zero lost) is padded
    assert ref.rncps_for_cfd("1022001") == ref.rncps_for_cfd("01022001") == ("RNCP955",)
    assert ref.romes_for_cfd("1022001") == ("H1506",)
    assert ref.diploma_level_for_cfd("40025214") == 4
    # Two sheets: the active one first, ROME codes of both, no duplicates
    assert ref.rncps_for_cfd("13511418") == ("RNCP35051", "RNCP23315")
    assert ref.romes_for_cfd("13511418") == ("M1403", "C1101", "M1201", "C1105", "C1202")
    # A sheet newer than the 2021 RNCP table: known diploma, no ROME codes
    assert ref.rncps_for_cfd("50022141") == ("RNCP35316",) and ref.romes_for_cfd("50022141") == ()
    assert ref.rncps_for_cfd("nonsense") == ()


def test_limits_and_empty_queries():
    assert len(ref.search_communes("a", limit=5)) == 5
    assert ref.search_communes("   ") == [] and ref.search_trades("") == []
    assert ref.search_trades("zzzzqqq") == []
