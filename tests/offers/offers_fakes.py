"""A fake API Apprentissage on loopback, with fault modes; apps wired to it."""
from __future__ import annotations

import copy
import json
import socket
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit


from bff import create_app
from servers import FakeUpstream, serving  # noqa: F401 (serving: shared by the tests here)

FIXTURES = Path(__file__).parent / "fixtures"
SEARCH_200 = json.loads((FIXTURES / "job_v1_search_200.synthetic.json").read_text())
SEARCH_WARNING = json.loads((FIXTURES / "job_v1_search_200_with_warning.synthetic.json").read_text())
API_KEY = "test-key-7f3a9c-do-not-leak"

# Timeouts small enough for fast tests, in the same proportions as production.
FAST_UPSTREAM = {
    "APPRENTISSAGE_CONNECT_TIMEOUT": 0.5,
    "APPRENTISSAGE_READ_TIMEOUT": 0.6,
    "APPRENTISSAGE_TOTAL_TIMEOUT": 1.5,
    "APPRENTISSAGE_MAX_RETRIES": 2,
    "APPRENTISSAGE_BACKOFF": 0.05,
    "APPRENTISSAGE_MAX_RETRY_AFTER": 1.0,
    "APPRENTISSAGE_BREAKER_THRESHOLD": 50,
    "APPRENTISSAGE_BREAKER_RESET": 60.0,
}
# A Paris search: the example offers are 2 to 3 km from this point.
PARIS = "romes=F1603&latitude=48.85&longitude=2.35&radius=30"


def invalid_items_payload() -> dict:
    payload = copy.deepcopy(SEARCH_200)
    broken = copy.deepcopy(payload["jobs"][0])
    del broken["offer"]["title"]                       # nothing to show
    hostile = copy.deepcopy(payload["jobs"][0])
    hostile["identifier"]["id"] = "hostile"
    hostile["apply"]["url"] = "javascript:alert(1)"    # never an href
    bad_recruiter = copy.deepcopy(payload["recruiters"][0])
    bad_recruiter["workplace"] = "not an object"
    payload["jobs"] += [broken, hostile, "not an object"]
    payload["recruiters"].append(bad_recruiter)
    return payload


class FakeApprentissage(FakeUpstream):
    """Answers ``GET /api/job/v1/search`` according to ``mode``; records every call.

    Modes: ok, slow, timeout, 500, flaky (500 then ok), 429 (long Retry-After),
    429-once (short Retry-After, then ok), malformed, invalid, warning, empty, 400,
    payload (answers ``self.payload``).
    """

    def __init__(self):
        super().__init__("/api")
        self.reset()

    def reset(self, mode="ok", **settings):
        defaults = dict(delay=0.0, retry_after="1", failures_before_ok=1, payload=SEARCH_200)
        super().reset(mode, **{**defaults, **settings})

    def handle(self, request):
        parts = urlsplit(request.path)
        number = self.record({"path": parts.path, "params": parse_qs(parts.query),
                              "authorization": request.headers.get("Authorization")})
        if parts.path != "/api/job/v1/search":
            return self.send(request, 404, {"error": "not found"})
        mode = self.mode
        if mode == "slow":
            time.sleep(self.delay)
            return self.send(request, 200, SEARCH_200)
        if mode == "timeout":
            time.sleep(self.delay or 3.0)
            return self.send(request, 200, SEARCH_200)
        if mode == "500":
            return self.send(request, 500, {"error": "Internal Server Error"})
        if mode == "flaky":
            if number <= self.failures_before_ok:
                return self.send(request, 503, {"error": "Service Unavailable"})
            return self.send(request, 200, SEARCH_200)
        if mode == "429":
            return self.send(request, 429, {"error": "Too Many Requests"},
                             {"Retry-After": self.retry_after})
        if mode == "429-once":
            if number == 1:
                return self.send(request, 429, {"error": "Too Many Requests"},
                                 {"Retry-After": self.retry_after})
            return self.send(request, 200, SEARCH_200)
        if mode == "malformed":
            return self.send_raw(request, 200, b'{"jobs": [ {"identifier": ', "application/json")
        if mode == "invalid":
            return self.send(request, 200, invalid_items_payload())
        if mode == "warning":
            payload = copy.deepcopy(SEARCH_200)
            payload["warnings"] = SEARCH_WARNING["warnings"]
            return self.send(request, 200, payload)
        if mode == "payload":
            return self.send(request, 200, self.payload)
        if mode == "empty":
            return self.send(request, 200, {"jobs": [], "recruiters": [], "warnings": []})
        if mode == "400":
            return self.send(request, 400, {"statusCode": 400, "error": "Bad Request",
                                            "message": "Cannot find an active Certification"})
        return self.send(request, 200, SEARCH_200)


def refused_url() -> str:
    """A loopback URL where nothing listens: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/api"


def make_app(upstream_url: str | None, tmp_path, **config):
    settings = {"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'offers.sqlite3'}",
                "CACHE_TYPE": "SimpleCache", **FAST_UPSTREAM}
    if upstream_url:
        settings.update(APPRENTISSAGE_API_KEY=API_KEY, APPRENTISSAGE_API_URL=upstream_url)
    settings.update(config)
    return create_app(settings)


