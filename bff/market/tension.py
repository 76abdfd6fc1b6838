"""Optional recruitment-tension indicator: France Travail's "Marché du travail" figures
for a ROME code in a département, cached for the day in the shared cache.

Configured by FRANCE_TRAVAIL_CLIENT_ID and FRANCE_TRAVAIL_CLIENT_SECRET; without them
``init_app`` installs nothing and answers carry no ``tension``. A failure is remembered
ten minutes (no call per page view to a failing API) and never fails an answer.
"""
from __future__ import annotations

import logging
from datetime import date

from flask import Flask

from bff.caching import cache
from bff.upstream.france_travail import (INDICATORS, FranceTravailClient, FranceTravailError,
                                         FranceTravailSettings, latest_values)

log = logging.getLogger("bff.market.tension")

DAY = 24 * 3600
FAILURE_TTL = 600
_MISSING = {"missing": True}


class TensionService:
    def __init__(self, client: FranceTravailClient):
        self.client = client

    @classmethod
    def from_app(cls, app: Flask) -> "TensionService":
        return cls(FranceTravailClient(FranceTravailSettings(
            client_id=app.config["FRANCE_TRAVAIL_CLIENT_ID"],
            client_secret=app.config["FRANCE_TRAVAIL_CLIENT_SECRET"],
            api_url=app.config["FRANCE_TRAVAIL_API_URL"],
            token_url=app.config["FRANCE_TRAVAIL_TOKEN_URL"])))

    def indicator(self, rome: str, departement: str) -> dict | None:
        key = f"market:tension:v1:{date.today().isoformat()}:{rome}:{departement}"
        cached = cache.get(key)
        if cached is not None:
            return None if cached == _MISSING else cached
        try:
            indicators = {}
            for name in INDICATORS:
                values = latest_values(self.client.indicator(name, rome, departement))
                if values:
                    indicators[name] = values
        except FranceTravailError as error:
            log.info("tension indicator unavailable (%s)", error.reason)
            cache.set(key, _MISSING, timeout=FAILURE_TTL)
            return None
        result = {"rome": rome, "departement": departement, "indicators": indicators,
                  "source": "France Travail, API Marché du travail"} if indicators else None
        cache.set(key, result or _MISSING, timeout=DAY)
        return result
