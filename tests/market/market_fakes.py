"""A fake API Apprentissage export on loopback (the link route and the file host), with
fault modes; helpers to write export files."""
from __future__ import annotations

import gzip
import json
from urllib.parse import urlsplit

from servers import FakeUpstream

API_KEY = "test-export-key-3b1f-do-not-leak"
LAST_UPDATE = "2026-11-28T02:10:05.000Z"


class FakeExport(FakeUpstream):
    """``GET /api/job/v1/export`` → ``{url, lastUpdate}``; ``GET /files/export.json`` → the
    export body. Modes: ok, gzip, truncated (Content-Length larger than the body, then the
    connection is closed), cut-json (a JSON array cut short, no length), 429 (Retry-After
    ``retry_after``), 429-once, 500, 401, no-url."""

    def __init__(self):
        super().__init__("/api")
        self.reset()

    def reset(self, mode="ok", body: bytes | None = None, retry_after="1"):
        super().reset(mode, retry_after=retry_after, body=b"[]" if body is None else body)

    def calls_to(self, path: str) -> list[dict]:
        with self._lock:
            return [c for c in self.calls if c["path"] == path]

    def handle(self, request):
        path = urlsplit(request.path).path
        self.record({"path": path, "authorization": request.headers.get("Authorization")})
        link_calls = len(self.calls_to("/api/job/v1/export"))
        mode = self.mode
        if path == "/api/job/v1/export":
            if request.headers.get("Authorization") != f"Bearer {API_KEY}" or mode == "401":
                return self.send(request, 401, b'{"error":"Unauthorized"}')
            if mode == "429" or (mode == "429-once" and link_calls == 1):
                return self.send(request, 429, b'{"error":"Too Many Requests"}',
                                 {"Retry-After": self.retry_after})
            if mode == "500":
                return self.send(request, 500, b'{"error":"Internal Server Error"}')
            if mode == "no-url":
                return self.send(request, 200, b'{"lastUpdate":"2026-11-28T02:10:05.000Z"}')
            return self.send(request, 200, json.dumps(
                {"url": self.base + "/files/export.json?X-Amz-Signature=abc",
                 "lastUpdate": LAST_UPDATE}).encode())
        if path == "/files/export.json":
            body = self.body
            if mode == "gzip":
                body = gzip.compress(body, mtime=0)
            if mode == "truncated":
                return self.send_cut(request, body, len(body))
            if mode == "cut-json":
                return self.send_cut(request, body[: len(body) // 2], None)
            return self.send(request, 200, body)
        return self.send(request, 404, b'{"error":"not found"}')

    def send(self, request, status, body: bytes, headers=None):
        """The export's answers are bytes already (JSON, or a gzipped file)."""
        self.send_raw(request, status, body, "application/json", headers)

    @staticmethod
    def send_cut(request, body: bytes, announced: int | None):
        """Half the body, then the connection closes."""
        try:
            request.send_response(200)
            request.send_header("Content-Type", "application/json")
            if announced is not None:
                request.send_header("Content-Length", str(announced))
            request.send_header("Connection", "close")
            request.end_headers()
            request.wfile.write(body[: len(body) // 2] if announced is not None else body)
            request.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        request.close_connection = True


def export_bytes(items: list, gzipped: bool = False) -> bytes:
    raw = json.dumps(items, ensure_ascii=False).encode()
    return gzip.compress(raw, mtime=0) if gzipped else raw


def with_invalid_items(items: list) -> tuple[list, dict]:
    """``items`` plus broken ones of each kind; the expected skipped counts."""
    import copy

    offer = next(i for i in items if "offer" in i)
    no_position = copy.deepcopy(offer)
    no_position["identifier"]["id"] = "broken-position"
    del no_position["workplace"]["location"]["geopoint"]
    off_globe = copy.deepcopy(offer)
    off_globe["workplace"]["location"]["geopoint"]["coordinates"] = [200.0, 95.0]
    no_identifier = copy.deepcopy(offer)
    del no_identifier["identifier"]
    romes_not_list = copy.deepcopy(offer)
    romes_not_list["offer"]["rome_codes"] = "F1603"
    filled = copy.deepcopy(offer)
    filled["offer"]["status"] = "Filled"
    no_rome = copy.deepcopy(offer)
    no_rome["offer"]["rome_codes"] = ["not-a-rome", "F16"]
    recruiter_no_rome = {"identifier": {"id": "recruiter-without-trade"},
                         "workplace": copy.deepcopy(offer["workplace"]),
                         "apply": {"url": "https://example.org"}}
    broken = [no_position, off_globe, no_identifier, romes_not_list, "not an object", 42,
              filled, no_rome, recruiter_no_rome]
    return items + broken, {"invalid": 6, "inactive": 1, "without_trade": 2}
