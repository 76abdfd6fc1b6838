"""A fake API Apprentissage job search on loopback, for benchmarks and system tests.

``GET /api/job/v1/search`` answers synthetic offers around the requested point
(shaped like the API's JobOfferRead / JobRecruiter models; all names and SIRETs
are made up). ``mode`` switches faults on: ``slow`` (``delay`` seconds), ``500``,
``429`` (with Retry-After), ``garbage`` (not JSON), ``ok``. Every call is counted.
"""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

TRADES = ("Boulanger / Boulangère", "Plombier / Plombière", "Vendeur / Vendeuse",
          "Cuisinier / Cuisinière", "Électricien / Électricienne", "Coiffeur / Coiffeuse")


def synthetic_search(latitude: float, longitude: float, romes: list[str], count: int = 12) -> dict:
    jobs, recruiters = [], []
    for n in range(count):
        lat, lon = latitude + 0.004 * (n % 5), longitude + 0.006 * (n // 5)
        place = {"address": f"{n + 1} rue de l'Exemple", "geopoint": {
            "type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]}}
        workplace = {"name": f"ENTREPRISE EXEMPLE {n + 1}", "brand": f"EXEMPLE {n + 1}",
                     "legal_name": f"ENTREPRISE EXEMPLE {n + 1} SARL", "size": "6-9",
                     "siret": "00000000000000", "location": place}
        ident = f"{n + 1:024x}"
        jobs.append({
            "identifier": {"id": ident, "partner_label": "offres_emploi_lba",
                           "partner_job_id": ident},
            "workplace": workplace,
            "apply": {"url": f"https://labonnealternance.apprentissage.beta.gouv.fr/emploi/"
                             f"offres_emploi_lba/{ident}/exemple", "phone": None},
            "contract": {"start": "2026-09-01T00:00:00.000Z", "duration": 24,
                         "type": ["Apprentissage"], "remote": "onsite"},
            "offer": {"title": TRADES[n % len(TRADES)], "rome_codes": romes[:1],
                      "description": "Offre fictive pour les tests.",
                      "target_diploma": {"european": "3", "label": "Cap"},
                      "status": "Active", "opening_count": 1},
        })
        if n % 3 == 0:
            recruiters.append({"identifier": {"id": f"r{ident}"}, "workplace": workplace,
                               "apply": {"url": "https://labonnealternance.apprentissage."
                                                f"beta.gouv.fr/emploi/recruteurs_lba/{n}/x"}})
    return {"jobs": jobs, "recruiters": recruiters, "warnings": []}


class FakeUpstream:
    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.mode = "ok"
        self.delay = 0.0
        self.retry_after = "120"
        self.calls = 0
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes: with Nagle on, a kept-alive client
            # would wait ~40 ms for its delayed ACK on every call. Real servers avoid that.
            disable_nagle_algorithm = True
            # Headers and body leave in two writes; without this, Nagle's algorithm and the
            # client's delayed ACK add 40 ms to every answer.
            disable_nagle_algorithm = True

            def do_GET(self):  # noqa: N802 (http.server API)
                fake._handle(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.server.daemon_threads = True
        self.url = f"http://{host}:{self.server.server_port}/api"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "FakeUpstream":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.calls += 1
        parts = urlsplit(request.path)
        if parts.path != "/api/job/v1/search":
            return self._send(request, 404, b'{"error":"not found"}')
        mode = self.mode
        if mode == "slow":
            time.sleep(self.delay)
        elif mode == "500":
            return self._send(request, 500, b'{"error":"Internal Server Error"}')
        elif mode == "429":
            return self._send(request, 429, b'{"error":"Too Many Requests"}',
                              {"Retry-After": self.retry_after})
        elif mode == "garbage":
            return self._send(request, 200, b'{"jobs": [ {"identifier": \x00\xff')
        query = parse_qs(parts.query)
        try:
            lat = float(query.get("latitude", ["48.85"])[0])
            lon = float(query.get("longitude", ["2.35"])[0])
        except ValueError:
            return self._send(request, 400, b'{"error":"Bad Request"}')
        romes = (query.get("romes", ["F1603"])[0]).split(",")
        body = json.dumps(synthetic_search(lat, lon, romes)).encode()
        self._send(request, 200, body)

    @staticmethod
    def _send(request, status: int, body: bytes, headers: dict | None = None) -> None:
        try:
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                request.send_header(name, value)
            request.end_headers()
            request.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


def main() -> None:
    """``python3 -m bench.fake_upstream PORT``: serve until interrupted (for wrk baselines)."""
    import sys

    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    with FakeUpstream(port=port) as fake:
        print(fake.url, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
