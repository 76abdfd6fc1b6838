"""Compressed answers: brotli when the client accepts it, else gzip, else none.

Flask-Compress encodes every text answer the app makes (HTML, CSS, JS, JSON, .ics,
SVG) of at least ``MIN_SIZE`` bytes, adds ``Vary: Accept-Encoding`` to every answer,
and gives a strong ETag a suffix per encoding (``"<hash>:br"``), then evaluates
``If-None-Match`` again, so a revalidation answers 304 whatever the encoding.
Static files never get here: WhiteNoise serves their precompressed copies
(``bff.static_files``).

Compressing costs CPU on each answer made; the page micro-cache (``bff.caching.page``)
keeps the compressed bytes, one entry per encoding (``negotiated_encoding``), so a page
served from it is not compressed again. The levels were chosen by measurement
(``python -m bench.bench_compression``, docs/benchmarks.md): brotli 5 and gzip 6 cost
a fraction of a millisecond on a widget page.

Order of the ``after_request`` steps (Flask runs them in reverse order of registration,
``bff.serving``): HTTP caching headers and ETag on the plain body, then compression,
then the page micro-cache keeps the compressed answer.
"""
from __future__ import annotations

from flask import request
from flask_compress import Compress
# The library's own negotiation, so the micro-cache key and the answer always agree.
from flask_compress.flask_compress import _choose_algorithm

ALGORITHMS = ("br", "gzip")
BROTLI_QUALITY = 5
GZIP_LEVEL = 6
MIN_SIZE = 500
MIMETYPES = [
    "text/html", "text/css", "text/plain", "text/javascript", "application/javascript",
    "application/json", "application/problem+json", "application/vnd.oai.openapi+json",
    "application/manifest+json", "application/xml", "text/xml", "image/svg+xml",
    "text/calendar", "text/markdown", "text/csv",
]


def negotiated_encoding(accept_encoding: str | None = None) -> str:
    """The content coding the answer to this request gets: "br", "gzip" or ""."""
    if accept_encoding is None:
        accept_encoding = request.headers.get("Accept-Encoding", "")
    return _choose_algorithm(ALGORITHMS, accept_encoding) or ""


def init_app(app) -> None:
    app.config.update(
        COMPRESS_ALGORITHM=list(ALGORITHMS),
        COMPRESS_BR_LEVEL=BROTLI_QUALITY,
        COMPRESS_LEVEL=GZIP_LEVEL,
        COMPRESS_MIN_SIZE=MIN_SIZE,
        COMPRESS_MIMETYPES=MIMETYPES,
        # Streamed answers are Flask's own static route only (files added after start);
        # brotli or gzip there too, compressed as they stream.
        COMPRESS_STREAMS=True,
        COMPRESS_ALGORITHM_STREAMING=list(ALGORITHMS),
    )
    app.extensions["compress"] = Compress(app)
