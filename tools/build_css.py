"""Build the stylesheets: a shared core, one small bundle per widget, one for our own pages.

Run after changing templates, widget JS, static/css/src/*.css or the fonts:

    python3 tools/build_css.py

It installs @gouvfr/dsfr and purgecss from the npm registry into tools/.npm (ignored by
git) and writes, into static/css/ (committed: serving needs no Node.js and no build step):

- core.css: what every widget page needs: the DSFR core (reset, typography, grid,
  colour tokens of the light and the dark scheme) trimmed to what any widget uses, the
  @font-face rules of our Marianne subset (tools/build_fonts.py) and base.css;
- widget-<name>.css, one per line of WIDGETS: the DSFR components and our own rules
  (static/css/src/<file>) kept for that widget's templates and scripts only;
- site.css: self-contained, for the admin and the integration pages (configurator,
  API reference).

A widget page links core.css then its own bundle (widget_base.html, from the template's
``css_bundle``). Selectors are kept by PurgeCSS when a word of the bundle's templates,
scripts or Python appears in them. The DSFR styles the dark scheme under
``[data-fr-theme=dark]``; every such rule is also emitted under
``@media (prefers-color-scheme: dark)`` for ``[data-fr-scheme=system]`` so that the
"system" theme follows the reader's setting without JavaScript and without a flash.
Fonts and icons are referred to with ``?v=<content hash>``, like asset_url(), so they are
cached for a year.

Adding a widget: one line in WIDGETS (its name, its package under widgets/, its scripts
in static/js/, its stylesheet in static/css/src/), and ``{% set css_bundle = "<name>" %}``
in its page template.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dsfr_npm import DSFR_VERSION, NPM_DIR, PURGECSS_VERSION, ensure_npm_packages  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CSS_DIR = ROOT / "static" / "css"
COMPONENTS = ["link", "button", "form", "input", "select", "radio", "checkbox", "search",
              "range", "segmented", "alert", "callout", "highlight", "notice", "table",
              "accordion", "badge", "tag", "card", "pagination", "tab", "header",
              "footer", "skiplink", "logo", "sidemenu", "breadcrumb", "modal", "password",
              "toggle", "summary", "stepper"]
# Our Marianne subset (tools/build_fonts.py): regular and bold only; DSFR's medium (500)
# text falls back to the regular face.
FONT_FACES = [("Marianne-Regular-fr.woff2", 400), ("Marianne-Bold-fr.woff2", 700)]
# Words every page may carry whatever its templates say: the theme attributes and their
# values come from Python at run time (a selector still needs all its other parts used).
ALWAYS_USED = "data-fr-theme data-fr-scheme light dark system"
# Every widget page: the shared layout, the frame script, the Markdown
# renderer's tags (guide texts, admin-written texts).
WIDGET_SHARED = ["widgets/templates/*.html", "static/js/frame.js", "widgets/markup.py", "widgets/texts.py"]


@dataclass(frozen=True)
class Bundle:
    """static/css/<name>.css: the DSFR and ``own`` (static/css/src) kept for ``content``."""
    name: str
    content: tuple[str, ...]
    own: tuple[str, ...]
    core: bool = True       # pages link core.css before it (False: self-contained)


def widget(name: str, package: str, scripts: tuple[str, ...] = (), css: str | None = None) -> Bundle:
    """A widget's bundle: purged against widgets/<package> and its static/js scripts."""
    return Bundle(f"widget-{name}",
                  (f"widgets/{package}/**/*.html", f"widgets/{package}/**/*.py",
                   *(f"static/js/{script}" for script in scripts)),
                  (css or f"{name}.css",))


# One line per widget (the name is the template's css_bundle).
WIDGETS = [
    widget("pay-simulator", "pay", ("pay.js",), "pay.css"),
    widget("calendar", "calendar", (), "calendar.css"),
    widget("offer-search", "offers", ("offer-search.js",), "offers.css"),
    widget("guide", "guide", ("guide.js",), "guide.css"),
    widget("insertion", "insertion", (), "insertion.css"),
    # The summary shows the calendar's "now" partial: its rules come from calendar.css.
    Bundle("widget-wish-summary", ("widgets/wish_summary/**/*.html", "widgets/wish_summary/**/*.py",
                                   "widgets/calendar/templates/calendar/now.html",
                                   "static/js/wish-summary.js"),
           ("wish-summary.css", "calendar.css")),
    Bundle("widget-error", ("bff/templates/widget_error.html",), ()),   # its alert only
]
SITE = Bundle("site", ("bff/templates/admin/**/*.html", "bff/templates/integration/**/*.html",
                       "bff/admin/**/*.py", "bff/integration/**/*.py", "static/js/admin.js",
                       "static/js/integration.js"), ("admin.css",), core=False)
CORE_OWN = ("base.css",)
PART = "/*! aw-part */"     # separates the core from the rest inside one purge


def read_dsfr(path: Path) -> str:
    """A DSFR stylesheet with its url()s made absolute (relocate_assets moves them)."""
    css = re.sub(r"url\(([^)\"']+)\)", lambda m: f"url({(path.parent / m.group(1)).resolve()})",
                 path.read_text())
    # Our own @font-face rules (font_faces) replace the DSFR's; its licence banner, repeated
    # in every file, is said once in our header.
    css = re.sub(r"/\*!.*?\*/", "", css, flags=re.S)
    return re.sub(r"@font-face\{[^}]*\}", "", css)


def dsfr_core(dist: Path) -> str:
    """The DSFR core and its dark colour set (dist/scheme: ``[data-fr-theme=dark]``)."""
    return read_dsfr(dist / "core" / "core.main.min.css") + "\n" + read_dsfr(
        dist / "scheme" / "scheme.min.css")


def dsfr_components(dist: Path) -> str:
    paths = [dist / "component" / c / f"{c}.main.min.css" for c in COMPONENTS]
    return "\n".join(read_dsfr(p) for p in paths if p.exists())


def content_hash(path: Path) -> str:
    """The same short hash as bff.assets.asset_url, so URLs agree."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def font_faces() -> str:
    sys.path.insert(0, str(ROOT / "tools"))
    from build_fonts import unicode_range
    rules = []
    for name, weight in FONT_FACES:
        path = ROOT / "static" / "fonts" / name
        if not path.exists():
            raise SystemExit(f"{path.relative_to(ROOT)} is missing: run tools/build_fonts.py")
        rules.append(f"@font-face{{font-family:Marianne;font-style:normal;font-weight:{weight};"
                     f"font-display:swap;src:url(../fonts/{name}?v={content_hash(path)}) "
                     f"format(\"woff2\");unicode-range:{unicode_range()}}}")
    return "\n".join(rules)


def own(names: tuple[str, ...]) -> str:
    return "\n".join(f"/* {name} */\n{(CSS_DIR / 'src' / name).read_text()}" for name in names)


NODE_SCRIPT = """
const postcss = require(process.env.POSTCSS_MODULE);
const { PurgeCSS } = require(process.env.PURGECSS_MODULE);
const job = JSON.parse(require("fs").readFileSync(0, "utf8"));
const DARK = /\\[data-fr-theme=["']?dark["']?\\]/;

// Each rule of the dark scheme again, for the "system" scheme when the reader prefers dark.
function systemDark(css) {
  const root = postcss.parse(css);
  root.walkRules((rule) => {
    if (!rule.nodes.length) { rule.remove(); return; }
    const dark = rule.selectors.filter((s) => DARK.test(s));
    if (!dark.length) return;
    const clone = rule.clone({ selectors: dark.map((s) =>
      s.replace(new RegExp(DARK.source, "g"), "[data-fr-scheme=system]")) });
    const media = postcss.atRule({ name: "media", params: "(prefers-color-scheme:dark)" });
    media.append(clone);
    rule.after(media);
  });
  root.walkAtRules((at) => { if (at.nodes && !at.nodes.length) at.remove(); });
  return root.toString();
}

(async () => {
  const [result] = await new PurgeCSS().purge({
    content: [...job.content, { raw: job.always, extension: "html" }], css: [{ raw: job.css }],
    fontFace: false, keyframes: true, variables: true,
  });
  process.stdout.write(systemDark(result.css));
})();
"""


def purge(css: str, content: list[str]) -> str:
    job = {"css": css, "content": [str(ROOT / pattern) for pattern in content],
           "always": ALWAYS_USED}
    modules = NPM_DIR / "node_modules"
    env = {"PURGECSS_MODULE": str(modules / "purgecss"), "POSTCSS_MODULE": str(modules / "postcss"),
           "PATH": "/usr/bin:/bin"}
    done = subprocess.run(["node", "-e", NODE_SCRIPT], input=json.dumps(job), capture_output=True,
                          text=True, check=True, env=env)
    return done.stdout


def relocate_assets(css: str) -> str:
    """Copy the icons the rules refer to into static/icons, with versioned URLs."""
    def move(match: re.Match) -> str:
        source = Path(match.group(1))
        target = ROOT / "static" / "icons" / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        return f"url(../icons/{source.name}?v={content_hash(target)})"
    return re.sub(r"url\((/[^)]+)\)", move, css)


def split(css: str) -> tuple[str, str]:
    core, _, rest = css.partition(PART)
    return core.strip(), rest.strip()


def write(name: str, css: str) -> None:
    header = (f"/* Generated by tools/build_css.py: do not edit. DSFR v{DSFR_VERSION} "
              "(@gouvfr/dsfr, Système de Design de l'État) | SPDX-License-Identifier: "
              "Etalab-2.0 | restricted use (see terms and conditions), trimmed to what "
              "these pages use; then our own rules. */\n")
    out = CSS_DIR / f"{name}.css"
    out.write_text(header + relocate_assets(css) + "\n")
    print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size} bytes)")


def main() -> int:
    dist = ensure_npm_packages()
    shutil.rmtree(ROOT / "static" / "icons", ignore_errors=True)
    core_text = "\n".join([dsfr_core(dist), font_faces(), own(CORE_OWN)])
    components = dsfr_components(dist)

    def text(bundle: Bundle) -> str:
        return "\n".join([core_text, PART, components, own(bundle.own)])

    # The core: purged against every widget at once, with every widget's rules present so
    # that the colour tokens any of them uses are kept.
    every = [pattern for bundle in WIDGETS for pattern in bundle.content] + WIDGET_SHARED
    everything = "\n".join([core_text, PART, components,
                            own(tuple(n for b in WIDGETS for n in b.own))])
    write("core", split(purge(everything, every))[0])
    for bundle in WIDGETS:
        write(bundle.name, split(purge(text(bundle), list(bundle.content) + WIDGET_SHARED))[1])
    write(SITE.name, "\n".join(split(purge(text(SITE), list(SITE.content)))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
