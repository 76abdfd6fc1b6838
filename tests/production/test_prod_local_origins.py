"""The demo's loopback partner origins and a production start: gunicorn refuses to start
while the database holds some, says which and how to remove them, and starts once
`flask --app bff partners drop-local-origins` has removed them."""
from __future__ import annotations

import subprocess
import sys

import sqlalchemy as sa

from production_helpers import ROOT


def run(args: list[str], env: dict, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, env=env, text=True,
                          capture_output=True, timeout=timeout)


def test_gunicorn_refuses_loopback_origins_until_the_command_removes_them(
        production_env, own_postgres_url, gunicorn, tmp_path):
    # A production database that was migrated as in development: the demo's seeds.
    engine = sa.create_engine(own_postgres_url)
    with engine.begin() as connection:
        connection.execute(sa.text(
            "UPDATE partners SET allowed_origins = allowed_origins || "
            "E'\\nhttp://localhost:*\\nhttp://127.0.0.1:*' WHERE name IN ('parcoursup', 'demo')"))
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "BFF_INSTANCE_DIR": str(tmp_path / "instance"), **production_env}

    refused = run(["gunicorn", "-c", "gunicorn.conf.py", "--bind", "127.0.0.1:0"], env)
    assert refused.returncode == 4, refused.stderr[-2000:]
    assert ("Partners allow loopback origins (the demo's localhost seeds), which production "
            "refuses: demo: http://localhost:*, http://127.0.0.1:*; parcoursup: "
            "http://localhost:*, http://127.0.0.1:*.") in refused.stderr
    assert "flask --app bff partners drop-local-origins" in refused.stderr
    assert "Booting worker" not in refused.stderr

    dropped = run(["flask", "--app", "bff", "partners", "drop-local-origins"], env)
    assert dropped.returncode == 0, dropped.stderr[-2000:]
    assert "parcoursup : retiré http://localhost:*, http://127.0.0.1:*" in dropped.stdout
    with engine.connect() as connection:
        origins = connection.execute(sa.text(
            "SELECT allowed_origins FROM partners WHERE name = 'parcoursup'")).scalar()
        actions = connection.execute(sa.text(
            "SELECT actor, action, target FROM audit_events ORDER BY id")).all()
    engine.dispose()
    assert origins == "https://dossierappel.parcoursup.fr\nhttps://www.parcoursup.gouv.fr"
    assert ("cli", "partner-save", "parcoursup") in actions

    server = gunicorn(production_env, workers=1, threads=2)
    assert server.process.poll() is None
