"""The timeline rules against dated cases: each phase, each boundary day, leap years."""
from datetime import date

import pytest

from calendar_fixtures import bundled, next_year_campaign
from widgets.calendar import rules
from widgets.calendar.campaigns import (bundled_campaigns, bundled_document,
                                        campaign_from_document, choose_campaign)
from widgets.calendar.rules import (contract_earliest_start, grace_period_last_day,
                                    next_deadline, period_last_day, position, timeline)

D = date.fromisoformat
PARCOURSUP = campaign_from_document(bundled("parcoursup-2026"))
AFFELNET = campaign_from_document(bundled("affelnet-2026"))
SEPTEMBER = D("2026-09-01")


def at(today, campaign=PARCOURSUP, formation_start=SEPTEMBER):
    steps = timeline(campaign, formation_start)
    where = position(steps, campaign.platform, D(today))
    statuses = {s.id: s.status(D(today)) for s in steps}
    return where, statuses, next_deadline(steps, D(today))


def test_apprenticeship_steps_follow_the_training_start():
    steps = {s.id: s for s in timeline(PARCOURSUP, SEPTEMBER)}
    # Employer search opens with the wishes and lasts until the last day without contract.
    assert (steps["employer_search"].start, steps["employer_search"].end) == (
        D("2026-01-19"), D("2026-11-30"))
    assert (steps["contract_window"].start, steps["contract_window"].end) == (
        D("2026-06-01"), D("2026-11-30"))
    assert steps["training_start"].start == steps["training_start"].end == SEPTEMBER
    assert steps["grace_period_end"].start == D("2026-11-30")
    assert {s.kind for s in steps.values()} == {"platform", "apprenticeship"}


def test_timeline_is_in_start_order_with_every_contract_step():
    steps = timeline(PARCOURSUP, SEPTEMBER)
    assert [s.start for s in steps] == sorted(s.start for s in steps)
    assert {s.id for s in steps} == {"wishes", "confirmation", "admission", "complementary",
                                     "employer_search", "contract_window", "training_start",
                                     "grace_period_end"}


def test_before_the_campaign_nothing_is_current_and_the_wishes_are_announced():
    where, statuses, deadline = at("2025-12-17")
    assert where.phase == "before" and where.focus is None
    assert where.advice_date == D("2026-01-19")
    assert set(statuses.values()) == {"upcoming"}
    assert (deadline.id, deadline.date, deadline.days_left) == ("wishes", D("2026-03-12"), 85)


@pytest.mark.parametrize("today, phase, focus, advice", [
    ("2026-01-19", "wishes", "wishes", "calendar.advice.parcoursup.wishes"),       # first day
    ("2026-03-12", "wishes", "wishes", "calendar.advice.parcoursup.wishes"),       # last day
    ("2026-03-13", "confirmation", "confirmation", "calendar.advice.parcoursup.confirmation"),
    ("2026-04-01", "confirmation", "confirmation", "calendar.advice.parcoursup.confirmation"),
    ("2026-04-02", "employer_search", "employer_search", "calendar.advice.employer_search"),
    ("2026-05-31", "employer_search", "employer_search", "calendar.advice.employer_search"),
    ("2026-06-01", "contract_window", "contract_window", "calendar.advice.contract_window"),
    ("2026-06-02", "admission", "admission", "calendar.advice.parcoursup.admission"),
    ("2026-07-11", "admission", "admission", "calendar.advice.parcoursup.admission"),
    ("2026-07-12", "complementary", "complementary", "calendar.advice.parcoursup.complementary"),
    ("2026-08-31", "complementary", "complementary", "calendar.advice.parcoursup.complementary"),
    ("2026-09-01", "training_start", "training_start", "calendar.advice.training_start"),
    ("2026-09-02", "grace_period", "contract_window", "calendar.advice.grace_period"),
    ("2026-11-30", "grace_period", "contract_window", "calendar.advice.grace_period"),
    ("2026-12-01", "after", None, "calendar.advice.after"),
])
def test_each_phase_and_boundary_day(today, phase, focus, advice):
    where, statuses, _ = at(today)
    assert (where.phase, where.focus, where.advice_key) == (phase, focus, advice)
    if focus:
        assert statuses[focus] == "current"


@pytest.mark.parametrize("today, done, current", [
    ("2026-03-12", set(), {"wishes", "employer_search"}),
    ("2026-03-13", {"wishes"}, {"confirmation", "employer_search"}),
    ("2026-06-11", {"wishes", "confirmation"},
     {"employer_search", "contract_window", "admission", "complementary"}),
    ("2026-09-01", {"wishes", "confirmation", "admission"},
     {"employer_search", "contract_window", "complementary", "training_start"}),
    ("2026-11-30", {"wishes", "confirmation", "admission", "complementary", "training_start"},
     {"employer_search", "contract_window", "grace_period_end"}),
])
def test_statuses_switch_on_boundary_days(today, done, current):
    _, statuses, _ = at(today)
    assert {k for k, v in statuses.items() if v == "done"} == done
    assert {k for k, v in statuses.items() if v == "current"} == current


def test_deadline_counts_days_and_is_zero_on_the_day():
    _, _, deadline = at("2026-02-28")
    assert (deadline.id, deadline.days_left) == ("wishes", 12)
    _, _, deadline = at("2026-03-12")
    assert (deadline.id, deadline.days_left) == ("wishes", 0)
    _, _, deadline = at("2026-03-13")
    assert (deadline.id, deadline.date, deadline.days_left) == ("confirmation", D("2026-04-01"), 19)


def test_shared_end_date_names_the_grace_period_deadline():
    _, _, deadline = at("2026-10-01")
    assert (deadline.id, deadline.date, deadline.days_left) == ("grace_period_end",
                                                                D("2026-11-30"), 60)


def test_after_the_end_everything_is_done_and_no_deadline_is_left():
    where, statuses, deadline = at("2027-03-01")
    assert where.phase == "after" and deadline is None
    assert set(statuses.values()) == {"done"}


def test_training_starting_in_january():
    start = D("2027-01-04")
    assert PARCOURSUP.admits(start)
    steps = {s.id: s for s in timeline(PARCOURSUP, start)}
    assert steps["contract_window"].start == D("2026-10-04")
    assert steps["grace_period_end"].end == D("2027-04-03")
    where, _, deadline = at("2026-11-29", formation_start=start)
    assert where.phase == "contract_window" and where.advice_date == D("2027-04-03")
    assert (deadline.id, deadline.days_left) == ("training_start", 36)


@pytest.mark.parametrize("start, months, last", [
    (D("2026-09-01"), 3, D("2026-11-30")),
    (D("2026-08-31"), 3, D("2026-11-30")),    # no 31 November: the last day of November
    (D("2027-11-30"), 3, D("2028-02-29")),    # leap year: ends on 29 February
    (D("2026-11-30"), 3, D("2027-02-28")),    # common year: 28 February
    (D("2028-02-29"), 3, D("2028-05-28")),
    (D("2028-01-15"), 1, D("2028-02-14")),
])
def test_period_in_months_as_french_law_counts_it(start, months, last):
    assert period_last_day(start, months) == last


def test_29_february_as_contract_start_and_training_start():
    assert contract_earliest_start(D("2028-05-29")) == D("2028-02-29")
    assert contract_earliest_start(D("2028-05-31")) == D("2028-02-29")
    assert contract_earliest_start(D("2027-05-31")) == D("2027-02-28")
    campaign = campaign_from_document(next_year_campaign())
    leap_day = D("2028-02-29")
    steps = {s.id: s for s in timeline(campaign, leap_day)}
    assert steps["contract_window"].start == D("2027-11-29")
    assert steps["grace_period_end"].end == grace_period_last_day(leap_day) == D("2028-05-28")
    where, _, deadline = at("2028-02-29", campaign, leap_day)
    assert where.phase == "training_start" and deadline.days_left == 0


def test_affelnet_phases_and_results_advice():
    where, statuses, _ = at("2026-05-04", AFFELNET)
    assert where.phase == "wishes" and where.advice_key == "calendar.advice.affelnet.wishes"
    where, _, _ = at("2026-06-22", AFFELNET)
    assert where.phase == "results" and where.advice_key == "calendar.advice.affelnet.results"
    assert AFFELNET.provisional


def test_an_academie_override_replaces_only_its_dates():
    document = bundled("affelnet-2026")
    document["academies"] = {"25": {"phases": {"wishes": {
        "start": "2026-04-27", "end": "2026-05-18",
        "source": {"title": "Académie de Versailles, calendrier", "url": "https://example.org/v"}}}}}
    versailles = campaign_from_document(document, "25")
    national = campaign_from_document(document, "01")
    assert versailles.academie == "25" and national.academie is None
    assert (versailles.phase("wishes").start, versailles.phase("wishes").end) == (
        D("2026-04-27"), D("2026-05-18"))
    assert versailles.phase("wishes").title == national.phase("wishes").title
    assert versailles.phase("results") == national.phase("results")
    assert national.phase("wishes").start == D("2026-05-04")
    # The employer search follows the académie's opening of wishes.
    steps = {s.id: s for s in timeline(versailles, SEPTEMBER)}
    assert steps["employer_search"].start == D("2026-04-27")


def test_campaign_is_chosen_by_training_start_or_by_today():
    later = campaign_from_document(next_year_campaign())
    both = [later, PARCOURSUP]
    assert choose_campaign(both, D("2027-01-04"), D("2026-11-29")) is PARCOURSUP
    assert choose_campaign(both, D("2027-09-01"), D("2026-11-29")) is later
    assert choose_campaign(both, D("2026-07-31"), D("2026-11-29")) is None
    # Without a training date: the first campaign not over yet, else the latest.
    assert choose_campaign(both, None, D("2026-05-01")) is PARCOURSUP
    assert choose_campaign(both, None, D("2026-11-29")) is later
    assert choose_campaign(both, None, D("2030-01-01")) is later
    assert choose_campaign([PARCOURSUP], None, D("2030-01-01")) is PARCOURSUP


def test_default_training_start_is_the_documented_rentree():
    assert PARCOURSUP.default_formation_start == D("2026-09-01")
    assert AFFELNET.default_formation_start == D("2026-09-01")


def test_a_new_campaign_is_data_only(tmp_path):
    for name in ("parcoursup-2026", "affelnet-2026"):
        (tmp_path / f"{name}.json").write_text((rules.DATA_DIR / f"{name}.json").read_text())
    import json
    (tmp_path / "parcoursup-2028.json").write_text(json.dumps(next_year_campaign(2)))
    assert bundled_campaigns("parcoursup", tmp_path) == ["2026", "2028"]
    assert bundled_campaigns("affelnet", tmp_path) == ["2026"]
    campaign = campaign_from_document(bundled_document("parcoursup", "2028", tmp_path))
    assert campaign.phase("wishes").start == D("2028-01-19")


def test_bundled_2027_campaigns_are_marked_provisional():
    assert bundled_campaigns("parcoursup") == bundled_campaigns("affelnet") == ["2026", "2027"]
    for platform in ("parcoursup", "affelnet"):
        campaign = campaign_from_document(bundled_document(platform, "2027"))
        assert campaign.provisional and all(p.provisional and p.note for p in campaign.phases)
        assert campaign.admits(D("2027-09-01")) and not campaign.admits(D("2027-07-31"))
    assert not PARCOURSUP.provisional


def test_law_is_read_from_dated_data():
    assert rules.LAW.contract_before_months == 3 and rules.LAW.grace_months == 3
    assert all(s["url"].startswith("https://") for s in rules.LAW.sources)


def test_every_required_phase_has_its_own_advice_sentence():
    from widgets.calendar.schema import PLATFORM_PHASES
    from widgets.texts import TEXTS
    for platform, phases in PLATFORM_PHASES.items():
        for phase in phases:
            assert f"calendar.advice.{platform}.{phase}" in TEXTS
    for phase in ("before", "employer_search", "contract_window", "training_start",
                  "grace_period", "after"):
        assert f"calendar.advice.{phase}" in TEXTS
