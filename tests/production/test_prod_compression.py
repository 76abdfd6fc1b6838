"""Bytes on the wire: every text answer compressed (brotli when accepted, else gzip, else
none) with ``Vary: Accept-Encoding``; static files served from their precompressed copies
with a year of caching under their current hash; the page micro-cache keeps one entry per
encoding and never serves one to a client that did not ask for it."""
from __future__ import annotations

import gzip
import os
import re
import time
from pathlib import Path

import brotli
import pytest

from bff.static_files import StaticFiles, precompress

ROOT = Path(__file__).resolve().parents[2]
PAY = "/api/v1/pay-simulation?birth_month=2007-05&contract_start=2025-09-01"
BROWSER = "gzip, deflate, br, zstd"      # what Chromium sends
GZIP_ONLY = "gzip, deflate"
DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}

# One URL per kind of text answer the BFF makes (static files are tested below).
DYNAMIC = {
    "widget page (HTML)": "/widgets/v1/pay-simulator?caller=parcoursup",
    "calendar page (HTML)": "/widgets/v1/calendar?caller=parcoursup&academie=01",
    "guide page (HTML)": "/widgets/v1/guide?caller=parcoursup",
    "offer search page (HTML)": "/widgets/v1/offer-search?caller=parcoursup",
    "pay API (JSON)": PAY,
    "calendar API (JSON)": "/api/v1/calendar?platform=parcoursup&campaign=2026",
    "calendar file (ics)": "/api/v1/calendar.ics?platform=parcoursup&formation_start=2026-09-01",
    "autocomplete (JSON)": "/api/v1/communes?q=lyon",
    "OpenAPI document (JSON)": "/api/v1/openapi.json",
    "embed metadata (JSON)": "/integration/embed.json",
    "demo host page (HTML)": "/demo/parcoursup",
    "admin login (HTML)": "/admin/login",
}


def static_urls(app) -> dict[str, str]:
    from bff.assets import asset_url

    with app.test_request_context():
        return {name: asset_url(name) for name in
                ("js/embed.js", "js/frame.js", "js/pay.js", "css/core.css",
                 "icons/arrow-down-s-line.svg")}


def decoded(response) -> bytes:
    encoding = response.headers.get("Content-Encoding")
    return DECODE[encoding](response.data) if encoding else response.data


def vary(response) -> set[str]:
    return {v.strip().lower() for v in response.headers.get("Vary", "").split(",") if v.strip()}


@pytest.mark.parametrize("kind", sorted(DYNAMIC))
def test_every_text_answer_is_compressed_when_the_client_accepts_it(client, kind):
    url = DYNAMIC[kind]
    plain = client.get(url, headers={"Accept-Encoding": ""})
    assert plain.status_code == 200, (url, plain.status_code)
    assert "Content-Encoding" not in plain.headers
    assert len(plain.data) > 500
    assert "accept-encoding" in vary(plain)
    for accept, expected in ((BROWSER, "br"), ("br", "br"), (GZIP_ONLY, "gzip"),
                             ("gzip;q=1, br;q=0", "gzip"), ("identity", None)):
        response = client.get(url, headers={"Accept-Encoding": accept})
        assert response.status_code == 200
        assert response.headers.get("Content-Encoding") == expected, (url, accept)
        assert "accept-encoding" in vary(response), (url, accept)
        assert decoded(response) == plain.data, (url, accept)
        if expected:
            assert len(response.data) < len(plain.data) * 0.7, (url, accept)
            assert int(response.headers["Content-Length"]) == len(response.data)


@pytest.mark.parametrize("url", ["/api/v1/ping", "/healthz"])
def test_answers_under_500_bytes_stay_plain_but_still_vary(client, url):
    # Below MIN_SIZE the coding's own overhead eats most of the saving (ping: 12 B).
    response = client.get(url, headers={"Accept-Encoding": BROWSER})
    assert response.status_code == 200 and len(response.data) < 500
    assert "Content-Encoding" not in response.headers
    assert "accept-encoding" in vary(response)


def test_static_files_are_served_from_their_precompressed_copies(app, client):
    static = Path(app.static_folder)
    for name, url in static_urls(app).items():
        source = (static / name).read_bytes()
        for accept, encoding, suffix in ((BROWSER, "br", ".br"), (GZIP_ONLY, "gzip", ".gz"),
                                         ("", None, "")):
            response = client.get(url, headers={"Accept-Encoding": accept})
            assert response.status_code == 200
            assert response.headers.get("Content-Encoding") == encoding, (name, accept)
            # The bytes of the copy written at start (brotli quality 11, gzip 9), not an
            # answer compressed on the fly.
            assert response.data == (static / (name + suffix)).read_bytes(), (name, accept)
            assert decoded(response) == source
            assert "accept-encoding" in vary(response)
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            assert response.headers["Access-Control-Allow-Origin"] == "*"
            assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
            assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_only_the_current_hash_is_cached_for_a_year(app, client):
    url = static_urls(app)["js/frame.js"]
    assert client.get(url).headers["Cache-Control"] == "public, max-age=31536000, immutable"
    for other in ("/static/js/frame.js", "/static/js/frame.js?v=0123456789ab",
                  url + "&v=0123456789ab"):
        # An old hash (a page of the previous deployment) or none: five minutes.
        response = client.get(other, headers={"Accept-Encoding": BROWSER})
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == ("public, max-age=300, "
                                                     "stale-while-revalidate=86400"), other


def test_static_etags_are_weak_shared_by_encodings_and_revalidate(app, client):
    url = static_urls(app)["css/core.css"]
    etags = set()
    for accept in (BROWSER, GZIP_ONLY, ""):
        first = client.get(url, headers={"Accept-Encoding": accept})
        etag = first.headers["ETag"]
        assert etag.startswith('W/"')
        etags.add(etag)
        again = client.get(url, headers={"Accept-Encoding": accept, "If-None-Match": etag})
        assert again.status_code == 304 and again.data == b""
        assert "accept-encoding" in vary(again)
    # Derived from the content: the same on every instance, whatever the file's date.
    assert len(etags) == 1


def test_dynamic_etags_differ_per_encoding_and_revalidate(client):
    etags = {}
    for accept, encoding in ((BROWSER, "br"), (GZIP_ONLY, "gzip"), ("", None)):
        first = client.get(PAY, headers={"Accept-Encoding": accept})
        assert first.headers.get("Content-Encoding") == encoding
        etags[encoding] = first.headers["ETag"]
        again = client.get(PAY, headers={"Accept-Encoding": accept,
                                         "If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.data == b""
        assert again.headers["ETag"] == first.headers["ETag"]
        assert "accept-encoding" in vary(again)
    assert len(set(etags.values())) == 3, etags   # strong ETags, one per representation
    # A gzip client holding the brotli representation's ETag gets the gzip one, in full.
    other = client.get(PAY, headers={"Accept-Encoding": GZIP_ONLY,
                                     "If-None-Match": etags["br"]})
    assert other.status_code == 200 and other.headers["Content-Encoding"] == "gzip"


def test_the_page_micro_cache_keeps_one_entry_per_encoding(app, client):
    url = DYNAMIC["widget page (HTML)"]
    cache = app.extensions["page_cache"]
    plain = client.get(url, headers={"Accept-Encoding": ""}).data
    answers = {}
    for round_ in range(3):
        for accept, encoding in ((BROWSER, "br"), (GZIP_ONLY, "gzip"), ("", None),
                                 ("br;q=0.5, gzip;q=1", "gzip")):
            hits = cache.hits
            response = client.get(url, headers={"Accept-Encoding": accept})
            assert response.headers.get("Content-Encoding") == encoding, (round_, accept)
            assert decoded(response) == plain
            assert "accept-encoding" in vary(response)
            answers.setdefault(accept, set()).add((response.data, response.headers["ETag"]))
            if round_:
                assert cache.hits == hits + 1, "not served from the micro-cache"
                # A hit is revalidated like a miss.
                assert client.get(url, headers={"Accept-Encoding": accept,
                                                "If-None-Match": response.headers["ETag"]}
                                  ).status_code == 304
    # Every hit gave the bytes of its own encoding, identical round after round.
    assert all(len(seen) == 1 for seen in answers.values()), answers.keys()
    keys = [key for key in cache._entries if url in key]
    assert sorted(key.rsplit("|", 1)[1] for key in keys) == ["", "br", "gzip"]
    entries = {key.rsplit("|", 1)[1]: cache._entries[key] for key in keys}
    assert brotli.decompress(entries["br"][3]) == plain
    assert gzip.decompress(entries["gzip"][3]) == plain
    assert entries[""][3] == plain


def test_a_file_added_after_start_is_still_compressed(app, client):
    # WhiteNoise indexes static/ at start; later files reach Flask's static route, where
    # they are compressed as they stream.
    name = f"late-{os.getpid()}-{time.monotonic_ns()}.js"
    path = Path(app.static_folder) / "js" / name
    path.write_text("/* added after start */\n" + "var answer = 42;\n" * 200)
    try:
        for accept, encoding in ((BROWSER, "br"), (GZIP_ONLY, "gzip"), ("", None)):
            response = client.get(f"/static/js/{name}", headers={"Accept-Encoding": accept})
            assert response.status_code == 200
            assert response.headers.get("Content-Encoding") == encoding
            assert decoded(response) == path.read_bytes()
            assert "accept-encoding" in vary(response)
    finally:
        # Another test process's create_app() may have written copies meanwhile.
        for leftover in (path, path.with_name(path.name + ".br"), path.with_name(path.name + ".gz")):
            leftover.unlink(missing_ok=True)


def test_precompress_writes_missing_and_stale_copies_only(tmp_path):
    (tmp_path / "css").mkdir()
    sheet = tmp_path / "css" / "a.css"
    sheet.write_text(".a { color: red; }\n" * 100)
    font = tmp_path / "f.woff2"
    font.write_bytes(os.urandom(2000))
    tiny = tmp_path / "t.js"
    tiny.write_text("x")

    written = precompress(tmp_path)
    assert sorted(p.name for p in written) == ["a.css.br", "a.css.gz"]
    assert brotli.decompress((tmp_path / "css" / "a.css.br").read_bytes()) == sheet.read_bytes()
    # Readable as the source is (a server may run as another user than the build).
    assert (tmp_path / "css" / "a.css.br").stat().st_mode & 0o777 == sheet.stat().st_mode & 0o777
    assert gzip.decompress((tmp_path / "css" / "a.css.gz").read_bytes()) == sheet.read_bytes()
    assert not (tmp_path / "f.woff2.br").exists()     # fonts are compressed already
    assert not (tmp_path / "t.js.br").exists()        # would not shrink
    assert precompress(tmp_path) == []                # fresh copies are kept

    sheet.write_text(".b { color: blue; }\n" * 100)   # rebuilt: the copies are stale
    stamp = sheet.stat().st_mtime_ns + 1_000_000
    os.utime(sheet, ns=(stamp, stamp))
    assert len(precompress(tmp_path)) == 2
    assert gzip.decompress((tmp_path / "css" / "a.css.gz").read_bytes()) == sheet.read_bytes()

    # A file versioned by its name gets a year of caching, whatever the query.
    hashed = tmp_path / "f.0123abcd.woff2"
    hashed.write_bytes(b"wOF2" + os.urandom(200))
    versioned = StaticFiles(lambda environ, start: [], tmp_path)
    seen = []
    versioned({"PATH_INFO": "/static/f.0123abcd.woff2", "REQUEST_METHOD": "GET",
               "QUERY_STRING": ""}, lambda status, headers, exc=None: seen.append(dict(headers)))
    assert seen[0]["Cache-Control"] == "public, max-age=31536000, immutable"
    versioned({"PATH_INFO": "/static/f.woff2", "REQUEST_METHOD": "GET", "QUERY_STRING": ""},
              lambda status, headers, exc=None: seen.append(dict(headers)))
    assert seen[1]["Cache-Control"].startswith("public, max-age=300")

    # Served by the middleware: brotli, with the content's hash as weak ETag.
    served = StaticFiles(lambda environ, start: [], tmp_path)
    statuses = []
    body = b"".join(served({"PATH_INFO": "/static/css/a.css", "REQUEST_METHOD": "GET",
                            "QUERY_STRING": "", "HTTP_ACCEPT_ENCODING": "br"},
                           lambda status, headers, exc=None: statuses.append((status, headers))))
    status, headers = statuses[0]
    assert status.startswith("200") and dict(headers)["Content-Encoding"] == "br"
    assert brotli.decompress(body) == sheet.read_bytes()
    assert re.fullmatch(r'W/"[0-9a-f]{12}"', dict(headers)["ETag"])
