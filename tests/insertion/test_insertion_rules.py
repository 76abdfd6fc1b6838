"""The source's rules on figures of both sources, without HTTP: the threshold, the two
families, the notes, and the French number formats."""
from __future__ import annotations

import pytest

from fake_exposition import CFD, CFD_SMALL, UAI, UAI_MANAGER, UAI_SITE, default_answers
from widgets.insertion.answer import answer_json, one_line, percent, signed
from widgets.insertion.figures import bundle
from widgets.insertion.rules import (LEAVERS, RATE_KEYS, SHARES, from_api, from_open_data,
                                     millesime_label)
from widgets.insertion.texts import WHO  # noqa: F401  (declares the texts)
from widgets.insertion.upstream_schemas import MalformedPayload, load_stats
from widgets.texts import TEXTS, fill


def text(key, **context):
    return fill(TEXTS[key].default, context)


def api(scope, place, code, uai=None, **changes):
    payload = dict(next(iter(default_answers()[(scope, place, code)].values())), **changes)
    return from_api(load_stats(scope, payload), scope=scope, population="apprentissage",
                    code=code, asked_uai=uai, source_label="API", source_url="https://x")


def test_the_families_are_disjoint_and_complete():
    assert not set(SHARES) & set(LEAVERS)
    assert len(RATE_KEYS) == len(set(RATE_KEYS)) == 16


def test_fewer_than_20_final_year_students_withholds_every_rate():
    result = api("national", "", f"CFD:{CFD_SMALL}", taux_en_formation=20)
    assert set(result.rates.values()) == {None} and result.below_threshold
    assert [n.code for n in result.notes] == ["below_threshold"]
    at_20 = api("national", "", f"CFD:{CFD_SMALL}", nb_annee_term=20, taux_en_emploi_6_mois=25,
                taux_en_formation=25, taux_autres_6_mois=50)
    assert at_20.rates["part_en_emploi_6_mois"] == 25 and not at_20.below_threshold


def test_a_null_rate_of_the_api_is_withheld_an_absent_one_is_just_missing():
    payload = dict(next(iter(default_answers()[("national", "", f"CFD:{CFD}")].values())))
    payload["taux_en_emploi_12_mois"] = None
    del payload["taux_autres_12_mois"]
    result = from_api(load_stats("national", payload), scope="national",
                      population="apprentissage", code=f"CFD:{CFD}", asked_uai=None,
                      source_label="API", source_url="https://x")
    assert result.withheld == ("part_en_emploi_12_mois",)
    assert [n.code for n in result.notes] == ["partly_withheld"]


def test_figures_of_another_establishment_are_flagged_with_its_type():
    site = api("etablissement", UAI_SITE, f"CFD:{CFD}", uai=UAI_SITE)
    assert site.establishment["data_from"] == {"uai": UAI_MANAGER, "type": "gestionnaire"}
    assert [(n.code, n.as_context()) for n in site.notes] == [
        ("data_of_gestionnaire", {"uai": UAI_MANAGER})]
    own = api("etablissement", UAI, f"CFD:{CFD}", uai=UAI)
    assert own.establishment["data_from"] is None and own.notes == ()


@pytest.mark.parametrize("kind, note", [("ancienne", "predecessor_diploma"),
                                        ("nouvelle", "successor_diploma"), ("self", None)])
def test_a_predecessor_or_successor_diplomas_figures_are_flagged(kind, note):
    result = api("national", "", f"CFD:{CFD}",
                 donnee_source={"code_certification": "50099998", "type": kind})
    assert [n.code for n in result.notes] == ([note] if note else [])


def test_invalid_answers_are_refused_not_shown():
    good = next(iter(default_answers()[("national", "", f"CFD:{CFD}")].values()))
    for broken in (dict(good, taux_en_formation=-1), dict(good, filiere="autre"),
                   dict(good, nb_annee_term="beaucoup"), {"millesime": "2023"}, []):
        with pytest.raises(MalformedPayload):
            load_stats("national", broken)


def test_open_data_rows_keep_blank_cells_as_withheld():
    row = bundle().figures("0630003L", "2020_2021")          # every published cell blank
    result = from_open_data(row, bundle())
    assert result.withheld == row.published and set(result.rates.values()) == {None}
    assert [n.code for n in result.notes] == ["all_formations", "below_threshold"]


def test_french_number_formats():
    assert percent(57) == "57\u202f%" and percent(56.5) == "56,5\u202f%" and percent(None) is None
    assert signed(8) == "+8" and signed(-4) == "\u22124" and signed(0) == "0"
    assert millesime_label("2022_2023") == "cumul 2022-2023" and millesime_label("2023") == "2023"


def test_one_line_uses_the_share_first_and_names_its_scope():
    answer = answer_json(api("national", "", f"CFD:{CFD}"), text)
    assert one_line(answer, text) == (f"{answer['rates']['part_en_emploi_6_mois']}\u202f% des "
                                      "apprentis de cette formation en France en emploi 6 mois "
                                      "après leur sortie")
    answer["rates"]["part_en_emploi_6_mois"] = None
    assert one_line(answer, text) is None                 # no leavers' rate from the API
