"""Build static/fonts/Marianne-{Regular,Bold}-fr.woff2: Marianne cut down to French text.

    python3 tools/build_fonts.py

The originals come from the DSFR npm package (installed into tools/.npm by
tools/build_css.py's ensure_npm_packages). fontTools' subsetter keeps the characters
French needs (FRENCH below) in two weights, regular and bold, with fontTools' default
OpenType features (kerning, ligatures, marks...), and drops the hinting (screens of phones and recent desktops do not use it).
The output is committed, so serving needs neither Node.js nor fontTools; run
tools/build_css.py afterwards: the stylesheets refer to the fonts by content hash.

Every character that our templates, texts, data and scripts use must be in FRENCH: the
build fails otherwise, naming the missing ones.
"""
from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dsfr_npm import ROOT, ensure_npm_packages  # noqa: E402

FONTS = {"Marianne-Regular.woff2": "Marianne-Regular-fr.woff2",
         "Marianne-Bold.woff2": "Marianne-Bold-fr.woff2"}
# (first, last) code points, inclusive: what French text (ours and the offers' upstream
# texts) uses.
FRENCH = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1: no-break space, « », accented letters, °, ², ×, ·
    (0x0152, 0x0153),  # Œ œ
    (0x0178, 0x0178),  # Ÿ
    (0x02C6, 0x02C6), (0x02DA, 0x02DA), (0x02DC, 0x02DC),  # spacing accents
    (0x2009, 0x2009),  # thin space
    (0x2010, 0x2014),  # hyphens, non-breaking hyphen, figure dash, en and em dashes
    (0x2018, 0x201A), (0x201C, 0x201E),  # ‘ ’ ‚ “ ” „
    (0x2020, 0x2022),  # † ‡ •
    (0x2026, 0x2026),  # …
    (0x202F, 0x202F),  # narrow no-break space (before ; : ! ? and in « »)
    (0x2030, 0x2030),  # ‰
    (0x2039, 0x203A),  # ‹ ›
    (0x20AC, 0x20AC),  # €
    (0x2122, 0x2122),  # ™
    (0x2190, 0x2193),  # arrows
    (0x2212, 0x2212),  # minus sign
    (0x2264, 0x2265),  # ≤ ≥
]
# Where the characters we show come from.
TEXT_SOURCES = ["widgets/**/*.html", "widgets/**/*.py", "widgets/**/*.json",
                "bff/templates/**/*.html", "bff/**/*.py", "static/js/*.js"]


def code_points() -> set[int]:
    return {c for first, last in FRENCH for c in range(first, last + 1)}


def unicode_range() -> str:
    """The CSS unicode-range of the subset."""
    return ",".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in FRENCH)


def characters_used() -> set[str]:
    used = set()
    for pattern in TEXT_SOURCES:
        for path in ROOT.glob(pattern):
            used.update(ch for ch in path.read_text(encoding="utf-8") if ord(ch) >= 0x20)
    return used


def subset_font(source: Path, target: Path, points: set[int]) -> None:
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = ["*"]             # keep the copyright and licence names
    options.notdef_outline = True
    # recalcTimestamp off: the same input gives the same bytes, so the same versioned URL.
    font = TTFont(source, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(target)


def main() -> int:
    points = code_points()
    missing = sorted(ch for ch in characters_used() - {chr(c) for c in points}
                     if unicodedata.category(ch)[0] not in "C")
    if missing:
        print("characters used but not in the subset: " + ", ".join(
            f"U+{ord(ch):04X} {unicodedata.name(ch, '?')}" for ch in missing), file=sys.stderr)
        return 1
    dist = ensure_npm_packages()
    out = ROOT / "static" / "fonts"
    out.mkdir(parents=True, exist_ok=True)
    for source, target in FONTS.items():
        original = dist / "fonts" / source
        subset_font(original, out / target, points)
        print(f"wrote static/fonts/{target} ({(out / target).stat().st_size} bytes, "
              f"from {original.stat().st_size})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
