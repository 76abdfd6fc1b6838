"""What may be saved: text values checked against their definitions, calendars against
the calendar widget's validator. Messages are French: editors read them in forms.
"""
from __future__ import annotations

import importlib
import json
from pathlib import Path

from flask import current_app

from bff.storage.models import ALL_SCOPE
from widgets.texts import TEXTS, check_text


def load_definitions() -> dict:
    """Every text the widgets declare (each widget package declares them in texts.py)."""
    import widgets
    for path in sorted(widgets.PACKAGE_DIR.glob("*/texts.py")):
        try:
            importlib.import_module(f"widgets.{path.parent.name}.texts")
        except Exception:  # a widget mid-change must not take the admin down
            continue
    return TEXTS


def scopes() -> list[str]:
    return [ALL_SCOPE] + [c.name for c in current_app.extensions["callers"].all()]


def scope_label(scope: str) -> str:
    if scope == ALL_SCOPE:
        return "Toutes les plateformes"
    caller = current_app.extensions["callers"].get(scope)
    return caller.label if caller else scope


def text_problems(key: str, scope: str, value: str | None) -> list[str]:
    if key not in load_definitions():
        return [f"Le texte « {key} » n'existe pas."]
    if scope not in scopes():
        return [f"La plateforme « {scope} » n'est pas enregistrée."]
    if value is None:
        return []
    if not value.strip():
        return ["Le texte est vide : écrivez-le, ou choisissez de revenir au texte par défaut."]
    return check_text(TEXTS[key], value)


# -- calendars ------------------------------------------------------------------------
def _calendar_module():
    try:
        return importlib.import_module("widgets.calendar")
    except ImportError:
        return None


def calendar_validator():
    """``validate_campaign(document) -> {field: [messages]}`` from the calendar widget."""
    for name in ("widgets.calendar.schema", "widgets.calendar"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "validate_campaign"):
            return module.validate_campaign
    return None


def calendar_problems(document) -> dict[str, list[str]]:
    """French messages by dotted field path ("phases.0.end"); empty when valid."""
    if not isinstance(document, dict):
        return {"_schema": ["Le calendrier doit être un objet JSON."]}
    validate = calendar_validator()
    if validate is None:
        return {"_schema": ["Les calendriers ne peuvent pas encore être vérifiés."]}
    return flatten_errors(validate(document) or {})


def calendar_warnings(document) -> dict[str, list[str]]:
    """Warnings that do not block saving (an announced date on a weekend or a public
    holiday), by dotted field path, from the calendar widget's ``calendar_warnings``."""
    try:
        module = importlib.import_module("widgets.calendar.schema")
    except ImportError:
        return {}
    warn = getattr(module, "calendar_warnings", None)
    if warn is None or not isinstance(document, dict):
        return {}
    return warn(document)


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
    module = _calendar_module()
    if module is None:
        return {}
    data_dir = Path(module.__file__).parent / "data"
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
