"""Serving an app on a real loopback socket, for tests that need one."""
from __future__ import annotations

import threading
from contextlib import contextmanager

from werkzeug.serving import make_server


@contextmanager
def serving(wsgi_app, host="127.0.0.1"):
    """Serve a WSGI app on a free loopback port in a thread, threaded like production
    workers; yields its base URL."""
    server = make_server(host, 0, wsgi_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)


class FakeUpstream:
    """A fake upstream API on a real loopback socket, for the tests of its client.

    Subclasses answer in ``handle(request)`` (a ``BaseHTTPRequestHandler``) with ``send``
    (JSON) or ``send_raw``; every request is recorded in ``calls`` by ``record``. ``reset``
    clears the calls and sets the fault mode and any other attribute; ``close`` stops it.
    """

    mode = "ok"

    def __init__(self, path: str = ""):
        import socket
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.calls: list[dict] = []
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (http.server API)
                fake.handle(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        # Headers and body go out in two writes: without this, Nagle and the client's
        # delayed ACK add ~40 ms to every call on a kept-alive connection.
        self.server.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.url = self.base + path
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.calls)

    def record(self, call: dict) -> int:
        """Record a request; its number (1 for the first since the last reset)."""
        with self._lock:
            self.calls.append(call)
            return len(self.calls)

    def reset(self, mode: str = "ok", **settings) -> None:
        with self._lock:
            self.calls.clear()
        self.mode = mode
        for name, value in settings.items():
            setattr(self, name, value)

    def handle(self, request) -> None:
        raise NotImplementedError

    def send(self, request, status: int, body, headers: dict | None = None) -> None:
        import json
        self.send_raw(request, status, json.dumps(body).encode(), "application/json", headers)

    @staticmethod
    def send_raw(request, status: int, body: bytes, content_type: str,
                 headers: dict | None = None) -> None:
        try:
            request.send_response(status)
            request.send_header("Content-Type", content_type)
            request.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                request.send_header(name, value)
            request.end_headers()
            request.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass   # the client gave up (a timeout mode): expected

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
