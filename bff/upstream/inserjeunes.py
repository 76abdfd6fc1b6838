"""Client of the Exposition InserJeunes API's public routes (no key needed):

- ``GET {base}/certifications/{code}?millesime=`` (one certification, France),
- ``GET {base}/regionales/{region}/certifications/{code}?millesime=`` (one region),
- ``GET {base}/formations/{uai}-{code}?millesime=`` (one establishment, one formation),

where ``code`` is ``CFD:…`` (apprenticeship), ``MEFSTAT11:…`` (school route) or
``SISE:…`` (higher education). Same resilience as the offers client (the shared
``ResilientJsonClient``): timeouts inside a total budget, bounded retries, breaker.
A 404 is an answer, not an outage: ``InserJeunesNotFound`` carries the body (it may list
the millésimes that exist). An optional key is sent in the ``x-api-key`` header only,
never in a URL or a log line.
"""
from __future__ import annotations

import logging
from urllib.parse import quote

import requests

from bff.upstream.resilience import (ResilientJsonClient, RetryPolicy, UpstreamError,
                                     UpstreamRejected)

log = logging.getLogger("bff.upstream.inserjeunes")

DEFAULT_URL = "https://exposition.inserjeunes.beta.gouv.fr/api/inserjeunes"


class InserJeunesNotFound(UpstreamRejected):
    """HTTP 404: no data for this code (or this millésime); ``body`` is the decoded JSON."""

    def __init__(self, body: dict | None):
        message = str((body or {}).get("message") or "")[:200]
        super().__init__("not_found", message, status=404)
        self.body = body


class InserJeunesClient(ResilientJsonClient):
    what = "inserjeunes"
    logger = log

    def __init__(self, base_url: str, policy: RetryPolicy, api_key: str | None = None,
                 session: requests.Session | None = None):
        super().__init__(policy, session)
        self.base_url = base_url.rstrip("/")
        self.session.headers.update({"Accept": "application/json"})
        self.resolve_environment_once(self.base_url)
        if api_key:
            self.session.headers["x-api-key"] = api_key

    def __repr__(self) -> str:   # never the key
        return f"InserJeunesClient({self.base_url!r})"

    def refusal(self, response: requests.Response) -> UpstreamError:
        if response.status_code == 404:
            try:
                body = response.json()
            except ValueError:
                body = None
            return InserJeunesNotFound(body if isinstance(body, dict) else None)
        return super().refusal(response)

    def _get(self, path: str, millesime: str | None) -> dict:
        params = {"millesime": millesime} if millesime else None
        return self.get_json(self.base_url + path, params)

    def certification(self, code: str, millesime: str | None = None) -> dict:
        return self._get(f"/certifications/{quote(code, safe=':')}", millesime)

    def regionale(self, region: str, code: str, millesime: str | None = None) -> dict:
        return self._get(f"/regionales/{quote(region, safe='')}/certifications/"
                         f"{quote(code, safe=':')}", millesime)

    def formation(self, uai: str, code: str, millesime: str | None = None) -> dict:
        return self._get(f"/formations/{quote(uai, safe='')}-{quote(code, safe=':')}",
                         millesime)
