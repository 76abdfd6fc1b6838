"""The BFF under real gunicorn (gunicorn.conf.py) on PostgreSQL and Redis: limits,
request ids and JSON logs, shared ETags, a worker killed under load, two instances."""
from __future__ import annotations

import http.client
import json
import os
import re
import signal
import threading
import time

import requests

from bench.fake_upstream import FakeUpstream

PRIVATE = "birth_month=2007-05&contract_start=2025-09-01"
PAY = f"/api/v1/pay-simulation?{PRIVATE}"


def raw_request(port: int, request: bytes) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.connect()
    connection.sock.sendall(request)
    response = http.client.HTTPResponse(connection.sock)
    response.begin()
    body = response.read()
    connection.close()
    return response.status, body


def test_limits_request_ids_logs_and_shared_etags(production_env, gunicorn):
    with FakeUpstream() as upstream:
        check_limits_logs_etags_and_graceful_stop(
            gunicorn(dict(production_env, APPRENTISSAGE_API_URL=upstream.url),
                     workers=2, threads=2), upstream)


def check_limits_logs_etags_and_graceful_stop(server, upstream):
    port = server.port
    assert requests.get(server.url + "/readyz").json()["status"] == "ready"

    response = requests.get(server.url + PAY, headers={"X-Request-ID": "e2e-pay-1"})
    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == "e2e-pay-1"

    # Refused while parsing, before the app: URL too long, header too big, too many.
    status, _ = raw_request(port, b"GET /api/v1/ping?" + b"a" * 5000 + b" HTTP/1.1\r\n"
                            b"Host: 127.0.0.1\r\n\r\n")
    assert status == 414
    status, _ = raw_request(port, b"GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                            + b"a" * 9000 + b"\r\n\r\n")
    assert status == 431
    many = b"".join(b"X-H%d: v\r\n" % n for n in range(60))
    status, _ = raw_request(port, b"GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + many + b"\r\n")
    assert status == 431
    # A body over MAX_CONTENT_LENGTH: 413 in JSON, read from the headers alone.
    status, body = raw_request(port, b"POST /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               b"Content-Type: application/json\r\n"
                               b"Content-Length: 5000000\r\nConnection: close\r\n\r\n{")
    assert status == 413
    assert json.loads(body)["error"]["code"] == "request_entity_too_large"

    # Both workers give the same ETag, so a CDN revalidates against any of them.
    etags = {requests.get(server.url + PAY).headers["ETag"] for _ in range(12)}
    assert len(etags) == 1
    assert requests.get(server.url + PAY,
                        headers={"If-None-Match": etags.pop()}).status_code == 304

    # SIGTERM lets a request in flight finish (the upstream takes a second to answer).
    upstream.mode, upstream.delay = "slow", 1.0
    slow = {}
    search = "/api/v1/offers?romes=F1603&latitude=45.76&longitude=4.83"
    in_flight = threading.Thread(target=lambda: slow.update(
        response=requests.get(server.url + search, timeout=10)))
    in_flight.start()
    time.sleep(0.4)
    server.stop(graceful=True)
    in_flight.join(10)
    assert slow["response"].status_code == 200
    assert slow["response"].json()["counts"]["offers"] == 12
    assert server.process.returncode == 0

    output = server.output()
    assert "2007-05" not in output and "birth_month" not in output
    lines = [line for line in output.splitlines() if line.strip()]
    assert all(line.startswith("{") for line in lines), [l for l in lines if l[0] != "{"][:3]
    entries = [json.loads(line) for line in lines]
    pay = [e for e in entries if e.get("request_id") == "e2e-pay-1"
           and e["logger"] == "bff.access"]
    assert len(pay) == 1
    assert pay[0]["path"] == "/api/v1/pay-simulation" and pay[0]["status"] == 200
    assert any(e["logger"] == "gunicorn.error" and "Booting worker" in e["message"]
               for e in entries)


def load(url: str, stop: threading.Event, outcomes: list, lock: threading.Lock):
    while not stop.is_set():
        started = time.monotonic()
        try:
            # A new connection each time: only requests a worker had accepted can be lost.
            response = requests.get(url, timeout=30, headers={"Connection": "close"})
            ok, reason = response.status_code == 200, response.status_code
        except requests.RequestException as error:
            ok, reason = False, type(error).__name__
        with lock:
            outcomes.append((started, ok, reason))


def test_a_worker_killed_under_load_loses_only_its_in_flight_requests(production_env,
                                                                      gunicorn):
    server = gunicorn(production_env, workers=2, threads=2)
    before = server.worker_pids()
    assert len(before) == 2
    stop, lock, outcomes = threading.Event(), threading.Lock(), []
    clients = 6
    threads = [threading.Thread(target=load, args=(server.url + PAY, stop, outcomes, lock))
               for _ in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    victim = sorted(before)[0]
    killed_at = time.monotonic()
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        now = server.worker_pids()
        if len(now) == 2 and victim not in now:
            break
        time.sleep(0.1)
    replaced_at = time.monotonic()
    time.sleep(1.5)
    stop.set()
    for thread in threads:
        thread.join(15)

    after = server.worker_pids()
    assert victim not in after and len(after) == 2, "the master did not replace the worker"
    failures = [(round(t - killed_at, 2), reason) for t, ok, reason in outcomes if not ok]
    assert any(ok for t, ok, _ in outcomes if t < killed_at - 0.5)
    assert sum(ok for t, ok, _ in outcomes if t > replaced_at) >= clients
    # At most one request per client can have been inside the killed worker, and only
    # requests sent before the kill.
    assert len(failures) <= clients, failures
    assert all(t <= 0.05 for t, _ in failures), failures
    assert re.search(rf"Worker \(pid:{victim}\) was sent SIGKILL", server.output())


def test_two_instances_share_publications_and_cached_searches(production_env, gunicorn,
                                                              own_postgres_url):
    from bff import create_app
    from bff.admin.users import create_user
    from bff.storage import database

    # A publisher account, as `flask --app bff admin create-user` makes one.
    setup = create_app({"TESTING": True, "DATABASE_URL": own_postgres_url,
                        "DATABASE_AUTO_MIGRATE": True, "CACHE_TYPE": "SimpleCache"})
    with setup.app_context(), database().session() as s:
        assert create_user(s, "publie@example.fr", "publisher",
                           "un mot de passe assez long", "test") == {}

    with FakeUpstream() as upstream:
        env = dict(production_env, APPRENTISSAGE_API_URL=upstream.url, ADMIN_COOKIE_SECURE="0")
        first = gunicorn(env, workers=1, threads=2, wait=False)
        second = gunicorn(env, workers=1, threads=2, wait=False)
        first.wait_ready()
        second.wait_ready()

        # A search cached by the first instance is a hit on the second.
        search = "/api/v1/offers?romes=F1603&latitude=48.85&longitude=2.35&radius=30"
        assert requests.get(first.url + search).json()["counts"]["offers"] == 12
        calls = upstream.calls
        answer = requests.get(second.url + search)
        assert answer.status_code == 200 and answer.json()["counts"]["offers"] == 12
        assert upstream.calls == calls, "the second instance called the upstream again"

        # A text published through the first instance's admin is served by the second.
        page = second.url + "/widgets/v1/pay-simulator?caller=parcoursup"
        key, default = shown_text(requests.get(page).text, "pay.")
        new_text = "Publié sur la première instance"
        publish_through_admin(first.url, key, new_text)
        published_at = time.monotonic()
        while new_text not in requests.get(page).text:
            assert time.monotonic() - published_at < 5, "not served by the other instance in 5 s"
            time.sleep(0.1)


def shown_text(body: str, prefix: str) -> tuple[str, str]:
    import html

    from widgets.registry import load_texts
    from widgets.texts import TEXTS

    load_texts()

    for key, definition in sorted(TEXTS.items()):
        if (key.startswith(prefix) and not definition.formatted and not definition.placeholders
                and len(definition.default) > 12 and html.escape(definition.default) in body):
            return key, definition.default
    raise AssertionError("no plain text on the page")


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def publish_through_admin(base: str, key: str, value: str) -> None:
    admin = requests.Session()
    token = CSRF.search(admin.get(base + "/admin/login").text).group(1)
    response = admin.post(base + "/admin/login", allow_redirects=False, data={
        "email": "publie@example.fr", "password": "un mot de passe assez long",
        "csrf_token": token})
    assert response.status_code == 302, response.text[:500]
    form = admin.get(f"{base}/admin/textes/{key}/_toutes").text
    token = CSRF.search(form).group(1)
    revision = re.search(r'name="revision" value="(\d+)"', form).group(1)
    response = admin.post(f"{base}/admin/textes/{key}/_toutes", allow_redirects=False,
                          data={"value": value, "revision": revision, "csrf_token": token})
    assert response.status_code == 302, response.text[:500]
    drafts = admin.get(base + "/admin/brouillons").text
    token = CSRF.search(drafts).group(1)
    entry = re.search(r'name="entry" value="(\d+)"', drafts).group(1)
    entry_revision = re.search(rf'name="revision-{entry}" value="(\d+)"', drafts).group(1)
    response = admin.post(base + "/admin/publier", allow_redirects=False, data={
        "entry": entry, f"revision-{entry}": entry_revision, "comment": "test",
        "csrf_token": token})
    assert response.status_code == 302, response.text[:500]
