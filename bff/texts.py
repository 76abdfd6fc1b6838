"""The one text lookup: which wording a widget shows.

An admin may override any text for a *scope*; a text is read from the first scope that
has an override, in this order:

1. the caller's own override (scope = the partner's name, e.g. ``demo``);
2. the platform's override (scope ``platform:parcoursup`` or ``platform:affelnet``):
   the wording every partner embedding for that platform shares;
3. the override for every caller (scope ``*``);
4. the default written in the widget's ``texts.py``.

A widget that words a text differently per platform by default declares a variant key
(``guide.intro.affelnet``, see ``widgets.guide.texts.platform_key``); the widget picks the
key, this lookup picks the scope.

``ContentStore`` is the seam with storage: the default one knows no override, so a
fresh install shows the defaults. ``bff.storage.store`` installs the database-backed
store with its version stamp.
"""
from __future__ import annotations

from markupsafe import Markup

from widgets.markup import render_formatted, render_plain
from widgets.texts import TEXTS, fill

ALL_CALLERS = "*"
PLATFORM_PREFIX = "platform:"


def platform_scope(platform: str) -> str:
    return PLATFORM_PREFIX + platform


def scopes_for(caller: str | None, platform: str | None) -> tuple[str, ...]:
    """The scopes a text is looked up in, most specific first."""
    scopes = []
    if caller:
        scopes.append(caller)
    if platform:
        scopes.append(platform_scope(platform))
    scopes.append(ALL_CALLERS)
    return tuple(scopes)


class ContentStore:
    """Published content; every method answers from what is published only."""

    def text_override(self, key: str, scope: str) -> str | None:
        return None

    def calendar_override(self, platform: str, campaign: str) -> dict | None:
        return None

    def calendar_campaigns(self, platform: str) -> set[str]:
        """Campaigns of ``platform`` with a published document (none by default)."""
        return set()

    def version(self) -> str:
        """A stamp that changes whenever published content changes (for ETags)."""
        return "defaults"


class TextLookup:
    """Texts as one caller and platform read them; values are memoised per request."""

    def __init__(self, store: ContentStore, caller: str | None, platform: str | None):
        self.store = store
        self.caller = caller
        self.platform = platform
        self.scopes = scopes_for(caller, platform)
        self._values: dict[str, str] = {}

    def value(self, key: str) -> str:
        """The raw value of ``key`` (Markdown subset for formatted texts)."""
        found = self._values.get(key)
        if found is None:
            definition = TEXTS[key]
            found = definition.default
            for scope in self.scopes:
                override = self.store.text_override(key, scope)
                if override is not None:
                    found = override
                    break
            self._values[key] = found
        return found

    def render(self, key: str, **context) -> Markup:
        """The text ``key`` filled with ``context`` and rendered to safe HTML."""
        value = fill(self.value(key), context)
        return render_formatted(value) if TEXTS[key].formatted else render_plain(value)
