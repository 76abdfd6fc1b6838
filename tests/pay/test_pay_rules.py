"""The pay rules, case by case, each with the legal text or official example it checks.

Expected amounts are the figures of the facts sheet (rate × published monthly SMIC,
rounded half-up to the cent), which match published payroll tables (arifts.fr,
bizouard.com, payfit.com), or the BOSS worked example.
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from widgets.pay.figures import figures
from widgets.pay.rules import (
    age, age_band, contract_end, contract_year, contribution_lines, csg_crds_base,
    minimum_gross, net_monthly, regime_for, simulate, smic_on, training_year,
)

D = Decimal
OLD = regime_for(date(2025, 2, 28))
NEW = regime_for(date(2025, 3, 1))


def band(key):
    return next(b for b in figures().bands if b.key == key)


def period_on(simulation, day):
    return next(p for p in simulation.periods if p.start <= day <= p.end)


# D6222-26: every band and year, on each SMIC of the facts sheet's table.
GRID_CASES = [
    # (SMIC in force on, band, [year 1, year 2, year 3] minimum gross)
    (date(2025, 6, 1), "under_18", ["486.49", "702.70", "990.99"]),
    (date(2025, 6, 1), "18_20", ["774.77", "918.92", "1207.21"]),
    (date(2025, 6, 1), "21_25", ["954.95", "1099.10", "1405.40"]),
    (date(2025, 6, 1), "26_plus", ["1801.80", "1801.80", "1801.80"]),
    (date(2026, 1, 1), "under_18", ["492.22", "710.98", "1002.67"]),
    (date(2026, 1, 1), "18_20", ["783.90", "929.75", "1221.43"]),
    (date(2026, 1, 1), "21_25", ["966.21", "1112.05", "1421.96"]),
    (date(2026, 1, 1), "26_plus", ["1823.03", "1823.03", "1823.03"]),
    (date(2026, 6, 1), "under_18", ["504.10", "728.14", "1026.86"]),
    (date(2026, 6, 1), "18_20", ["802.82", "952.18", "1250.90"]),
    (date(2026, 6, 1), "21_25", ["989.52", "1138.88", "1456.28"]),
    (date(2026, 6, 1), "26_plus", ["1867.02", "1867.02", "1867.02"]),
]


@pytest.mark.parametrize("on,key,expected", GRID_CASES)
def test_grid_every_band_and_year_D6222_26(on, key, expected):
    for year, amount in enumerate(expected, start=1):
        assert minimum_gross(band(key), year, on).gross_monthly == D(amount)
    # A 4th year keeps the 3rd year's rate.
    assert minimum_gross(band(key), 4, on).gross_monthly == D(expected[2])


# D6222-31 al. 1: the new band applies from the 1st day of the month after the birthday.
BIRTHDAY_CASES = [
    # (birth month, last day of the old band, band before, band after) — source: D6222-31
    (date(2008, 5, 1), date(2026, 5, 31), "under_18", "18_20"),   # D6222-31 example: born 20 May 2008
    (date(2005, 6, 1), date(2026, 6, 30), "18_20", "21_25"),      # born 1 June: still the next month
    (date(2000, 3, 1), date(2026, 3, 31), "21_25", "26_plus"),
    (date(2007, 12, 1), date(2025, 12, 31), "under_18", "18_20"),  # December: next year's 1 January
    (date(2008, 2, 1), date(2026, 2, 28), "under_18", "18_20"),   # 29 February 2008 too: see docs/widgets/pay.md
]


@pytest.mark.parametrize("birth,last_day,before,after", BIRTHDAY_CASES)
def test_band_changes_first_day_of_month_after_birthday_D6222_31(birth, last_day, before, after):
    assert age_band(birth, last_day).key == before
    assert age_band(birth, last_day + timedelta(days=1)).key == after


def test_under_16_gets_the_under_18_rates_D6222_27():
    born = date(2011, 1, 1)
    assert age(born, date(2026, 9, 1)) == 15
    assert age_band(born, date(2026, 9, 1)).key == "under_18"
    assert minimum_gross(age_band(born, date(2026, 9, 1)), 1, date(2026, 9, 1)).rate_percent == 27


def test_years_already_executed_count_across_bands_D6222_31_al3():
    # 17 at the start, 18 on 2026-06-01 during year 1, then years 2 and 3 of the 18-20 band.
    sim = simulate(date(2008, 5, 1), date(2025, 9, 1), 36)
    assert [(p.start, p.minimum.rate_percent) for p in sim.periods if p.minimum.rate_percent in (27, 43, 51, 67)][:1] == [(date(2025, 9, 1), 27)]
    assert period_on(sim, date(2026, 5, 31)).minimum.rate_percent == 27
    assert period_on(sim, date(2026, 6, 1)).minimum.rate_percent == 43
    assert period_on(sim, date(2026, 9, 1)).minimum.rate_percent == 51
    assert period_on(sim, date(2027, 9, 1)).minimum.rate_percent == 67
    assert period_on(sim, date(2028, 8, 31)).end == date(2028, 8, 31) == sim.contract_end


# SMIC revaluations: the new SMIC applies from its effective date (Cass. soc. 12-3-1987).
SMIC_CASES = [
    (date(2023, 4, 30), "1709.28"), (date(2023, 5, 1), "1747.20"),    # arrêté 26 Apr 2023
    (date(2023, 12, 31), "1747.20"), (date(2024, 1, 1), "1766.92"),   # décret 2023-1216
    (date(2024, 10, 31), "1766.92"), (date(2024, 11, 1), "1801.80"),  # décret 2024-951
    (date(2025, 1, 1), "1801.80"),                                    # no 2025 revaluation
    (date(2025, 12, 31), "1801.80"), (date(2026, 1, 1), "1823.03"),   # décret 2025-1228
    (date(2026, 5, 31), "1823.03"), (date(2026, 6, 1), "1867.02"),    # 1 June 2026 revaluation
    (date(2029, 9, 1), "1867.02"),                                    # latest known kept after
]


@pytest.mark.parametrize("on,monthly", SMIC_CASES)
def test_smic_in_force_on_each_side_of_a_revaluation(on, monthly):
    assert smic_on(on).monthly == D(monthly)


def test_simulation_is_cut_at_each_revaluation():
    sim = simulate(date(1990, 1, 1), date(2025, 9, 1), 12)  # 26+: 100 % of the SMIC
    for eve, gross_before, gross_after in [(date(2025, 12, 31), "1801.80", "1823.03"),
                                           (date(2026, 5, 31), "1823.03", "1867.02")]:
        before, after = period_on(sim, eve), period_on(sim, eve + timedelta(days=1))
        assert before.end == eve and after.start == eve + timedelta(days=1)
        assert (before.minimum.gross_monthly, after.minimum.gross_monthly) == (
            D(gross_before), D(gross_after))


def test_mayotte_uses_its_own_smic_and_gives_no_net():
    # Mayotte SMIC 2026-01-01: 1 415,05 € (décret 2025-1228); 27 % → 382,06 €.
    sim = simulate(date(2010, 1, 1), date(2026, 1, 1), 6, territory="mayotte")
    assert sim.periods[0].minimum.gross_monthly == D("382.06")
    assert sim.periods[0].net_monthly is None


# Contract year: counted date to date from the first day of execution (finceo.com, Rép. Liot).
ANNIVERSARY_CASES = [
    (date(2025, 9, 15), date(2026, 9, 14), 1),
    (date(2025, 9, 15), date(2026, 9, 15), 2),
    (date(2025, 9, 15), date(2027, 9, 15), 3),
    (date(2025, 9, 15), date(2028, 9, 15), 4),
    (date(2025, 1, 31), date(2026, 1, 30), 1),
    (date(2025, 1, 31), date(2026, 1, 31), 2),
    # 29 February: the year ends on 28 February of a common year, the next starts 1 March.
    (date(2024, 2, 29), date(2025, 2, 28), 1),
    (date(2024, 2, 29), date(2025, 3, 1), 2),
    (date(2024, 2, 29), date(2028, 2, 28), 4),
    (date(2024, 2, 29), date(2028, 2, 29), 5),
    (date(2020, 9, 1), date(2031, 8, 31), 11),
    (date(2020, 9, 1), date(2031, 9, 1), 12),
]


@pytest.mark.parametrize("start,on,year", ANNIVERSARY_CASES)
def test_contract_year_date_to_date(start, on, year):
    assert contract_year(start, on) == year


def test_fourth_year_keeps_third_year_rate_and_periods_end_on_the_eve_of_anniversaries():
    sim = simulate(date(2004, 1, 1), date(2025, 9, 15), 48)  # 21-25 all along
    for anniversary, year, rate in [(date(2026, 9, 15), 2, 61), (date(2027, 9, 15), 3, 78),
                                    (date(2028, 9, 15), 4, 78)]:
        assert period_on(sim, anniversary - timedelta(days=1)).end == anniversary - timedelta(days=1)
        started = period_on(sim, anniversary)
        assert (started.start, started.contract_year, started.minimum.rate_percent) == (
            anniversary, year, rate)
    assert period_on(sim, date(2025, 9, 15)).minimum.rate_percent == 53
    assert sim.contract_end == date(2029, 9, 14)


def test_contract_end_is_inclusive_and_date_to_date():
    assert contract_end(date(2025, 9, 1), 24) == date(2027, 8, 31)
    assert contract_end(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert contract_end(date(2024, 2, 29), 12) == date(2025, 2, 28)


# Net pay. L6243-2, D6243-5: exempt up to 79 % (signed before 2025-03-01) or 50 % of the SMIC;
# CSS L136-1-1 II 7°: CSG-CRDS on 98.25 % of the part above 50 %, new regime only.
def test_regime_chosen_by_signature_date_BOSS_3_july_2025():
    assert regime_for(date(2025, 2, 28)).exempt_share == D("0.79")
    assert not regime_for(date(2025, 2, 28)).csg_crds
    assert regime_for(date(2025, 3, 1)).exempt_share == D("0.50")
    assert regime_for(date(2025, 3, 1)).csg_crds
    signed_before = simulate(date(2000, 1, 1), date(2025, 9, 1), 6, signed_on=date(2025, 2, 15))
    signed_after = simulate(date(2000, 1, 1), date(2025, 9, 1), 6)
    assert signed_before.regime.key == "before_2025_03"
    assert signed_after.regime.key == "from_2025_03"


def test_boss_example_1200_from_2025_03_01():
    # BOSS Exo. Apprenti-110: 1 200 € gross, contract from 2025-03-01 → CSG-CRDS base 293,87 €.
    assert csg_crds_base(D("1200"), D("1801.80"), NEW, D("3925")) == D("293.87")
    lines = {line.name: line.amount for line in contribution_lines(D("1200"), date(2025, 3, 1), NEW)}
    csg_crds = lines["CSG déductible"] + lines["CSG non déductible"] + lines["CRDS"]
    assert csg_crds == D("28.50")
    # Contributions at 11.31 % on 299,10 € (33,83 €) plus CSG-CRDS.
    assert net_monthly(D("1200"), date(2025, 3, 1), NEW) == D("1200") - D("33.83") - D("28.50")


THRESHOLD_CASES = [
    # (gross, on, regime, net) — 79 % of 1 801,80 = 1 423,42 ; 50 % = 900,90 ; 50 % of 1 823,03 = 911,52
    ("1423.42", date(2025, 6, 1), OLD, "1423.42"),   # at the 79 % threshold: nothing due
    ("1500.00", date(2025, 6, 1), OLD, "1491.34"),   # 11,31 % of 76,58 € (8,66 €), no CSG-CRDS
    ("1801.80", date(2025, 6, 1), OLD, "1759.01"),   # 26+: 11,31 % of 378,38 € (42,79 €)
    ("900.90", date(2025, 6, 1), NEW, "900.90"),     # at the 50 % threshold: nothing due
    # 99,10 € above: 6,84 + 3,12 + 0,85 + 0,40 ; CSG-CRDS base 97,37: 6,62 + 2,34 + 0,49
    ("1000.00", date(2025, 6, 1), NEW, "979.34"),
    ("911.52", date(2026, 1, 1), NEW, "911.52"),     # 2026 threshold
    ("1405.40", date(2025, 6, 1), OLD, "1405.40"),   # 21-25 year 3 minimum stays exempt (< 79 %)
]


@pytest.mark.parametrize("gross,on,regime,net", THRESHOLD_CASES)
def test_thresholds_79_and_50_percent(gross, on, regime, net):
    assert net_monthly(D(gross), on, regime) == D(net)


def test_net_follows_the_smic_of_each_month():
    # Same gross, the 50 % threshold rises with the SMIC (900,90 → 911,52): less is due.
    assert net_monthly(D("1000"), date(2026, 1, 1), NEW) > net_monthly(D("1000"), date(2025, 12, 1), NEW)


def test_above_the_pss_second_tranche_and_cet_apply():
    names = {line.name for line in contribution_lines(D("5000"), date(2026, 1, 1), NEW)}
    assert "Retraite complémentaire AGIRC-ARRCO tranche 2" in names
    assert "Contribution d'équilibre technique (CET)" in names
    assert "Contribution d'équilibre technique (CET)" not in {
        line.name for line in contribution_lines(D("3000"), date(2026, 1, 1), NEW)}


# D6222-26 3° and 4°: from 21, the rate applies to the branch minimum when it is higher.
BRANCH_CASES = [
    ("21_25", 1, "2000", "conventional_minimum", "1060.00"),
    ("26_plus", 2, "2000", "conventional_minimum", "2000.00"),
    ("21_25", 3, "1700", "smic", "1405.40"),          # lower than the SMIC: the SMIC stays
    ("18_20", 1, "2000", "smic", "774.77"),           # under 21: the SMIC only
    ("under_18", 3, "2500", "smic", "990.99"),
]


@pytest.mark.parametrize("key,year,branch,reference,gross", BRANCH_CASES)
def test_branch_minimum_from_21(key, year, branch, reference, gross):
    minimum = minimum_gross(band(key), year, date(2025, 6, 1), conventional_minimum=D(branch))
    assert (minimum.reference, minimum.gross_monthly) == (reference, D(gross))


# D6222-28-1 (shorter contract), D6222-32 (licence professionnelle): paid from that year's rate.
@pytest.mark.parametrize("starts_in_year,rates", [(1, [43, 51]), (2, [51, 67]), (3, [67, 67])])
def test_starts_in_year(starts_in_year, rates):
    sim = simulate(date(2007, 1, 1), date(2026, 9, 1), 24, starts_in_year=starts_in_year)
    assert [period_on(sim, date(2026, 9, 1)).minimum.rate_percent,
            period_on(sim, date(2027, 9, 1)).minimum.rate_percent] == rates
    assert training_year(4, starts_in_year) == 3


def test_offer_net_and_below_minimum():
    sim = simulate(date(2004, 1, 1), date(2025, 9, 1), 12, offered_gross=D("1000"))
    first = sim.periods[0]
    assert first.minimum.gross_monthly == D("954.95")
    assert first.offer.below_minimum is False
    assert first.offer.net_monthly == D("979.34")
    low = simulate(date(2004, 1, 1), date(2025, 9, 1), 12, offered_gross=D("900"))
    assert all(p.offer.below_minimum for p in low.periods)


def test_summary_by_contract_year():
    sim = simulate(date(2008, 5, 1), date(2025, 9, 1), 24)
    assert [(y.contract_year, y.gross_monthly_min, y.gross_monthly_max) for y in sim.years] == [
        (1, D("486.49"), D("802.82")), (2, D("952.18"), D("952.18"))]


@settings(max_examples=60, deadline=None)
@given(birth=st.dates(date(1930, 1, 1), date(2014, 12, 1)),
       start=st.dates(date(2023, 1, 1), date(2030, 12, 31)),
       months=st.integers(6, 48), first_year=st.integers(1, 3))
def test_periods_tile_the_contract_and_differ_from_their_neighbours(birth, start, months, first_year):
    sim = simulate(birth.replace(day=1), start, months, starts_in_year=first_year)
    assert sim.periods[0].start == start and sim.periods[-1].end == sim.contract_end
    for before, after in zip(sim.periods, sim.periods[1:]):
        assert after.start == before.end + timedelta(days=1)
        assert not before.same_terms(after)
    for p in sim.periods:
        assert p.minimum.gross_monthly > 0 and p.net_monthly <= p.minimum.gross_monthly


def test_every_figure_is_dated_and_sourced():
    import json
    from widgets.pay.figures import DATA_DIR

    for name in ("smic.json", "grid.json", "contributions.json"):
        data = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
        assert date.fromisoformat(data["checked_on"])
    smic = json.loads((DATA_DIR / "smic.json").read_text(encoding="utf-8"))
    assert all(row["source"] and row["metropole"] and row["mayotte"] for row in smic["rows"])
    # Monthly SMIC = hourly × 151 2/3 h, as published (rounded to the cent).
    for row in smic["rows"]:
        for territory in ("metropole", "mayotte"):
            hourly, monthly = D(row[territory]["hourly"]), D(row[territory]["monthly"])
            assert abs(hourly * 455 / 3 - monthly) <= D("0.01")
    assert all(b.source for b in figures().bands)
    assert all(r.source for r in figures().regimes)
