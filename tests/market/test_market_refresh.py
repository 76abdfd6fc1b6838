"""The refresh command against a fake export on loopback; what every instance then serves."""
from __future__ import annotations

import json
import threading
import time

import pytest

from bff import create_app
from market_fakes import API_KEY, export_bytes, with_invalid_items

# The per-process micro-cache of public answers (PAGE_CACHE_SECONDS, 30 s by default)
# would add its own delay to a swap; these tests look at the swap itself.
FAST = {"MARKET_REFRESH_SECONDS": 0.05, "MARKET_RETRY_SECONDS": 0.05,
        "MARKET_MAX_RETRY_AFTER": 2, "MARKET_BACKOFF": 0.05, "PAGE_CACHE_SECONDS": 0}
PARIS_PLUMBERS = "/api/v1/market?romes=F1603&insee=75056&radius=30"


def make_app(database_url: str, export_url: str | None = None, **config):
    settings = {"TESTING": True, "DATABASE_URL": database_url, "CACHE_TYPE": "SimpleCache",
                "DATABASE_AUTO_MIGRATE": True, **FAST, **config}
    if export_url:
        settings.update(APPRENTISSAGE_API_KEY=API_KEY, APPRENTISSAGE_API_URL=export_url)
    return create_app(settings)


def refresh(app, *args):
    return app.test_cli_runner().invoke(args=["market", "refresh", *args])


def market(app, path=PARIS_PLUMBERS):
    response = app.test_client().get(path)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def readiness(app) -> dict:
    response = app.test_client().get("/readyz")
    assert response.status_code == 200
    return response.get_json()["checks"]["market"]


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'market.sqlite3'}"


@pytest.fixture
def export_file(tmp_path, export_items):
    items, _ = with_invalid_items(export_items)
    path = tmp_path / "export.json.gz"
    path.write_bytes(export_bytes(items, gzipped=True))
    return path


def test_embedded_default_serves_the_labelled_demo(sqlite_url):
    app = make_app(sqlite_url)
    answer = market(app)
    assert answer["demo"] is True and answer["source"] == "demo"
    assert answer["offers"]["count"] > 0
    check = readiness(app)
    assert check["demo"] is True and check["stamp"] is None and "last_refresh" not in check


def test_refresh_from_a_file_with_invalid_items(sqlite_url, export_file, export_items):
    app = make_app(sqlite_url)
    result = refresh(app, "--file", str(export_file), "--as-of", "2026-11-27")
    assert result.exit_code == 0, result.output
    assert "6 éléments invalides écartés, 1 inactifs, 2 sans code ROME" in result.output
    answer = market(app)
    assert answer["demo"] is False and answer["as_of"] == "2026-11-27"
    check = readiness(app)
    assert check["stamp"] == 1 and check["stale"] is False
    assert check["offers"] == sum(1 for i in export_items if "offer" in i)


def test_download_sends_the_key_to_the_api_only(sqlite_url, fake_export, export_items):
    fake_export.reset("gzip", body=export_bytes(export_items))
    app = make_app(sqlite_url, fake_export.url)
    result = refresh(app)
    assert result.exit_code == 0, result.output
    assert market(app)["as_of"] == "2026-11-28"          # the export's lastUpdate
    assert fake_export.calls_to("/api/job/v1/export")[0]["authorization"] == f"Bearer {API_KEY}"
    assert fake_export.calls_to("/files/export.json")[0]["authorization"] is None
    assert API_KEY not in result.output


@pytest.mark.parametrize("mode, reason", [
    ("truncated", "truncated"),     # fewer bytes than Content-Length, connection closed
    ("cut-json", "malformed"),      # a JSON array that stops half-way
    ("429", "rate_limited"),        # Retry-After longer than we may wait
    ("401", "unauthorized"),
    ("no-url", "malformed"),
])
def test_a_failed_refresh_keeps_the_previous_snapshot(sqlite_url, export_file, fake_export,
                                                      export_items, mode, reason):
    app = make_app(sqlite_url, fake_export.url)
    assert refresh(app, "--file", str(export_file), "--as-of", "2026-11-27").exit_code == 0
    before = market(app)
    fake_export.reset(mode, body=export_bytes(export_items), retry_after="120")
    result = refresh(app)
    assert result.exit_code == 1
    assert reason in result.output and "L'instantané précédent reste servi" in result.output
    assert market(app) == before
    check = readiness(app)
    assert check["stale"] is True and check["stamp"] == 1
    assert check["last_refresh"]["status"] == "failed"
    assert check["last_refresh"]["error"].startswith(reason)


def test_a_short_retry_after_is_honoured(sqlite_url, fake_export, export_items):
    fake_export.reset("429-once", body=export_bytes(export_items), retry_after="1")
    app = make_app(sqlite_url, fake_export.url)
    started = time.monotonic()
    result = refresh(app)
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started >= 0.9
    assert len(fake_export.calls_to("/api/job/v1/export")) == 2


def test_an_export_with_no_valid_offer_is_refused(sqlite_url, tmp_path):
    path = tmp_path / "empty.json"
    path.write_text(json.dumps([{"broken": True}, "x"]))
    app = make_app(sqlite_url)
    result = refresh(app, "--file", str(path))
    assert result.exit_code == 1 and "empty" in result.output
    assert market(app)["demo"] is True


def test_refresh_without_key_or_file_says_what_to_do(sqlite_url):
    result = refresh(make_app(sqlite_url, None, APPRENTISSAGE_API_KEY=None))
    assert result.exit_code == 1 and "APPRENTISSAGE_API_KEY" in result.output


def test_old_payloads_are_pruned(sqlite_url, export_file):
    app = make_app(sqlite_url)
    for day in range(1, 6):
        assert refresh(app, "--file", str(export_file), "--as-of", f"2026-11-0{day}").exit_code == 0
    import sqlalchemy as sa
    with app.extensions["database"].session() as session:
        kept = session.execute(sa.text(
            "SELECT id FROM market_snapshots WHERE payload IS NOT NULL ORDER BY id")).scalars().all()
    assert kept == [3, 4, 5]
    assert market(app)["as_of"] == "2026-11-05"


@pytest.mark.postgres
def test_two_instances_serve_the_same_snapshot_after_a_refresh(postgres_url, export_file):
    first, second = make_app(postgres_url), make_app(postgres_url)
    assert market(second)["demo"] is True
    assert refresh(first, "--file", str(export_file), "--as-of", "2026-11-26").exit_code == 0
    deadline = time.monotonic() + 5
    while market(second)["as_of"] != "2026-11-26" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert market(second) == market(first) and market(first)["demo"] is False
    assert market(second)["as_of"] == "2026-11-26"
    assert readiness(second)["stamp"] == readiness(first)["stamp"]


def test_no_request_ever_sees_half_a_snapshot(sqlite_url, tmp_path, export_items):
    """Refreshes alternate two exports while threads count: every answer is wholly one or
    the other (its as_of and its counts belong together)."""
    app = make_app(sqlite_url)
    half = [i for n, i in enumerate(export_items) if n % 2]
    files = {}
    for name, items in (("2026-11-01", export_items), ("2026-11-02", half)):
        path = tmp_path / f"{name}.json"
        path.write_bytes(export_bytes(items))
        files[name] = path
    expected = {}
    for name, path in files.items():
        assert refresh(app, "--file", str(path), "--as-of", name).exit_code == 0
        deadline = time.monotonic() + 5
        while market(app)["as_of"] != name and time.monotonic() < deadline:
            time.sleep(0.02)
        expected[name] = market(app)
    assert expected["2026-11-01"]["offers"] != expected["2026-11-02"]["offers"]
    seen, errors, stop = set(), [], threading.Event()

    def reader():
        client = app.test_client()
        while not stop.is_set():
            answer = client.get(PARIS_PLUMBERS).get_json()
            seen.add(answer["as_of"])
            if answer != expected[answer["as_of"]]:
                errors.append(answer)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for thread in threads:
        thread.start()
    for n in range(6):
        name = ("2026-11-01", "2026-11-02")[n % 2]
        assert refresh(app, "--file", str(files[name]), "--as-of", name).exit_code == 0
        time.sleep(0.15)
    stop.set()
    for thread in threads:
        thread.join(10)
    assert not errors and seen == set(expected)


def test_a_file_of_demonstration_items_stays_labelled_demo(sqlite_url):
    from bff.market.service import DEMO_EXPORT
    app = make_app(sqlite_url)
    assert refresh(app, "--file", str(DEMO_EXPORT), "--as-of", "2026-11-20").exit_code == 0
    answer = market(app)
    assert answer["as_of"] == "2026-11-20" and answer["demo"] is True
    assert answer["source"] == "demo"


@pytest.mark.postgres
def test_migration_0004_upgrades_and_downgrades(postgres_url):
    import sqlalchemy as sa
    from alembic import command

    from bff.storage import alembic_config, upgrade

    engine = sa.create_engine(postgres_url)
    try:
        upgrade(engine)
        assert "market_snapshots" in sa.inspect(engine).get_table_names()
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "-1")
        assert "market_snapshots" not in sa.inspect(engine).get_table_names()
        upgrade(engine)
        assert "market_snapshots" in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()
