"""Access logs: one JSON line per request with its id, and never a query string."""
from __future__ import annotations

import io
import json
import logging

import pytest

from bff.logs import JsonFormatter, QueryStringRedactor, RequestIdFilter

PRIVATE = "birth_month=2007-05&contract_start=2025-09-01"


@pytest.fixture
def client(app):
    # Buffered: the body is sent, then closed, as a server does; the access line follows.
    from flask.testing import FlaskClient

    class Buffered(FlaskClient):
        def open(self, *args, **kwargs):
            kwargs.setdefault("buffered", True)
            return super().open(*args, **kwargs)
    return Buffered(app, app.response_class, use_cookies=False)


@pytest.fixture
def access(caplog):
    caplog.set_level(logging.INFO, logger="bff.access")
    return caplog


def access_records(caplog):
    return [r for r in caplog.records if r.name == "bff.access"]


def test_a_given_request_id_is_echoed_and_logged(client, access):
    response = client.get(f"/api/v1/pay-simulation?{PRIVATE}",
                          headers={"X-Request-ID": "proxy-42.a"})
    assert response.headers["X-Request-ID"] == "proxy-42.a"
    (record,) = access_records(access)
    assert record.request_id == "proxy-42.a"
    assert (record.method, record.path, record.status) == ("GET", "/api/v1/pay-simulation", 200)
    assert record.duration_ms >= 0


def test_a_missing_or_malformed_request_id_is_replaced(client, access):
    plain = client.get("/api/v1/ping")
    forged = client.get("/api/v1/ping", headers={"X-Request-ID": "bad id\" injected"})
    ids = [plain.headers["X-Request-ID"], forged.headers["X-Request-ID"]]
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)
    assert ids[0] != ids[1]
    assert [r.request_id for r in access_records(access)] == ids


def test_no_query_string_reaches_any_log_line(app, client, caplog):
    caplog.set_level(logging.DEBUG)

    @app.get("/api/v1/_fails")
    def fails():
        raise RuntimeError("bug")

    client.get(f"/api/v1/pay-simulation?{PRIVATE}")
    client.get(f"/api/v1/pay-simulation?birth_month=1900-13")
    client.get(f"/api/v1/_fails?{PRIVATE}")
    for url in ("/widgets/v1/guide", "/api/v1/trades"):
        client.get(f"{url}?caller=demo&q=secret-search&{PRIVATE}")
    text = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    assert "/api/v1/_fails" in text          # the error itself is logged...
    for secret in ("2007-05", "2025-09-01", "1900-13", "secret-search", "birth_month="):
        assert secret not in text            # ...without what the candidate typed


def test_log_lines_are_json_with_the_request_id(app, client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("bff")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    @app.get("/api/v1/_speaks")
    def speaks():
        logging.getLogger("bff.somewhere").warning("something happened")
        return {"ok": True}

    try:
        client.get("/api/v1/_speaks", headers={"X-Request-ID": "rid-1"})
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    warning = next(l for l in lines if l["logger"] == "bff.somewhere")
    access = next(l for l in lines if l["logger"] == "bff.access")
    assert warning["request_id"] == access["request_id"] == "rid-1"
    assert warning["level"] == "WARNING" and warning["message"] == "something happened"
    assert access["path"] == "/api/v1/_speaks" and access["status"] == 200
    assert access["ts"].endswith("+00:00")


def test_the_development_server_log_loses_its_query_strings():
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '%s "%s" %s %s',
                               ("127.0.0.1", f"GET /api/v1/pay-simulation?{PRIVATE} HTTP/1.1",
                                "200", "-"), None)
    record.args = (f"GET /api/v1/pay-simulation?{PRIVATE} HTTP/1.1", "200", "-")
    QueryStringRedactor().filter(record)
    assert record.args[0] == "GET /api/v1/pay-simulation HTTP/1.1"


def test_access_log_can_be_turned_off(tmp_path, access):
    from bff import create_app
    app = create_app({"TESTING": True, "ACCESS_LOG": False,
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    response = app.test_client().get("/api/v1/ping", buffered=True)
    assert response.headers["X-Request-ID"]
    assert access_records(access) == []


def test_odd_query_strings_are_stripped_too():
    line = 'GET /api/v1/trades?6%23=\U000f0000ô&a b="x"\\x82&%0E= HTTP/1.1'
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '"%s" %s %s',
                               (line, "400", "-"), None)
    QueryStringRedactor().filter(record)
    assert record.args[0] == "GET /api/v1/trades HTTP/1.1"
