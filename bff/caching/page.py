"""A per-process micro-cache of rendered widget pages and public GET API answers.

Widget pages are already declared ``public, max-age=HTTP_MAX_AGE`` (and API
answers such as pay simulations ``public`` too): any CDN in front may serve the
same bytes for that long. Keeping them here for a few
seconds more is the same promise, kept when there is no CDN, or on its misses:
on results day thousands of candidates load the same few URLs each second.

The key is the full URL plus the published content's version, so a publication
is served at once; admin previews and anything not public are never kept. It also
holds the content coding the client gets (``br``, ``gzip`` or none, as
``bff.compression`` negotiates it): an entry keeps the compressed bytes, so a hit is
not compressed again, and a gzip-only client never gets a brotli entry.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict

from flask import current_app, request

PREFIXES = ("/widgets/", "/api/")
MAX_ENTRIES = 2048
# Made per request (CSP from the caller, CORS from the Origin, request ids; Vary is
# added again to every answer by the compression and CORS steps).
SKIPPED_HEADERS = {"set-cookie", "content-security-policy", "x-request-id", "date", "vary"}


class PageCache:
    def __init__(self, max_entries: int = MAX_ENTRIES):
        self.max_entries = max_entries
        self._entries: OrderedDict[str, tuple[float, int, list, bytes]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: str):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] < time.monotonic():
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: str, seconds: float, status: int, headers: list, body: bytes) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic() + seconds, status, headers, body)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def _seconds() -> float:
    return float(current_app.config["PAGE_CACHE_SECONDS"])


def _key() -> str | None:
    if (request.method != "GET" or not request.path.startswith(PREFIXES)
            or "preview" in request.args or _seconds() <= 0):
        return None
    from bff.caching.http import content_version
    from bff.compression import negotiated_encoding

    # The host is in the key: a page may hold absolute links to this service.
    return (f"{content_version()}|{request.host_url}|{request.full_path}"
            f"|{negotiated_encoding()}")


def serve_cached():
    key = _key()
    if key is None:
        return None
    entry = current_app.extensions["page_cache"].get(key)
    if entry is None:
        request.environ["bff.page_cache_key"] = key
        return None
    _, status, headers, body = entry
    response = current_app.response_class(body, status=status, headers=headers)
    return response


def keep_page(response):
    key = request.environ.get("bff.page_cache_key")
    if (key and response.status_code == 200 and not response.direct_passthrough
            and not response.is_streamed
            and response.headers.get("Cache-Control", "").startswith("public")
            and "Set-Cookie" not in response.headers):
        headers = [(k, v) for k, v in response.headers.items()
                   if k.lower() not in SKIPPED_HEADERS
                   and not k.lower().startswith("access-control-")]
        current_app.extensions["page_cache"].put(key, _seconds(), response.status_code,
                                                 headers, response.get_data())
    return response


def init_app(app) -> None:
    app.extensions["page_cache"] = PageCache()
    app.before_request(serve_cached)
    # Registered before the HTTP caching headers (after_request runs in reverse), so a
    # page is kept with the Cache-Control it was answered with.
    app.after_request(keep_page)
