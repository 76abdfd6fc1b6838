"""Next-step links, among them the training centre's appointment page.

La bonne alternance builds the appointment ("rdva") page URL from the training's
``cle_ministere_educatif`` and the referrer platform:
``https://labonnealternance.apprentissage.beta.gouv.fr/rdva?referrer=<platform>&cleMinistereEducatif=<key, URL-encoded>``
(mission-apprentissage/labonnealternance, ``buildRdvaUrl``; example key from the
catalogue: ``088281P01313885594860007038855948600070-67118#L01``).
"""
from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

LBA_ORIGIN = "https://labonnealternance.apprentissage.beta.gouv.fr"

# Digits and capitals (UAI, CFD, SIRET... glued), an optional "-<INSEE>" part and an
# optional "#L<place number>"; bounded so a URL cannot grow without limit.
CLE_MINISTERE_EDUCATIF = re.compile(r"[0-9A-Z]{10,60}(-[0-9A-Z]{1,10})?(#L[0-9]{2})?\Z")


def is_valid_cle(value: str) -> bool:
    return bool(CLE_MINISTERE_EDUCATIF.fullmatch(value))


def appointment_url(cle_ministere_educatif: str, platform: str) -> str:
    if not is_valid_cle(cle_ministere_educatif):
        raise ValueError("malformed cle_ministere_educatif")
    query = urlencode({"referrer": platform, "cleMinistereEducatif": cle_ministere_educatif})
    return f"{LBA_ORIGIN}/rdva?{query}"


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" or parts.scheme == "http"
