"""Theming of widget pages: a light, dark or system scheme and one primary colour.

Both come from the embed parameters (``theme``, ``primary_color``) or else from the
caller's registered theme. A primary colour is accepted only when white text on it
(and it as text on white) meets WCAG AA, 4.5:1; otherwise the DSFR blue stays. In the
dark scheme the same hue is lightened until it meets AA as text on the DSFR's dark
backgrounds, as the DSFR's own dark blue does.
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


# The DSFR's dark backgrounds (default, alt, contrast and the darker tints): a dark-scheme
# primary colour must be readable as text on each.
DARK_BACKGROUNDS = ("#161616", "#1e1e1e", "#242424", "#2a2a2a")
DARK_TEXT = "#161616"


def contrast(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two ``#rrggbb`` colours."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def for_dark_scheme(primary: str) -> str:
    """``primary`` mixed with white just enough to be AA text on every dark background."""
    for percent in range(101):
        candidate = mix_with_white(primary, percent / 100)
        if min(contrast(candidate, bg) for bg in DARK_BACKGROUNDS) >= AA_NORMAL_TEXT:
            return candidate
    return "#ffffff"


def _rule(selector: str, values: dict[str, str]) -> str:
    return selector + " {\n" + "".join(f"  {k}: {v};\n" for k, v in values.items()) + "}\n"


def theme_stylesheet(primary: str) -> str:
    """CSS overriding the DSFR blue-france action colour in both schemes.

    Light: ``primary`` itself, white text on it. Dark (``data-fr-theme=dark``, or the
    "system" scheme when the reader prefers dark, which works without JavaScript): the
    lightened hue of for_dark_scheme, with ``primary`` as the text on it when that meets
    AA, else the DSFR's dark grey; hover and active states lighter, as in the DSFR."""
    light = {
        "--blue-france-sun-113-625": primary,
        "--blue-france-sun-113-625-hover": mix_with_white(primary, 0.18),
        "--blue-france-sun-113-625-active": mix_with_white(primary, 0.3),
        "--blue-france-975-sun-113": "#ffffff",       # text on the action colour
    }
    lighter = for_dark_scheme(primary)
    dark = {
        "--blue-france-sun-113-625": lighter,
        "--blue-france-sun-113-625-hover": mix_with_white(lighter, 0.25),
        "--blue-france-sun-113-625-active": mix_with_white(lighter, 0.4),
        "--blue-france-975-sun-113": (primary if contrast(primary, lighter) >= AA_NORMAL_TEXT
                                      else DARK_TEXT),
    }
    return (_rule(":root:not([data-fr-theme=dark])", light)
            + _rule(":root[data-fr-theme=dark]", dark)
            + "@media (prefers-color-scheme: dark) {\n"
            + _rule(":root[data-fr-scheme=system]", dark) + "}\n")
