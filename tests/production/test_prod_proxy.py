"""Behind the documented reverse proxy: Debian's nginx with docs/production.md's `location`
block (Host, X-Forwarded-For, its cache) in front of gunicorn in production mode
(PostgreSQL, Redis, PUBLIC_URL, TRUSTED_PROXIES=1).

- a poisoned Host header is refused, and poisons neither the per-worker page cache, nor
  nginx's cache, nor any link later requests get (issue 17, finding 1);
- the per-address lockout counts the client's own address, so failures from one address
  never lock out the right password typed from another (finding 2), whatever the
  attacker writes in X-Forwarded-For;
- a session cookie kept from before a logout is dead after it (finding 3).
"""
from __future__ import annotations

import re
import uuid

import pytest
import requests

from nginx_proxy import Nginx, client_from
from production_helpers import free_port

PASSWORD = "un mot de passe assez long"
GUIDE = "/widgets/v1/guide?caller=parcoursup&host_origin=https%3A%2F%2Fwww.parcoursup.gouv.fr"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def behind_nginx(gunicorn, production_env, own_postgres_url, tmp_path):
    """``start(**env)``: gunicorn (2 workers) behind nginx; returns (nginx, gunicorn)."""
    started = []

    def start(**extra):
        port = free_port()
        env = dict(production_env, PUBLIC_URL=f"http://127.0.0.1:{port}", TRUSTED_PROXIES="1",
                   ADMIN_COOKIE_SECURE="0", **extra)
        server = gunicorn(env, workers=2, threads=2)
        proxy = Nginx(server.port, tmp_path / f"nginx-{len(started)}", port=port).start()
        started.append(proxy)
        return proxy, server

    yield start
    for proxy in started:
        proxy.stop()


def publisher(database_url: str, email: str) -> None:
    """An account, as `flask --app bff admin create-user` makes one."""
    from bff import create_app
    from bff.admin.users import create_user
    from bff.storage import database

    app = create_app({"TESTING": True, "DATABASE_URL": database_url,
                      "CACHE_TYPE": "SimpleCache", "ADMIN_PASSWORD_PROFILE": "CHEAPEST"})
    with app.app_context(), database().session() as s:
        assert create_user(s, email, "publisher", PASSWORD, "test") == {}
    app.extensions["database"].dispose()


def login(session: requests.Session, base: str, email: str, password: str,
          **headers) -> requests.Response:
    page = session.get(base + "/admin/login", headers=headers)
    token = CSRF.search(page.text).group(1)
    return session.post(base + "/admin/login", allow_redirects=False, headers=headers,
                        data={"csrf_token": token, "email": email, "password": password})


def offer_search_links(html: str) -> list[str]:
    return re.findall(r'href="([^"]*/widgets/v1/offer-search[^"]*)"', html)


def test_a_poisoned_host_is_refused_and_poisons_no_cache_nor_link(behind_nginx):
    proxy, server = behind_nginx()
    public = proxy.url  # PUBLIC_URL
    evil = {"Host": "evil.example"}
    # The sequence: three requests naming another host, to every worker's cache
    # and nginx's; then with a spoofed X-Forwarded-Host on a good Host.
    refused = [requests.get(proxy.url + url, headers=evil)
               for _ in range(3) for url in (GUIDE, "/api/v1/guide?caller=parcoursup")]
    forwarded = requests.get(proxy.url + GUIDE, headers={"X-Forwarded-Host": "evil.example"})

    # Every later normal request, whichever worker or cache answers, links to PUBLIC_URL.
    for _ in range(6):
        page = requests.get(proxy.url + GUIDE)
        assert page.status_code == 200
        assert "evil.example" not in page.text
        links = offer_search_links(page.text)
        assert links and all(link.startswith(public + "/widgets/v1/offer-search?caller=parcoursup")
                             for link in links), links
        answer = requests.get(proxy.url + "/api/v1/guide?caller=parcoursup").json()
        urls = [step["url"] for step in answer["next_steps"] if "offer-search" in step["url"]]
        assert urls and all(url.startswith(public + "/") for url in urls), urls
    assert forwarded.status_code == 200 and "evil.example" not in forwarded.text

    # The other name was refused outright, by a 400 no cache keeps and that names nothing.
    for response in refused:
        assert response.status_code == 400, response.text[:200]
        assert response.headers["Cache-Control"] == "no-store"
        assert "evil.example" not in response.text
    assert requests.get(server.url + GUIDE, headers=evil).status_code == 400


def test_failures_from_one_address_never_lock_out_the_right_password_from_another(
        behind_nginx, own_postgres_url):
    publisher(own_postgres_url, "publie@example.fr")
    # The per-address limit lowered from 30 to 10: each try costs an argon2id hash.
    proxy, _ = behind_nginx(ADMIN_LOCKOUT_IP_FAILURES="10")
    base = proxy.url

    # ADMIN_LOCKOUT_IP_FAILURES failures with random unknown accounts from one address,
    # each claiming another address in X-Forwarded-For: nginx appends the real one.
    attacker = client_from("127.0.0.2")
    for index in range(10):
        failed = login(attacker, base, f"{uuid.uuid4().hex}@example.fr", "devine",
                       **{"X-Forwarded-For": f"198.51.100.{index}"})
        assert failed.status_code == 400, failed.text[:300]
    locked = login(attacker, base, "publie@example.fr", PASSWORD,
                   **{"X-Forwarded-For": "198.51.100.200"})
    assert locked.status_code == 429

    # The publisher, from their own address, is not locked out.
    publisher_browser = client_from("127.0.0.3")
    assert login(publisher_browser, base, "publie@example.fr", PASSWORD).status_code == 302
    assert publisher_browser.get(base + "/admin/", allow_redirects=False).status_code == 200
    assert "bloquée pendant 15 minutes depuis votre adresse réseau" in locked.text

    # Five wrong passwords for the account from a third address lock that address out of
    # it, and every address that failed on it, but not a fresh one.
    guesser = client_from("127.0.0.4")
    for _ in range(5):
        assert login(guesser, base, "publie@example.fr", "pas le bon").status_code == 400
    assert login(guesser, base, "publie@example.fr", PASSWORD).status_code == 429
    other_guesser = client_from("127.0.0.5")
    assert login(other_guesser, base, "publie@example.fr", "encore faux").status_code == 400
    assert login(other_guesser, base, "publie@example.fr", PASSWORD).status_code == 429
    assert login(client_from("127.0.0.6"), base, "publie@example.fr",
                 PASSWORD).status_code == 302


def test_a_cookie_kept_from_before_logout_no_longer_opens_the_admin(behind_nginx,
                                                                    own_postgres_url):
    publisher(own_postgres_url, "publie@example.fr")
    proxy, _ = behind_nginx()
    base = proxy.url
    browser = client_from("127.0.0.7")
    assert login(browser, base, "publie@example.fr", PASSWORD).status_code == 302
    other_browser = client_from("127.0.0.8")
    assert login(other_browser, base, "publie@example.fr", PASSWORD).status_code == 302
    kept = browser.cookies.get("aw_admin")
    assert kept and browser.get(base + "/admin/", allow_redirects=False).status_code == 200

    dashboard = browser.get(base + "/admin/")
    token = CSRF.search(dashboard.text).group(1)
    out = browser.post(base + "/admin/logout", data={"csrf_token": token},
                       allow_redirects=False)
    assert out.status_code == 302 and out.headers["Location"].endswith("/admin/login")

    replay = requests.get(base + "/admin/", cookies={"aw_admin": kept}, allow_redirects=False)
    assert replay.status_code == 302 and replay.headers["Location"].endswith("/admin/login")
    # Logout ends every session of the account: the other browser must log in again.
    assert other_browser.get(base + "/admin/", allow_redirects=False).status_code == 302
    assert login(other_browser, base, "publie@example.fr", PASSWORD).status_code == 302
