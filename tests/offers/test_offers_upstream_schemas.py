"""The compiled loader of upstream items accepts exactly what the marshmallow schemas
accept and gives the same result, including on damaged and hostile items."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from bench.fake_upstream import synthetic_search
from widgets.offers.upstream_schemas import (JOB_OFFER, JOB_OFFER_LOADER, RECRUITER,
                                             RECRUITER_LOADER, valid_items)

FIXTURE = Path(__file__).parent / "fixtures" / "job_v1_search_200.synthetic.json"
SEARCH = json.loads(FIXTURE.read_text())
JOBS = SEARCH["jobs"] + synthetic_search(45.76, 4.83, ["F1603"])["jobs"][:3]
RECRUITERS = SEARCH["recruiters"] + synthetic_search(45.76, 4.83, ["F1603"])["recruiters"][:2]

# Values of every JSON type and of the edges the schemas care about.
ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
    st.just(float("inf")), st.text(max_size=12), st.just(""), st.just("2026-09-01T00:00:00Z"),
    st.just("javascript:alert(1)"), st.just("https://example.fr/x"), st.just("42"),
    st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=3),
    st.lists(st.integers(-200, 200), min_size=2, max_size=2), st.just({}),
    st.just({"coordinates": [2.35, 48.85]}), st.just(["a"]),
)


def paths(value, prefix=()):
    """Every key path of a nested JSON object (dicts and lists)."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield prefix + (key,)
            yield from paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield prefix + (index,)
            yield from paths(child, prefix + (index,))


def outcome(load, item):
    try:
        return "ok", load(item)
    except ValidationError:
        return "refused", None


def assert_same(schema, loader, item):
    expected = outcome(schema.load, item if isinstance(item, dict) else {"_": item})
    assert outcome(loader.load, item) == expected, item


@pytest.mark.parametrize("index", range(len(JOBS)))
def test_valid_jobs_load_identically(index):
    assert_same(JOB_OFFER, JOB_OFFER_LOADER, JOBS[index])
    assert outcome(JOB_OFFER_LOADER.load, JOBS[index])[0] == "ok"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_jobs_are_refused_or_loaded_exactly_as_marshmallow_does(data):
    item = copy.deepcopy(data.draw(st.sampled_from(JOBS)))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(sorted(paths(item), key=repr)))
        parent = item
        for step in path[:-1]:
            parent = parent[step]
        if data.draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = copy.deepcopy(data.draw(ODD_VALUES))   # st.just values are shared objects
        if not list(paths(item)):
            break
    assert_same(JOB_OFFER, JOB_OFFER_LOADER, item)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_damaged_recruiters_are_refused_or_loaded_exactly_as_marshmallow_does(data):
    item = copy.deepcopy(data.draw(st.sampled_from(RECRUITERS)))
    path = data.draw(st.sampled_from(sorted(paths(item), key=repr)))
    parent = item
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = copy.deepcopy(data.draw(ODD_VALUES))   # st.just values are shared objects
    assert_same(RECRUITER, RECRUITER_LOADER, item)


@pytest.mark.parametrize("item", [None, "not an object", 42, [], ["a"], {}, {"_": 1}])
def test_non_objects_are_refused(item):
    assert_same(JOB_OFFER, JOB_OFFER_LOADER, item)
    assert outcome(JOB_OFFER_LOADER.load, item)[0] == "refused"


def test_hostile_links_and_missing_titles_are_counted_as_dropped():
    payload = copy.deepcopy(SEARCH)
    hostile = copy.deepcopy(payload["jobs"][0])
    hostile["apply"]["url"] = "javascript:alert(1)"
    untitled = copy.deepcopy(payload["jobs"][0])
    del untitled["offer"]["title"]
    nan_place = copy.deepcopy(payload["jobs"][0])
    nan_place["workplace"]["location"]["geopoint"]["coordinates"] = [float("nan"), 48.0]
    payload["jobs"] += [hostile, untitled, nan_place]
    offers, _, _, dropped = valid_items(payload)
    assert dropped["jobs"] == 3
    assert len(offers) == len(SEARCH["jobs"])
