"""HTTP caching: shared caches may keep widget pages and GET API answers, revalidate them
with ETags (which follow published content), and never see a cookie."""
from __future__ import annotations

import pytest

from bff.texts import ContentStore

PAY = "/api/v1/pay-simulation?birth_month=2007-05&contract_start=2025-09-01"


def widget_pages(app) -> list[str]:
    pages = sorted(rule.rule for rule in app.url_map.iter_rules()
                   if rule.rule.startswith("/widgets/v1/") and "<" not in rule.rule
                   and not rule.rule.endswith(".css"))
    return [f"{page}?caller=parcoursup" for page in pages]


class PublishedStore(ContentStore):
    """A store whose publication stamp moves without the page text changing."""

    def __init__(self, stamp):
        self.stamp = stamp

    def version(self) -> str:
        return self.stamp


def assert_revalidates(client, url):
    first = client.get(url)
    assert first.status_code == 200, (url, first.status_code)
    etag = first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304, url
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == first.headers["Cache-Control"]
    other = client.get(url, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.data == first.data
    return first


def test_there_are_widget_pages_to_check(app):
    assert widget_pages(app), "no widget page registered under /widgets/v1/"


def test_widget_pages_are_public_revalidated_and_cookieless(app, client):
    for url in widget_pages(app):
        response = assert_revalidates(client, url)
        cache_control = response.headers["Cache-Control"]
        assert cache_control.startswith("public, max-age=60"), (url, cache_control)
        assert "stale-if-error=" in cache_control
        assert "Set-Cookie" not in response.headers
        # The page depends on its URL and the content coding only: no other Vary (Cookie,
        # Accept-Language...) that would split shared caches.
        assert response.headers["Vary"] == "Accept-Encoding", (url, response.headers["Vary"])


def test_http_max_age_is_a_setting(app, client):
    app.config["HTTP_MAX_AGE"] = 600
    for url in widget_pages(app):
        assert client.get(url).headers["Cache-Control"].startswith("public, max-age=600,")


def test_widget_page_etag_follows_published_content(app, client):
    url = widget_pages(app)[0]
    app.extensions["content_store"] = PublishedStore("p1")
    before = client.get(url)
    app.extensions["content_store"] = PublishedStore("p2")
    after = client.get(url, headers={"If-None-Match": before.headers["ETag"]})
    # Same bytes, new publication: a cache holding the old page must fetch it again.
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": after.headers["ETag"]}).status_code == 304


def test_get_api_answers_are_revalidated_with_etags(client):
    for url in (PAY, "/api/v1/ping"):
        response = assert_revalidates(client, url)
        assert "public" in response.headers["Cache-Control"]
        assert "Set-Cookie" not in response.headers
        assert response.headers["Vary"] in ("Accept-Encoding", "Accept-Encoding, Origin")


def test_api_cors_answers_vary_on_origin_and_coding_only(client):
    response = client.get(PAY, headers={"Origin": "http://localhost:8000"})
    assert response.headers["Vary"] == "Accept-Encoding, Origin"


def test_bad_input_is_cached_briefly_without_etag(client):
    response = client.get("/api/v1/pay-simulation?birth_month=nope")
    assert response.status_code == 400
    assert response.headers["Cache-Control"] == "public, max-age=60"


def test_errors_of_the_server_are_never_stored(app, client):
    @app.get("/api/v1/_boom")
    def boom():
        raise RuntimeError("bug")

    response = client.get("/api/v1/_boom")
    assert response.status_code == 500
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers


def test_embed_loader_is_cached_five_minutes_and_hashed_assets_forever(client):
    embed = client.get("/static/js/embed.js")
    assert embed.headers["Cache-Control"] == "public, max-age=300, stale-while-revalidate=86400"
    assert client.get("/static/js/embed.js",
                      headers={"If-None-Match": embed.headers["ETag"]}).status_code == 304
    from bff.assets import asset_url

    with client.application.test_request_context():
        hashed_url = asset_url("js/frame.js")
    hashed = client.get(hashed_url)
    assert hashed.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    # A hash that is not the file's current one (an older deployment's) gets 5 minutes.
    stale = client.get("/static/js/frame.js?v=abc")
    assert stale.headers["Cache-Control"] == "public, max-age=300, stale-while-revalidate=86400"


@pytest.mark.parametrize("path", ["/api/v1/ping", "/widgets/v1/guide"])
def test_oversize_bodies_are_refused_before_the_view(client, path):
    response = client.post(path, data=b"x" * (1024 * 1024 + 1),
                           content_type="application/octet-stream")
    assert response.status_code == 413
    if path.startswith("/api/"):
        assert response.json["error"]["code"] == "request_entity_too_large"
    assert response.headers["Cache-Control"] == "no-store"


def test_widget_pages_are_micro_cached_per_url_and_publication(app, client):
    url = widget_pages(app)[0]
    cache = app.extensions["page_cache"]
    first = client.get(url)
    hits = cache.hits
    again = client.get(url)
    assert cache.hits == hits + 1
    assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
    # Per-request headers are made afresh, conditional requests still answer 304.
    assert again.headers["X-Request-ID"] != first.headers["X-Request-ID"]
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    # Another query string is another page.
    misses = cache.misses
    client.get(url + "&host_origin=http%3A%2F%2Flocalhost%3A8000")
    assert cache.misses == misses + 1
    # A publication is served at once: its version is part of the key.
    app.extensions["content_store"] = PublishedStore("p9")
    hits = cache.hits
    client.get(url)
    assert cache.hits == hits


def test_previews_and_errors_are_not_micro_cached(app, client):
    url = widget_pages(app)[0]
    cache = app.extensions["page_cache"]
    for _ in range(2):
        client.get(url + "&preview=anything")
        client.get(url.replace("caller=parcoursup", "caller=unknown"))
    assert cache.hits == 0


def test_micro_cache_can_be_turned_off(app, client):
    app.config["PAGE_CACHE_SECONDS"] = 0
    url = widget_pages(app)[0]
    client.get(url)
    client.get(url)
    assert app.extensions["page_cache"].hits == 0


def test_public_api_answers_are_micro_cached_private_ones_not(app, client):
    cache = app.extensions["page_cache"]
    client.get(PAY)
    hits = cache.hits
    again = client.get(PAY, headers={"Origin": "http://localhost:8000"})
    assert cache.hits == hits + 1
    # CORS is decided per request, never replayed from the first answer.
    assert again.headers["Access-Control-Allow-Origin"] == "http://localhost:8000"
    assert "Access-Control-Allow-Origin" not in client.get(PAY).headers
    offers = "/api/v1/offers?romes=F1603&latitude=48.85&longitude=2.35"
    client.get(offers)
    hits = cache.hits
    assert client.get(offers).headers["Cache-Control"].startswith("private")
    assert cache.hits == hits
