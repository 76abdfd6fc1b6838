"""Build static/css/widgets.css: the DSFR parts the widgets use, plus our own rules.

Run after changing templates, widget JS or static/css/src/*.css:

    python3 tools/build_css.py

It installs @gouvfr/dsfr and purgecss from the npm registry into tools/.npm (ignored by
git), concatenates the DSFR core and the components listed below, keeps only the
selectors that our templates and scripts use (PurgeCSS), copies the fonts and icons
those rules reference into static/, with every static/css/src/*.css (our own rules, purged the same way).
The output is committed: serving needs no Node.js and no build step.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NPM_DIR = ROOT / "tools" / ".npm"
DSFR_VERSION = "1.15.3"
PURGECSS_VERSION = "6.0.0"
COMPONENTS = ["link", "button", "form", "input", "select", "radio", "checkbox", "search",
              "range", "segmented", "alert", "callout", "highlight", "notice", "table",
              "accordion", "badge", "tag", "card", "pagination", "tab", "header",
              "footer", "skiplink", "logo", "sidemenu", "breadcrumb", "modal", "password",
              "toggle", "summary", "stepper"]
FONTS_KEPT = {"Marianne-Regular.woff2", "Marianne-Bold.woff2", "Marianne-Medium.woff2"}
CONTENT = ["widgets/**/*.html", "bff/templates/**/*.html", "static/js/*.js",
           "bff/**/*.py", "widgets/**/*.py"]
# Selectors toggled through attributes rather than classes must survive the purge.
SAFELIST_GREEDY = [r"data-fr-", r"aria-", r"fr-scheme", r"fr-theme"]


def ensure_npm_packages() -> Path:
    dsfr = NPM_DIR / "node_modules" / "@gouvfr" / "dsfr"
    if not (dsfr / "package.json").exists() or json.loads(
            (dsfr / "package.json").read_text())["version"] != DSFR_VERSION:
        NPM_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--ignore-scripts", "--prefix",
                        str(NPM_DIR), f"@gouvfr/dsfr@{DSFR_VERSION}",
                        f"purgecss@{PURGECSS_VERSION}"], check=True)
    return dsfr / "dist"


def gather_dsfr(dist: Path) -> str:
    parts = [("core", dist / "core" / "core.main.min.css")]
    parts += [(f"component/{c}", dist / "component" / c / f"{c}.main.min.css")
              for c in COMPONENTS if (dist / "component" / c / f"{c}.main.min.css").exists()]
    chunks = []
    for folder, path in parts:
        css = path.read_text()
        base = (dist / folder)
        css = re.sub(r"url\(([^)\"']+)\)",
                     lambda m: f"url({(base / m.group(1)).resolve()})", css)
        chunks.append(css)
    return "\n".join(chunks)


def drop_unused_fonts(css: str) -> str:
    def keep(match: re.Match) -> str:
        block = match.group(0)
        woff2 = re.search(r"url\(([^)]*\.woff2)\)", block)
        if not woff2 or Path(woff2.group(1)).name not in FONTS_KEPT:
            return ""
        return re.sub(r"src:[^;}]*", f'src:url({woff2.group(1)}) format("woff2")', block)
    return re.sub(r"@font-face\{[^}]*\}", keep, css)


PURGE_SCRIPT = """
const { PurgeCSS } = require(process.env.PURGECSS_MODULE);
const options = JSON.parse(process.argv[1]);
options.safelist = { greedy: options.greedy.map((s) => new RegExp(s)) };
delete options.greedy;
let raw = "";
process.stdin.on("data", (d) => (raw += d));
process.stdin.on("end", async () => {
  options.css = [{ raw }];
  const [result] = await new PurgeCSS().purge(options);
  process.stdout.write(result.css);
});
"""


def purge(css: str) -> str:
    options = {"content": [str(ROOT / pattern) for pattern in CONTENT], "fontFace": False,
               "keyframes": True, "variables": True, "greedy": SAFELIST_GREEDY}
    env = {"PURGECSS_MODULE": str(NPM_DIR / "node_modules" / "purgecss"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(["node", "-e", PURGE_SCRIPT, json.dumps(options)], input=css,
                          capture_output=True, text=True, check=True, env=env)
    return done.stdout


def relocate_assets(css: str) -> str:
    """Copy referenced fonts and icons beside widgets.css and point the URLs at them."""
    def move(match: re.Match) -> str:
        source = Path(match.group(1))
        kind = "fonts" if source.suffix in (".woff2", ".woff") else "icons"
        target = ROOT / "static" / kind / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        return f"url(../{kind}/{source.name})"
    return re.sub(r"url\((/[^)]+)\)", move, css)


def main() -> int:
    dist = ensure_npm_packages()
    for kind in ("fonts", "icons"):
        shutil.rmtree(ROOT / "static" / kind, ignore_errors=True)
    own = "\n".join(f"/* {p.name} */\n{p.read_text()}"
                    for p in sorted((ROOT / "static" / "css" / "src").glob("*.css")))
    # Our rules go through the purge too, so the DSFR custom properties they use are kept.
    css = relocate_assets(purge(drop_unused_fonts(gather_dsfr(dist)) + "\n" + own))
    header = (f"/* Generated by tools/build_css.py: do not edit. DSFR {DSFR_VERSION} "
              "(@gouvfr/dsfr, Licence Ouverte / Etalab 2.0, Système de Design de l'État), "
              "trimmed to the components used; then the widgets' own rules. */\n")
    out = ROOT / "static" / "css" / "widgets.css"
    out.write_text(header + css + "\n")
    print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
