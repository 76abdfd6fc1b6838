"""Platform campaigns as every widget reads them: the admin's published calendar override
when there is one, else the bundled file (``widgets/calendar/data``).

Neutral ground: the calendar's home and the wish summary's both read campaigns here, so
no widget's BFF module imports another's.
"""
from __future__ import annotations

import logging
from functools import lru_cache

from flask import current_app
from marshmallow import ValidationError

from widgets.calendar.campaigns import (Campaign, bundled_campaigns, bundled_document,
                                        campaign_from_document)

log = logging.getLogger("bff.calendar")


@lru_cache(maxsize=256)
def _bundled(platform: str, name: str, academie: str | None) -> Campaign:
    return campaign_from_document(bundled_document(platform, name), academie)


def campaigns_for(platform: str, academie: str | None) -> list[Campaign]:
    """Every campaign of ``platform``: published overrides first, bundled files otherwise."""
    content = current_app.extensions["content_store"]
    bundled = set(bundled_campaigns(platform))
    # The admin may publish a campaign no file bundles yet (2027 added without code).
    names = bundled | set(content.calendar_campaigns(platform) or ())
    found = []
    for name in sorted(names):
        document = content.calendar_override(platform, name)
        if document is not None:
            try:
                campaign = campaign_from_document(document, academie)
                if (campaign.platform, campaign.campaign) == (platform, name):
                    found.append(campaign)
                    continue
                log.warning("calendar override %s-%s names another campaign", platform, name)
            except (ValidationError, TypeError, ValueError):
                log.warning("calendar override %s-%s is invalid; using the bundled file",
                            platform, name)
        if name in bundled:
            found.append(_bundled(platform, name, academie))
    return found
