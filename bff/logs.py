"""Structured JSON logs with a request id, and nothing personal in them.

Each request gets an id: the ``X-Request-ID`` the reverse proxy sent (when it
looks like an id) or a new one; it is echoed in the response and attached to
every log line written while the request runs. The access line holds the
method, the path, the status and the duration, never the query string: the
pay simulator's month of birth and a candidate's search travel there.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import datetime, timezone

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_ENVIRON = "bff.request_id"
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:@-]{1,128}")  # with fullmatch()

access_log = logging.getLogger("bff.access")

# Attributes every LogRecord has; anything else was passed with ``extra=``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def current_request_id() -> str | None:
    from flask import has_request_context, request

    if has_request_context():
        return request.environ.get(REQUEST_ID_ENVIRON)
    return None


class RequestIdFilter(logging.Filter):
    """Stamps each record with the id of the request being served, if any."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, process id (which worker),
    request id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc)
                          .isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        request_id = getattr(record, "request_id", None) or current_request_id()
        if request_id:
            entry["request_id"] = request_id
        for name, value in vars(record).items():
            if name not in _STANDARD and name not in entry and name != "request_id":
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class QueryStringRedactor(logging.Filter):
    """Strips query strings from the development server's request lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args and isinstance(record.args, tuple) and isinstance(record.args[0], str):
            line = record.args[0]
            if "?" in line:
                # Whatever the query holds (spaces, escapes): keep the method, the path and
                # the protocol only.
                version = line.rsplit(" ", 1)[1] if re.search(r" HTTP/[\d.]+$", line) else ""
                record.args = (f"{line.split('?', 1)[0]} {version}".rstrip(),) + record.args[1:]
        return True


def configure(level: str = "INFO", stream=None) -> None:
    """Route every log of the process (app, gunicorn, libraries) as JSON to ``stream``."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestLog:
    """WSGI middleware: request id in and out, one access line per request."""

    def __init__(self, wsgi_app, enabled: bool = True):
        self.wsgi_app = wsgi_app
        self.enabled = enabled

    def __call__(self, environ, start_response):
        given = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = given if VALID_REQUEST_ID.fullmatch(given) else new_request_id()
        environ[REQUEST_ID_ENVIRON] = request_id
        started = time.perf_counter()
        status_holder = []

        def start(status, headers, exc_info=None):
            status_holder[:] = [status]
            headers = [(k, v) for k, v in headers if k.lower() != "x-request-id"]
            headers.append((REQUEST_ID_HEADER, request_id))
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, start)
        if not self.enabled:
            return body
        return _Closing(body, lambda: self._log(environ, request_id, status_holder, started))

    @staticmethod
    def _log(environ, request_id, status_holder, started):
        status = int(status_holder[0].split(" ", 1)[0]) if status_holder else 0
        access_log.info(
            "%s %s %s", environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"), status,
            extra={"request_id": request_id,
                   "method": environ.get("REQUEST_METHOD"),
                   # PATH_INFO only: the query string may hold personal data.
                   "path": environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""),
                   "status": status,
                   "duration_ms": round((time.perf_counter() - started) * 1000, 2)})


class _Closing:
    """Passes the response body through, then runs ``on_done`` once: when the server
    has sent the last chunk, or closes the body early (client gone)."""

    def __init__(self, body, on_done):
        self._body = body
        self._on_done = on_done
        self._done = False

    def __iter__(self):
        yield from self._body
        self._finish()

    def close(self):
        try:
            close = getattr(self._body, "close", None)
            if close:
                close()
        finally:
            self._finish()

    def _finish(self):
        if not self._done:
            self._done = True
            self._on_done()


def init_app(app) -> None:
    app.wsgi_app = RequestLog(app.wsgi_app, enabled=app.config["ACCESS_LOG"])
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, QueryStringRedactor) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(QueryStringRedactor())
