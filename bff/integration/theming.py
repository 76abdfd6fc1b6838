"""Theming of widget pages: a light, dark or system scheme and one primary colour.

Both come from the embed parameters (``theme``, ``primary_color``) or else from the
caller's registered theme. A primary colour is accepted only when white text on it
(and it as text on white) meets WCAG AA, 4.5:1; otherwise the DSFR blue stays.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

SCHEMES = ("light", "dark", "system")
DEFAULT_SCHEME = "light"
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")  # with fullmatch(): "$" accepts "\n"
AA_NORMAL_TEXT = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.1 relative luminance of ``#rrggbb``."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_with_white(hex_colour: str) -> float:
    return 1.05 / (relative_luminance(hex_colour) + 0.05)


def acceptable_primary(value: str | None) -> str | None:
    """``value`` normalised to lower-case ``#rrggbb`` when it is usable, else None."""
    if not value or not HEX_COLOUR.fullmatch(value):
        return None
    if contrast_with_white(value) < AA_NORMAL_TEXT:
        return None
    return value.lower()


def mix_with_white(hex_colour: str, share: float) -> str:
    """The colour ``share`` of the way to white: DSFR's hover/active states are lighter."""
    channels = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * share):02x}" for c in channels)


@dataclass(frozen=True)
class Theme:
    scheme: str = DEFAULT_SCHEME
    primary: str | None = None

    @property
    def color_scheme(self) -> str:
        """The CSS ``color-scheme`` of the page, so its canvas matches the host's."""
        return {"light": "light", "dark": "dark"}.get(self.scheme, "light dark")


def resolve_theme(args, caller) -> Theme:
    """The theme asked by the embed parameters, else the caller's, else the default."""
    registered = (getattr(caller, "theme", None) or {}) if caller else {}
    scheme = args.get("theme") if args.get("theme") in SCHEMES else None
    scheme = scheme or (registered.get("scheme") if registered.get("scheme") in SCHEMES
                        else DEFAULT_SCHEME)
    primary = acceptable_primary(args.get("primary_color")) or acceptable_primary(
        registered.get("primary_color"))
    return Theme(scheme, primary)


def theme_stylesheet(primary: str) -> str:
    """CSS overriding the DSFR blue-france action colour, in the light scheme only:
    the dark scheme keeps DSFR's own colours, which were chosen for dark backgrounds."""
    hover, active = mix_with_white(primary, 0.18), mix_with_white(primary, 0.3)
    return (":root:not([data-fr-theme=dark]) {\n"
            f"  --blue-france-sun-113-625: {primary};\n"
            f"  --blue-france-sun-113-625-hover: {hover};\n"
            f"  --blue-france-sun-113-625-active: {active};\n"
            "}\n")
