"""``flask --app bff market refresh``: export → validated snapshot → database.

Either downloads the export with the API key (``APPRENTISSAGE_API_KEY``) or reads a file
(``--file``, JSON or gzip). Each item is validated (invalid ones counted and skipped);
the whole refresh fails, keeping the snapshot served today, when the file is broken or
truncated, holds no valid offer, or more than ``MAX_INVALID_SHARE`` of its items are
invalid (a sign the format changed). Every attempt is recorded, failures included.
"""
from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import Flask

from bff.market import storage
from bff.upstream.apprentissage_export import ExportClient, ExportError, ExportSettings
from widgets.market.export_schema import MalformedExport, ReadStats, iter_export, read_rows
from widgets.market.snapshot import Snapshot

log = logging.getLogger("bff.market.refresh")

MAX_INVALID_SHARE = 0.5
SOURCE_API, SOURCE_FILE = "api-apprentissage", "file"


class RefreshError(Exception):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass
class RefreshResult:
    snapshot_id: int
    as_of: str
    stats: dict
    size: int


def export_settings(app: Flask) -> ExportSettings:
    key = app.config["APPRENTISSAGE_API_KEY"]
    if not key:
        raise RefreshError("no_api_key", "APPRENTISSAGE_API_KEY is not set: give --file instead")
    return ExportSettings(
        base_url=app.config["APPRENTISSAGE_API_URL"],
        api_key=key,
        download_timeout=float(app.config["MARKET_DOWNLOAD_TIMEOUT"]),
        max_retry_after=float(app.config["MARKET_MAX_RETRY_AFTER"]),
        backoff_base=float(app.config["MARKET_BACKOFF"]))


def build_snapshot(path: Path, *, as_of: str, source: str) -> Snapshot:
    stats = ReadStats()
    with open(path, "rb") as stream:
        try:
            snapshot = Snapshot.build(read_rows(iter_export(stream), stats), as_of=as_of,
                                      source=source, stats=stats.as_dict())
        except MalformedExport as error:
            raise RefreshError("malformed", str(error)) from None
    snapshot.stats = stats.as_dict()    # complete only once every row was read
    # A file of demonstration items (tools/build_market_demo.py) stays labelled as such.
    snapshot.demo = stats.demo == stats.offers + stats.recruiters
    if stats.offers == 0:
        raise RefreshError("empty", f"no valid offer among {stats.items} items")
    if stats.invalid > MAX_INVALID_SHARE * stats.items:
        raise RefreshError("mostly_invalid", f"{stats.invalid} invalid items of {stats.items}")
    return snapshot


def refresh(app: Flask, file: str | None = None, as_of: str | None = None,
            client: ExportClient | None = None) -> RefreshResult:
    """Run one refresh; records the attempt. Raises ``RefreshError`` on failure."""
    db = app.extensions["database"]
    source = SOURCE_FILE if file else SOURCE_API
    try:
        if file:
            snapshot = build_snapshot(Path(file), as_of=as_of or date.today().isoformat(),
                                      source=source)
        else:
            client = client or ExportClient(export_settings(app))
            link = client.link()
            with tempfile.TemporaryDirectory(prefix="market-export-") as folder:
                path = Path(folder) / "export.json"
                client.download(link, path)
                snapshot = build_snapshot(path, as_of=as_of or link.last_update[:10]
                                          or date.today().isoformat(), source=source)
        payload = snapshot.to_bytes()
        with db.session() as session:
            snapshot_id = storage.record_success(session, source=source, as_of=snapshot.as_of,
                                                 stats=snapshot.stats, payload=payload)
    except (RefreshError, ExportError, OSError) as error:
        reason = getattr(error, "reason", type(error).__name__)
        message = str(error) if str(error).startswith(reason) else f"{reason}: {error}"
        log.warning("market refresh failed: %s", message)
        try:
            with db.session() as session:
                storage.record_failure(session, source=source, error=message)
        except Exception as db_error:   # the database is what failed: say so, keep going
            log.error("market refresh: could not record the failure (%s)",
                      type(db_error).__name__)
        if isinstance(error, RefreshError):
            raise
        raise RefreshError(reason, str(error)) from None
    log.info("market snapshot %d stored: %s", snapshot_id, snapshot.stats)
    return RefreshResult(snapshot_id, snapshot.as_of, snapshot.stats, len(payload))
