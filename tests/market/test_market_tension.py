"""The optional tension indicator against a fake France Travail (OAuth + API) on loopback."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from bff import create_app

CLIENT_ID, SECRET, TOKEN = "PAR_test_0001", "s3cret-do-not-leak", "token-abc"
API = "/api/v1/market?romes=F1603&insee=69123"


def indicator_body(name: str, departement: str) -> dict:
    base = 120 if name == "stat-offres" else 40
    return {"codeTypeTerritoire": "DEP", "codeTerritoire": departement,
            "listeValeursParPeriode": [
                {"codePeriode": "2026T2", "libPeriode": "2e trimestre 2026",
                 "valeurPrincipaleNombre": base - 10, "libNomenclature": "Total"},
                {"codePeriode": "2026T3", "libPeriode": "3e trimestre 2026",
                 "valeurPrincipaleNombre": base, "libNomenclature": "Total"}]}


class FakeFranceTravail:
    def __init__(self):
        self.mode = "ok"
        self.calls: list[tuple[str, dict]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                fake.calls.append((self.path, {"auth": self.headers.get("Authorization"),
                                               "body": raw}))
                if self.path.startswith("/connexion/oauth2/access_token"):
                    form = {k: v[0] for k, v in parse_qs(raw).items()}
                    ok = (form.get("client_id"), form.get("client_secret"),
                          form.get("grant_type"), form.get("scope")) == (
                        CLIENT_ID, SECRET, "client_credentials",
                        "api_stats-offres-demandes-emploiv1")
                    return self.answer(200 if ok else 401, {"access_token": TOKEN,
                                                            "expires_in": 1499} if ok else {})
                if fake.mode == "500":
                    return self.answer(500, {"message": "down"})
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self.answer(401, {"message": "unauthorized"})
                body = json.loads(raw)
                name = self.path.rsplit("/", 1)[-1]
                return self.answer(200, indicator_body(name, body["codeTerritoire"]))

            def answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def api_calls(self):
        return [c for c in self.calls if "/indicateur/" in c[0]]


@pytest.fixture(scope="module")
def france_travail():
    fake = FakeFranceTravail()
    yield fake
    fake.server.shutdown()


def make_app(tmp_path, fake, **config):
    return create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 't.sqlite3'}",
                       "CACHE_TYPE": "SimpleCache", "PAGE_CACHE_SECONDS": 0,
                       "FRANCE_TRAVAIL_CLIENT_ID": CLIENT_ID, "FRANCE_TRAVAIL_CLIENT_SECRET": SECRET,
                       "FRANCE_TRAVAIL_API_URL": fake.url + "/partenaire",
                       "FRANCE_TRAVAIL_TOKEN_URL": fake.url + "/connexion/oauth2/access_token"
                                                              "?realm=%2Fpartenaire", **config})


def test_tension_for_the_rome_and_the_departement_cached_for_the_day(tmp_path, france_travail):
    france_travail.mode, france_travail.calls = "ok", []
    client = make_app(tmp_path, france_travail).test_client()
    tension = client.get(API).get_json()["tension"]
    assert tension["rome"] == "F1603" and tension["departement"] == "69"
    assert tension["indicators"]["stat-offres"] == {
        "period": "3e trimestre 2026", "values": [{"label": "Total", "value": 120}]}
    assert tension["indicators"]["stat-perspective-employeur"]["values"][0]["value"] == 40
    sent = json.loads(france_travail.api_calls()[0][1]["body"])
    assert (sent["codeTypeTerritoire"], sent["codeTerritoire"], sent["codeTypeActivite"],
            sent["codeActivite"]) == ("DEP", "69", "ROME", "F1603")
    calls = len(france_travail.calls)
    assert client.get(API + "&radius=60").get_json()["tension"] == tension
    assert len(france_travail.calls) == calls          # the day's cache answered


def test_without_credentials_there_is_no_tension_section(client):
    assert "tension" not in client.get(API).get_json()


def test_a_failing_france_travail_leaves_the_answer_whole(tmp_path, france_travail):
    france_travail.mode, france_travail.calls = "500", []
    client = make_app(tmp_path, france_travail).test_client()
    response = client.get(API)
    assert response.status_code == 200 and "tension" not in response.get_json()
    assert response.get_json()["offers"]["count"] >= 0
    calls = len(france_travail.api_calls())
    client.get(API + "&radius=50")
    assert len(france_travail.api_calls()) == calls     # the failure is remembered


def test_the_secret_never_shows(tmp_path, france_travail):
    app = make_app(tmp_path, france_travail)
    service = app.extensions["market_tension"]
    assert SECRET not in repr(service.client) and SECRET not in repr(service.client.settings)
