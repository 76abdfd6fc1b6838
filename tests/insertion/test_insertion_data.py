"""The bundled per-CFA figures against the open-data file they come from.

``fixtures/cfa_sample.csv`` holds lines of the source file, byte for byte, written by
``tools/build_insertion.py`` when it builds the bundle; the tests never read the shared
data folder. The column mapping is restated here on purpose, independently of the tool.
"""
from __future__ import annotations

import csv
import importlib.util
import io
import re
from pathlib import Path

import pytest

from widgets.insertion.figures import bundle

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = Path(__file__).parent / "fixtures" / "cfa_sample.csv"
THRESHOLD = ("Les taux ne peuvent pas être affichés car il n'y a pas assez d'élèves pour "
             "fournir une information fiable.")
SOURCE_COLUMN = {
    "DEVENIR Part en emploi 6 mois": "part_en_emploi_6_mois",
    "DEVENIR Part poursuite études": "part_en_formation",
    "DEVENIR Part autre situation 6 mois": "part_autres_6_mois",
    "Part contrats apprentissage interrompus": "part_contrats_interrompus",
    "Taux emploi 6 mois": "taux_emploi_6_mois",
    "Taux emploi 6 mois attendu": "taux_emploi_6_mois_attendu",
    "VA emploi 6 mois": "valeur_ajoutee_6_mois",
    "Taux emploi 12 mois": "taux_emploi_12_mois",
    "Taux emploi 18 mois": "taux_emploi_18_mois",
    "Taux emploi 24 mois": "taux_emploi_24_mois",
}


def build_tool():
    spec = importlib.util.spec_from_file_location("build_insertion",
                                                  ROOT / "tools" / "build_insertion.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sample_rows() -> list[dict]:
    text = SAMPLE.read_bytes().decode("utf-8").lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def millesime(cumul: str) -> str:
    first, second = re.fullmatch(r"cumul (\d{4})-(\d{4})", cumul).groups()
    return f"{first}_{second}"


def expected(cell: str):
    return None if cell.strip() == "" else float(cell)


def test_the_sample_covers_every_case_it_is_there_for():
    rows = sample_rows()
    assert {r["Année"] for r in rows} == {f"cumul {y}-{y + 1}" for y in range(2018, 2024)}
    assert any(all(not r[c].strip() for c in SOURCE_COLUMN) for r in rows)       # all blank
    assert any(r["DEVENIR Part en emploi 6 mois"].strip() and not r["Taux emploi 6 mois"].strip()
               for r in rows)                                                    # partly
    assert any(r["VA emploi 6 mois"].startswith("-") for r in rows)
    assert any(re.fullmatch(r"\d+", r[c]) for r in rows for c in SOURCE_COLUMN)   # "29"
    assert any(r["Part contrats apprentissage interrompus"].strip() for r in rows)
    assert len(rows) >= 25


def test_bundled_figures_match_the_source_lines_exactly():
    data = bundle()
    for row in sample_rows():
        figures = data.figures(row["UAI"], millesime(row["Année"]))
        assert figures is not None, (row["UAI"], row["Année"])
        assert figures.label == row["Libellé"]
        assert figures.cumul_label == row["Année"]
        for column, key in SOURCE_COLUMN.items():
            assert figures.values[key] == expected(row[column]), (row["UAI"], row["Année"], key)
        # "Taux poursuite études" is left out because it equals the share kept.
        if row["Taux poursuite études"].strip() and row["DEVENIR Part poursuite études"].strip():
            assert float(row["Taux poursuite études"]) == figures.values["part_en_formation"]


def test_the_api_answers_the_source_values_and_null_for_blank_cells(offline_client):
    checked_blank = 0
    for row in sample_rows():
        answer = offline_client.get(f"/api/v1/insertion?uai={row['UAI']}"
                                    f"&millesime={millesime(row['Année'])}").get_json()
        for column, key in SOURCE_COLUMN.items():
            assert answer["rates"][key] == expected(row[column]), (row["UAI"], key)
        blanks = [c for c in SOURCE_COLUMN if not row[c].strip()]
        published = set(bundle().cumuls[millesime(row["Année"])]["published"])
        withheld = [c for c in blanks if SOURCE_COLUMN[c] in published]
        assert answer["below_threshold"] is bool(withheld)
        if withheld:
            checked_blank += 1
            assert "pas assez d'élèves pour fournir une information fiable" in answer["message"]
            if len(withheld) == len(published):
                assert THRESHOLD in answer["message"]
    assert checked_blank >= 6


def test_a_blank_row_is_shown_as_not_published_never_as_zero(offline_client):
    row = next(r for r in sample_rows() if all(not r[c].strip() for c in SOURCE_COLUMN))
    answer = offline_client.get(f"/api/v1/insertion?uai={row['UAI']}"
                                f"&millesime={millesime(row['Année'])}").get_json()
    assert set(answer["rates"].values()) == {None}
    assert answer["below_threshold"] is True and THRESHOLD in answer["message"]
    page = offline_client.get(f"/widgets/v1/insertion?caller=demo&uai={row['UAI']}"
                              f"&millesime={millesime(row['Année'])}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert THRESHOLD.replace("'", "&#39;") in html
    assert not re.search(r">\s*0\s*\u202f?%", html)


def test_the_build_tool_gives_the_bundled_values_for_the_sample():
    tool = build_tool()
    parsed = tool.parse(SAMPLE.read_bytes().decode("utf-8"))
    data = bundle()
    assert tool.DEFAULT_COPIED_ON == data.copied_on.isoformat()
    for uai, entry in parsed["establishments"].items():
        for cumul, values in entry["cumuls"].items():
            assert values == [data.figures(uai, cumul).values[k] for k in data.columns]
            label = entry.get("labels", {}).get(cumul, entry["label"])
            assert label == data.figures(uai, cumul).label


@pytest.mark.parametrize("change, message", [
    (lambda t: t.replace("VA emploi 6 mois", "VA"), "missing columns"),
    (lambda t: t.replace(";8.0;73.0;", ";huit;73.0;", 1), "not a percentage"),
    (lambda t: t.replace("cumul 2023-2024", "cumul 2023-2025", 1), "unexpected cumul"),
    (lambda t: t + t.splitlines(keepends=True)[1], "two rows for the same CFA"),
])
def test_the_build_tool_refuses_a_file_it_does_not_understand(change, message):
    tool = build_tool()
    text = SAMPLE.read_bytes().decode("utf-8")
    with pytest.raises(tool.SourceError, match=message):
        tool.parse(change(text))


def test_the_bundle_covers_the_whole_source_and_says_where_it_comes_from():
    data = bundle()
    assert len(data.establishments) == 3166
    assert {m: c["rows"] for m, c in data.cumuls.items()} == {
        "2023_2024": 2758, "2022_2023": 2527, "2021_2022": 2288, "2020_2021": 1767,
        "2019_2020": 1123, "2018_2019": 851}
    attribution = (ROOT / "widgets" / "insertion" / "data" / "ATTRIBUTION.md").read_text()
    assert "fr-en-inserjeunes-cfa" in attribution and "data.education.gouv.fr" in attribution
    assert "Licence Ouverte" in attribution
    assert data.copied_on.isoformat() in attribution
