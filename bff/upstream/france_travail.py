"""Client of France Travail's "Marché du travail" API (stats-offres-demandes-emploi v1).

OAuth2 client credentials (scope ``api_stats-offres-demandes-emploiv1``): a token is
asked for once and reused until shortly before it expires. Each indicator is a
``POST {api}/stats-offres-demandes-emploi/v1/indicateur/<name>`` with the territory
(``DEP`` + code) and the activity (``ROME`` + code). The answer's exact shape was not
verified against a live call: only the newest period's values are read, leniently, and
anything unexpected gives no indicator rather than an error.

Resilience from ``bff.upstream.resilience``: a sliding-window limiter, a circuit breaker,
short timeouts. The secret never appears in a log line, an exception or a repr.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

import requests

from bff.upstream.resilience import CircuitBreaker, RateLimiter

log = logging.getLogger("bff.upstream.france_travail")

SCOPE = "api_stats-offres-demandes-emploiv1"
INDICATORS = ("stat-offres", "stat-perspective-employeur")
DEFAULT_API_URL = "https://api.francetravail.io/partenaire"
DEFAULT_TOKEN_URL = ("https://entreprise.francetravail.fr/connexion/oauth2/access_token"
                     "?realm=%2Fpartenaire")


class FranceTravailError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class FranceTravailSettings:
    client_id: str
    client_secret: str
    api_url: str = DEFAULT_API_URL
    token_url: str = DEFAULT_TOKEN_URL
    connect_timeout: float = 2.0
    read_timeout: float = 4.0
    calls_per_second: int = 8
    breaker_threshold: int = 3
    breaker_reset_after: float = 60.0

    def __repr__(self) -> str:
        return f"FranceTravailSettings(api_url={self.api_url!r}, client_secret='***')"


class FranceTravailClient:
    def __init__(self, settings: FranceTravailSettings):
        self.settings = settings
        self.session = requests.Session()
        self.limiter = RateLimiter(settings.calls_per_second, 1.0)
        self.breaker = CircuitBreaker(settings.breaker_threshold, settings.breaker_reset_after)
        self._token: tuple[str, float] | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"FranceTravailClient({self.settings.api_url!r})"

    def circuit_state(self) -> dict:
        return self.breaker.snapshot()

    def _timeout(self):
        return (self.settings.connect_timeout, self.settings.read_timeout)

    def token(self) -> str:
        with self._lock:
            if self._token and self._token[1] > time.monotonic():
                return self._token[0]
            response = self.session.post(self.settings.token_url, timeout=self._timeout(), data={
                "grant_type": "client_credentials", "client_id": self.settings.client_id,
                "client_secret": self.settings.client_secret, "scope": SCOPE})
            if response.status_code != 200:
                raise FranceTravailError(f"token_http_{response.status_code}")
            body = response.json()
            token = body.get("access_token") if isinstance(body, dict) else None
            if not isinstance(token, str) or not token:
                raise FranceTravailError("token_malformed")
            lifetime = float(body.get("expires_in") or 600)
            self._token = (token, time.monotonic() + max(30.0, lifetime - 60.0))
            return token

    def indicator(self, name: str, rome: str, departement: str) -> dict:
        """The decoded answer of one indicator for a ROME code in a département."""
        if not self.breaker.allow():
            raise FranceTravailError("circuit_open")
        if not self.limiter.try_acquire(max_wait=0.5):
            self.breaker.cancel_trial()
            raise FranceTravailError("rate_limited_locally")
        try:
            response = self.session.post(
                f"{self.settings.api_url}/stats-offres-demandes-emploi/v1/indicateur/{name}",
                headers={"Authorization": f"Bearer {self.token()}",
                         "Accept": "application/json"},
                json={"codeTypeTerritoire": "DEP", "codeTerritoire": departement,
                      "codeTypeActivite": "ROME", "codeActivite": rome,
                      "codeTypePeriode": "TRIMESTRE", "dernierePeriode": True},
                timeout=self._timeout())
        except requests.RequestException as error:
            self.breaker.record_failure()
            raise FranceTravailError(type(error).__name__) from None
        except FranceTravailError:
            self.breaker.record_failure()
            raise
        if response.status_code == 401:
            self._token = None
        if response.status_code not in (200, 206):
            self.breaker.record_failure()
            raise FranceTravailError(f"http_{response.status_code}")
        try:
            body = response.json()
        except ValueError:
            self.breaker.record_failure()
            raise FranceTravailError("malformed") from None
        self.breaker.record_success()
        return body if isinstance(body, dict) else {}


def latest_values(body: dict) -> dict | None:
    """``{period, values: [{label, value}]}`` of the newest period of an indicator answer
    (lenient: ``listeValeursParPeriode`` entries with a period code and numbers)."""
    entries = body.get("listeValeursParPeriode") if isinstance(body, dict) else None
    if not isinstance(entries, list):
        return None
    entries = [e for e in entries if isinstance(e, dict)]
    if not entries:
        return None
    period = max(str(e.get("codePeriode") or "") for e in entries)
    values = []
    for entry in entries:
        if str(entry.get("codePeriode") or "") != period:
            continue
        value = entry.get("valeurPrincipaleNombre", entry.get("valeurPrincipaleTaux"))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            label = entry.get("libNomenclature") or entry.get("libIndicateur") or ""
            values.append({"label": str(label), "value": value})
    period_label = next((str(e.get("libPeriode")) for e in entries
                         if str(e.get("codePeriode") or "") == period and e.get("libPeriode")),
                        period)
    return {"period": period_label, "values": values} if values else None
