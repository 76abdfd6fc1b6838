"""Who an entry concerns and where it is edited: the scopes of texts, their French
labels and URL forms, and each entry's title, widget and edit page.

A text may be overridden for every caller (``*``), for one platform's partners
(``platform:parcoursup``, ``platform:affelnet``) or for one caller (its name); the order
in which widgets read them is ``bff.texts``'.
"""
from __future__ import annotations

from flask import abort, current_app, url_for

from bff.admin import bp
from bff.storage.models import ALL_SCOPE
from bff.texts import PLATFORM_PREFIX, platform_scope, scopes_for
from widgets.registry import by_package
from widgets.texts import TEXTS

PLATFORMS = {"parcoursup": "Parcoursup", "affelnet": "Affelnet"}
ALL_IN_URL = "_toutes"
PLATFORM_IN_URL = "_plateforme-"   # caller names never start with "_"


def scopes() -> list[str]:
    """Every scope a text may be overridden in: every caller, each platform, each caller."""
    return ([ALL_SCOPE] + [platform_scope(p) for p in PLATFORMS]
            + [c.name for c in current_app.extensions["callers"].all()])


def scope_platform(scope: str) -> str | None:
    return scope[len(PLATFORM_PREFIX):] if scope.startswith(PLATFORM_PREFIX) else None


def scope_label(scope: str) -> str:
    if scope == ALL_SCOPE:
        return "Toutes les plateformes"
    platform = scope_platform(scope)
    if platform is not None:
        return f"Tous les partenaires {PLATFORMS.get(platform, platform)}"
    caller = current_app.extensions["callers"].get(scope)
    return caller.label if caller else scope


def inherited_scopes(scope: str) -> tuple[str, ...]:
    """The scopes a widget reads after ``scope``: what an editor sees when ``scope`` has
    no override of its own."""
    if scope == ALL_SCOPE:
        return ()
    if scope_platform(scope) is not None:
        return (ALL_SCOPE,)
    caller = current_app.extensions["callers"].get(scope)
    return scopes_for(None, caller.platform if caller else None)


def scope_to_url(scope: str) -> str:
    if scope == ALL_SCOPE:
        return ALL_IN_URL
    platform = scope_platform(scope)
    return PLATFORM_IN_URL + platform if platform is not None else scope


def scope_from_url(value: str) -> str:
    if value == ALL_IN_URL:
        scope = ALL_SCOPE
    elif value.startswith(PLATFORM_IN_URL):
        scope = platform_scope(value[len(PLATFORM_IN_URL):])
    else:
        scope = value
    if scope not in scopes():
        abort(404)
    return scope


def widget_label(package: str) -> str:
    """The French title of the widget whose texts start with ``package``."""
    spec = by_package(package)
    return spec.title if spec else package


def widget_of(entry) -> str | None:
    """The public name of the widget an entry (text or calendar) shows in."""
    if entry.kind == "calendar":
        return "calendar"
    definition = TEXTS.get(entry.key)
    spec = by_package(definition.widget) if definition else None
    return spec.name if spec else None


def entry_title(entry) -> str:
    if entry.kind == "text":
        definition = TEXTS.get(entry.key)
        label = definition.label if definition and definition.label else entry.key
        return f"Texte « {label} » — {scope_label(entry.scope)}"
    return f"Calendrier {entry.key}"


def entry_edit_url(entry) -> str:
    if entry.kind == "text":
        return url_for("admin.text_edit", key=entry.key, scope=scope_to_url(entry.scope))
    platform, _, campaign = entry.key.partition("/")
    return url_for("admin.calendar_edit", platform=platform, campaign=campaign)


bp.add_app_template_global(entry_title, "admin_entry_title")
bp.add_app_template_global(entry_edit_url, "admin_entry_url")
bp.add_app_template_global(scope_to_url, "admin_scope_url")
bp.add_app_template_global(scope_label, "admin_scope_label")
