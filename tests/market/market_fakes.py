"""A fake API Apprentissage export on loopback (the link route and the file host), with
fault modes; helpers to write export files."""
from __future__ import annotations

import gzip
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

API_KEY = "test-export-key-3b1f-do-not-leak"
LAST_UPDATE = "2026-11-28T02:10:05.000Z"


class FakeExport:
    """``GET /api/job/v1/export`` → ``{url, lastUpdate}``; ``GET /files/export.json`` → the
    export body. Modes: ok, gzip, truncated (Content-Length larger than the body, then the
    connection is closed), cut-json (a JSON array cut short, no length), 429 (Retry-After
    ``retry_after``), 429-once, 500, 401, no-url."""

    def __init__(self):
        self.mode = "ok"
        self.retry_after = "1"
        self.body = b"[]"
        self.calls: list[dict] = []
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802
                fake.handle(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.url = self.base + "/api"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def reset(self, mode="ok", body: bytes | None = None, retry_after="1"):
        with self._lock:
            self.calls.clear()
        self.mode, self.retry_after = mode, retry_after
        if body is not None:
            self.body = body

    def calls_to(self, path: str) -> list[dict]:
        with self._lock:
            return [c for c in self.calls if c["path"] == path]

    def handle(self, request: BaseHTTPRequestHandler):
        path = urlsplit(request.path).path
        with self._lock:
            self.calls.append({"path": path,
                               "authorization": request.headers.get("Authorization")})
            link_calls = sum(1 for c in self.calls if c["path"] == "/api/job/v1/export")
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

    @staticmethod
    def send(request, status, body: bytes, headers=None):
        try:
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                request.send_header(name, value)
            request.end_headers()
            request.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

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

    def close(self):
        self.server.shutdown()
        self.server.server_close()


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
