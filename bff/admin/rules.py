"""What may be saved: text values checked against their definitions, calendars against
the calendar widget's validator. Messages are French: editors read them in forms.
"""
from __future__ import annotations

import json
from pathlib import Path

import widgets.calendar
from bff.admin.scopes import scopes
from widgets.calendar.schema import calendar_warnings as announced_date_warnings
from widgets.calendar.schema import validate_campaign
from widgets.texts import TEXTS, check_text


def text_problems(key: str, scope: str, value: str | None) -> list[str]:
    if key not in TEXTS:
        return [f"Le texte « {key} » n'existe pas."]
    if scope not in scopes():
        return [f"La plateforme « {scope} » n'est pas enregistrée."]
    if value is None:
        return []
    if not value.strip():
        return ["Le texte est vide : écrivez-le, ou choisissez de revenir au texte par défaut."]
    return check_text(TEXTS[key], value)


# -- calendars ------------------------------------------------------------------------
def calendar_problems(document) -> dict[str, list[str]]:
    """French messages by dotted field path ("phases.0.end"); empty when valid."""
    if not isinstance(document, dict):
        return {"_schema": ["Le calendrier doit être un objet JSON."]}
    return flatten_errors(validate_campaign(document) or {})


def calendar_warnings(document) -> dict[str, list[str]]:
    """Warnings that do not block saving (an announced date on a weekend or a public
    holiday), by dotted field path, from the calendar widget."""
    if not isinstance(document, dict):
        return {}
    return announced_date_warnings(document)


def flatten_errors(errors, prefix: str = "") -> dict[str, list[str]]:
    """{"phases": {0: {"start": [...]}}} → {"phases.0.start": [...]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            flat.update(flatten_errors(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(errors, (list, tuple)):
        messages = [m for m in errors if isinstance(m, str)]
        if messages:
            flat.setdefault(prefix or "_schema", []).extend(messages)
        for index, item in enumerate(errors):
            if isinstance(item, (dict, list)):
                flat.update(flatten_errors(item, f"{prefix}.{index}"))
    else:
        flat.setdefault(prefix or "_schema", []).append(str(errors))
    return flat


def bundled_calendars() -> dict[str, dict]:
    """The campaign documents shipped with the calendar widget, by "platform/campaign"."""
    data_dir = Path(widgets.calendar.__file__).parent / "data"
    found = {}
    for path in sorted(data_dir.glob("**/*.json")):
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        key = calendar_key(document)
        if key:
            found[key] = document
    return found


def calendar_key(document) -> str | None:
    if not isinstance(document, dict):
        return None
    platform, campaign = document.get("platform"), document.get("campaign")
    if isinstance(platform, str) and isinstance(campaign, (str, int)):
        return f"{platform}/{campaign}"
    return None
