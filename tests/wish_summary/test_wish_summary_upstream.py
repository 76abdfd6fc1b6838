"""The page never waits on API Apprentissage: a fake upstream on loopback that hangs until
released, and one that answers a capped search."""
from __future__ import annotations

import threading
from html import unescape
from urllib.parse import urlencode

import pytest

from summary_fakes import capped_payload

PAGE = "/widgets/v1/wish-summary"
WISH = {"caller": "parcoursup", "platform": "parcoursup", "formation_start": "2027-09-01",
        "romes": "F1603", "latitude": "48.85", "longitude": "2.35"}


def html_of(response) -> str:
    return unescape(response.get_data(as_text=True))


def test_page_is_served_while_the_upstream_hangs_and_never_calls_it(upstream, upstream_app):
    upstream.reset("hang")
    client = upstream_app.test_client()
    # The page path: served at once, with the offers link in place of the counts.
    response = client.get(PAGE + "?" + urlencode(WISH))
    assert response.status_code == 200
    html = html_of(response)
    assert 'data-market-status="pending"' in html and "Voir les offres" in html
    assert "Trouver un employeur" in html and "Salaire minimum" in html
    assert upstream.count == 0, "the page path must not call the upstream"

    # The fill-in fragment does call it, and waits: while that call hangs in the fake,
    # the page still answers, and still makes no call of its own.
    fragment = {}
    worker = threading.Thread(target=lambda: fragment.update(
        response=upstream_app.test_client().get(PAGE + "?" + urlencode({**WISH, "fragment": "market"}))))
    worker.start()
    try:
        for _ in range(200):
            if upstream.in_flight:
                break
            threading.Event().wait(0.02)
        assert upstream.in_flight == 1
        calls = upstream.count
        for radius in ("30", "31", "32"):     # fresh URLs: no page micro-cache involved
            again = client.get(PAGE + "?" + urlencode({**WISH, "radius": radius}))
            assert again.status_code == 200 and 'data-market-status="pending"' in html_of(again)
            assert upstream.in_flight == 1, "the page returned while the upstream still hangs"
        assert upstream.count == calls, "the page path saw the upstream"
    finally:
        upstream.release()
        worker.join(30)
    assert fragment["response"].status_code == 200


def test_counts_cached_by_the_fill_in_are_shown_by_the_page_without_a_call(upstream, upstream_app):
    client = upstream_app.test_client()
    fragment = client.get(PAGE + "?" + urlencode({**WISH, "fragment": "market"}))
    assert 'data-market-status="known"' in html_of(fragment)
    assert upstream.count == 1
    html = html_of(client.get(PAGE + "?" + urlencode(WISH)))
    assert "2 offres · 1 entreprise à moins de 30 km." in html
    assert upstream.count == 1


def test_when_the_upstream_fails_the_link_stays(upstream, upstream_app):
    upstream.reset("500")
    client = upstream_app.test_client()
    fragment = html_of(client.get(PAGE + "?" + urlencode({**WISH, "fragment": "market"})))
    assert 'data-market-status="unavailable"' in fragment and "Voir les offres" in fragment
    body = client.get("/api/v1/wish-summary?" + urlencode(WISH)).get_json()
    assert body["market"]["status"] == "unavailable" and body["market"]["offers"] is None
    assert body["now"]["sentence"] and body["pay"] is not None      # the rest stands


def test_a_capped_upstream_answer_is_shown_as_150_or_more(upstream, upstream_app):
    upstream.reset("payload", payload=capped_payload(jobs=150, recruiters=150, other_jobs=3))
    client = upstream_app.test_client()
    body = client.get("/api/v1/wish-summary?" + urlencode(WISH)).get_json()
    assert body["market"]["offers"] == {"count": 153, "capped": True}
    assert body["market"]["companies"] == {"count": 150, "capped": True}
    html = html_of(client.get(PAGE + "?" + urlencode(WISH)))
    assert "153 offres ou plus · 150 entreprises ou plus à moins de 30 km." in html
    upstream.reset("payload", payload=capped_payload(jobs=149, recruiters=12, other_jobs=0))
    body = client.get("/api/v1/wish-summary?" + urlencode({**WISH, "radius": "40"})).get_json()
    assert body["market"]["offers"] == {"count": 149, "capped": False}


@pytest.mark.parametrize("mode", ["hang"])
def test_the_api_waits_only_within_the_upstream_budget(upstream, upstream_app, mode):
    """The JSON may wait for the source (it is the fill-in path for platforms), within
    APPRENTISSAGE_TOTAL_TIMEOUT; then it answers, with the market unavailable."""
    upstream.reset(mode)
    try:
        body = upstream_app.test_client().get("/api/v1/wish-summary?" + urlencode(WISH)).get_json()
    finally:
        upstream.release()
    assert body["market"]["status"] == "unavailable"


def test_answers_without_counts_are_kept_by_no_shared_cache(upstream, upstream_app):
    upstream.reset("500")
    client = upstream_app.test_client()
    pending = client.get(PAGE + "?" + urlencode(WISH))
    assert 'data-market-status="pending"' in html_of(pending)
    # The browser may show it again briefly (its script fills the counts in); no shared
    # cache, and not the page micro-cache, keeps it.
    assert pending.headers["Cache-Control"] == "private, max-age=30"
    failed = client.get("/api/v1/wish-summary?" + urlencode(WISH))
    assert failed.headers["Cache-Control"] == "no-cache"
    upstream.reset("ok")
    known = client.get("/api/v1/wish-summary?" + urlencode(WISH))
    assert known.headers["Cache-Control"].startswith("public")
    page = client.get(PAGE + "?" + urlencode(WISH))    # not the pending page kept
    assert 'data-market-status="known"' in html_of(page)
    assert page.headers["Cache-Control"].startswith("public")
