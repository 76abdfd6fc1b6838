"""The DSFR and purgecss from the npm registry, installed into tools/.npm (gitignored) for
the stylesheet and font builds (tools/build_css.py, tools/build_fonts.py)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NPM_DIR = ROOT / "tools" / ".npm"
DSFR_VERSION = "1.15.3"
PURGECSS_VERSION = "6.0.0"


def ensure_npm_packages() -> Path:
    dsfr = NPM_DIR / "node_modules" / "@gouvfr" / "dsfr"
    if not (dsfr / "package.json").exists() or json.loads(
            (dsfr / "package.json").read_text())["version"] != DSFR_VERSION:
        NPM_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--ignore-scripts", "--prefix",
                        str(NPM_DIR), f"@gouvfr/dsfr@{DSFR_VERSION}",
                        f"purgecss@{PURGECSS_VERSION}"], check=True)
    return dsfr / "dist"
