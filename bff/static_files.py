"""Static files: compressed once (brotli and gzip copies next to each file), then served
by WhiteNoise with their hashed URLs.

- ``precompress(root)`` writes ``name.br`` (brotli, quality 11) and ``name.gz`` (gzip,
  level 9) next to every text file of ``static/`` whose copies are missing or older than
  the file, with WhiteNoise's own compressor. ``tools/compress_static.py`` runs it at
  build time; gunicorn's master runs it once before forking (``on_starting``) and
  ``create_app`` checks again, so a file rebuilt since (``tools/build_css.py``...) is
  never served with a stale compressed copy. Files that do not shrink by 5 % (fonts,
  images) get no copy.
- ``StaticFiles`` is WSGI middleware in front of the Flask app: WhiteNoise answers
  ``/static/...`` from the files it indexed at start (picking ``.br`` when the client
  accepts brotli, else ``.gz``, with ``Vary: Accept-Encoding``), and this class gives a
  year of caching to URLs whose ``?v=`` is the file's current hash (``bff.assets``) and
  to files whose name carries a content hash (``name.3f2a9c1b.woff2``), five minutes to
  the others (``embed.js`` is included by a fixed URL). A file WhiteNoise
  does not know (added after start) falls through to Flask's static route.

The ETag is weak and derived from the content (``W/"<hash>"``): the same on every
instance and for every encoding, which a weak validator may be (RFC 9110, 8.8.1).
"""
from __future__ import annotations

import logging
import os
import re
import stat
import tempfile
from pathlib import Path
from urllib.parse import parse_qs

from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

from bff.assets import path_digest

log = logging.getLogger("bff.static")

PREFIX = "/static/"
COMPRESSIBLE = (".css", ".js", ".mjs", ".svg", ".html", ".json", ".txt", ".xml", ".ics",
                ".map", ".webmanifest")
YEAR = 31_536_000
VERSIONED_CACHE_CONTROL = f"public, max-age={YEAR}, immutable"
UNVERSIONED_MAX_AGE = 300
UNVERSIONED_CACHE_CONTROL = (f"public, max-age={UNVERSIONED_MAX_AGE}, "
                             "stale-while-revalidate=86400")
# The same headers Flask gives the rest of /static/ (bff.security).
ASSET_HEADERS = {"Cross-Origin-Resource-Policy": "cross-origin",
                 "X-Content-Type-Options": "nosniff",
                 "Referrer-Policy": "strict-origin-when-cross-origin"}
# name.<8 to 64 hex digits>.ext: a file name versioned by its content.
HASHED_NAME = re.compile(r"\.[0-9a-f]{8,64}\.[A-Za-z0-9]+$")
# A copy is kept only when it saves at least 5 % (WhiteNoise's own threshold).
MIN_SAVING = 0.95


def compressible(path: Path) -> bool:
    return path.suffix.lower() in COMPRESSIBLE


def _fresh(copy: Path, mtime_ns: int) -> bool:
    try:
        return copy.stat().st_mtime_ns == mtime_ns
    except FileNotFoundError:
        return False


def _write_atomically(target: Path, data: bytes, mtime_ns: int, mode: int) -> None:
    # Workers or test processes may compress at the same time: each writes a file of
    # its own and renames it, so no reader ever sees half a copy.
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)   # readable as the file itself is (mkstemp makes it 0600)
        os.utime(tmp, ns=(mtime_ns, mtime_ns))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def precompress(root: Path) -> list[Path]:
    """Write the missing or stale ``.br``/``.gz`` copies under ``root``; return them.

    A copy carries its source's modification time, so "fresh" means "same mtime". Copies
    A read-only folder is logged, never fatal: the files are then served uncompressed."""
    compressor = Compressor(quiet=True)
    written: list[Path] = []
    try:
        for path in sorted(root.rglob("*")):
            if not path.is_file():
                continue
            if not compressible(path):
                continue
            source = path.stat()
            mtime_ns = source.st_mtime_ns
            data = None
            for suffix, compress in ((".br", compressor.compress_brotli),
                                     (".gz", compressor.compress_gzip)):
                copy = path.with_name(path.name + suffix)
                if _fresh(copy, mtime_ns):
                    continue
                data = path.read_bytes() if data is None else data
                encoded = compress(data)
                if not data or len(encoded) > MIN_SAVING * len(data):
                    copy.unlink(missing_ok=True)
                    continue
                _write_atomically(copy, encoded, mtime_ns, stat.S_IMODE(source.st_mode))
                written.append(copy)
    except OSError as error:
        log.warning("static files not precompressed (%s): served uncompressed", error)
    return written


class StaticFiles:
    """WhiteNoise for ``/static/``, with a year of caching for current hashed URLs."""

    def __init__(self, wsgi_app, root: Path, prefix: str = PREFIX,
                 extra_headers: dict | None = None):
        self.app = wsgi_app
        self.prefix = prefix
        # The security headers every answer carries (bff.security), answered here before
        # Flask's own after_request functions could add them.
        self.headers = dict(ASSET_HEADERS, **(extra_headers or {}))
        self.versions: dict[str, str] = {}     # URL path -> current content hash
        self.whitenoise = WhiteNoise(wsgi_app, root=str(root), prefix=prefix, max_age=None,
                                     allow_all_origins=True,
                                     add_headers_function=self._file_headers)

    def _file_headers(self, headers, path: str, url: str) -> None:
        """Called once per file when WhiteNoise indexes it."""
        short, _ = path_digest(Path(path))
        self.versions[url] = short
        headers["ETag"] = f'W/"{short}"'
        # A name carrying a hash of its content (Marianne-Regular.3f2a9c1b.woff2) never
        # changes meaning either: a year, whatever the query.
        headers["Cache-Control"] = (VERSIONED_CACHE_CONTROL if HASHED_NAME.search(url)
                                    else UNVERSIONED_CACHE_CONTROL)
        for name, value in self.headers.items():
            headers[name] = value

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not path.startswith(self.prefix):
            return self.app(environ, start_response)
        query = environ.get("QUERY_STRING")
        current = self.versions.get(path)
        if query and current and parse_qs(query).get("v") == [current]:
            def versioned(status, headers, exc_info=None):
                headers = [(name, VERSIONED_CACHE_CONTROL if name == "Cache-Control" else value)
                           for name, value in headers]
                return start_response(status, headers, exc_info)
            return self.whitenoise(environ, versioned)
        return self.whitenoise(environ, start_response)


def init_app(app) -> None:
    """Precompress what changed, then serve ``static/`` through WhiteNoise.

    In debug mode files change while the server runs: Flask's static route then serves
    them (compressed on the fly by ``bff.compression``), as WhiteNoise indexes files once."""
    root = Path(app.static_folder)
    if app.debug:
        return
    from bff.security import PERMISSIONS_POLICY, hsts_header

    precompress(root)
    extra = {"Permissions-Policy": PERMISSIONS_POLICY}
    with app.app_context():
        hsts = hsts_header()
    if hsts:
        extra["Strict-Transport-Security"] = hsts
    app.wsgi_app = StaticFiles(app.wsgi_app, root, extra_headers=extra)
