"""Each upstream fault mode: what the API answers, what the widget shows, how long it
takes, and how many upstream calls were made (fake API Apprentissage on loopback)."""
from __future__ import annotations

import time
from html.parser import HTMLParser

import pytest

from offers_fakes import API_KEY, FAST_UPSTREAM, PARIS, make_app, refused_url

BUDGET = FAST_UPSTREAM["APPRENTISSAGE_TOTAL_TIMEOUT"]
MARGIN = 0.75   # scheduling noise on a shared 2-core machine
LBA = "https://labonnealternance.apprentissage.beta.gouv.fr/recherche?"

# mode, fake settings, API status, upstream calls per search
MODES = [
    ("ok", {}, 200, 1),
    ("slow", {"delay": 0.3}, 200, 1),
    ("timeout", {"delay": 3.0}, 502, 2),
    ("500", {}, 502, 3),
    ("429", {"retry_after": "30"}, 502, 1),
    ("malformed", {}, 502, 1),
    ("invalid", {}, 200, 1),
    ("refused", {}, 502, 0),
]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs))


def links_of(html: str) -> list[dict]:
    parser = Links()
    parser.feed(html)
    return parser.links


def app_for(mode, upstream, tmp_path, settings):
    app = make_app(refused_url() if mode == "refused" else upstream.url, tmp_path)
    # Warm the app as gunicorn warms a worker before it accepts requests (reference data,
    # job-market snapshot, templates: bff/warmup.py), so that only the upstream's behaviour
    # is timed.
    from bff.warmup import warm_up
    warm_up(app)
    upstream.reset(mode if mode != "refused" else "ok", **settings)
    return app


@pytest.mark.parametrize("mode, settings, status, calls", MODES, ids=[m[0] for m in MODES])
def test_api_answer_per_fault_mode(mode, settings, status, calls, upstream, tmp_path):
    client = app_for(mode, upstream, tmp_path, settings).test_client()
    started = time.monotonic()
    response = client.get(f"/api/v1/offers?{PARIS}")
    elapsed = time.monotonic() - started
    assert response.status_code == status
    assert upstream.count == calls
    assert elapsed < BUDGET + MARGIN
    assert API_KEY not in response.get_data(as_text=True)
    body = response.get_json()
    if status == 502:
        assert body["error"]["code"] == "upstream_unavailable"
        assert "La bonne alternance" in body["error"]["message"]
        assert body["fallback_url"].startswith(LBA) and "latitude=48.8500" in body["fallback_url"]
    else:
        assert body["source"] == "api-apprentissage" and body["stale"] is False
        ids = [o["id"] for o in body["offers"]]
        assert ids == ["6650f1c2a1b2c3d4e5f60718", "6650f1c2a1b2c3d4e5f6aaaa"]
        assert body["counts"] == {"offers": 2, "companies": 1}
        if mode == "invalid":
            dropped = {w["code"]: w["count"] for w in body["warnings"] if "count" in w}
            assert dropped == {"INVALID_JOB_OFFERS_DROPPED": 3, "INVALID_RECRUITERS_DROPPED": 1}
        else:
            assert body["warnings"] == []


@pytest.mark.parametrize("mode, settings, status, calls", MODES, ids=[m[0] for m in MODES])
def test_widget_page_per_fault_mode(mode, settings, status, calls, upstream, tmp_path):
    client = app_for(mode, upstream, tmp_path, settings).test_client()
    started = time.monotonic()
    response = client.get(f"/widgets/v1/offer-search?caller=demo&{PARIS}")
    elapsed = time.monotonic() - started
    html = response.get_data(as_text=True)
    assert response.status_code == 200          # the page always renders, with a message
    assert elapsed < BUDGET + MARGIN
    assert upstream.count == calls
    assert API_KEY not in html
    links = links_of(html)
    if status == 502:
        assert 'data-state="unavailable"' in html
        assert "ne peuvent pas être affichées pour le moment" in html
        lba = [a for a in links if a.get("href", "").startswith(LBA)]
        assert lba and lba[0]["target"] == "_blank" and lba[0]["rel"] == "noopener noreferrer"
        assert 'class="aw-result"' not in html
    else:
        assert "Plombier / Plombière" in html and "PLOMBERIE EXEMPLE" in html
        assert "2 offres et 1 entreprise à moins de" in html
        assert not any(a.get("href", "").startswith("javascript:") for a in links)
        assert "hostile" not in html
        results = [a for a in links if a.get("data-result")]
        assert len(results) == 3
        assert all(a["target"] == "_blank" and a["rel"] == "noopener noreferrer" for a in results)


def test_upstream_warnings_are_kept(upstream, api_client):
    upstream.reset("warning")
    body = api_client.get(f"/api/v1/offers?{PARIS}").get_json()
    assert {"code": "JOB_OFFER_FORMATING_ERROR",
            "message": "Some job offers are invalid and have been excluded due to unexpected "
                       "errors."} in body["warnings"]


def test_unknown_rncp_rejected_upstream_is_a_400(upstream, api_client):
    upstream.reset("400")
    response = api_client.get("/api/v1/offers?rncp=RNCP99999&latitude=48.85&longitude=2.35")
    assert response.status_code == 400
    assert "rncp" in response.get_json()["errors"]
    assert upstream.calls[0]["params"]["rncp"] == ["RNCP99999"]
