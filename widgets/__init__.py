"""The widget library: rules, parameter schemas, texts and templates.

Pure Python: nothing here imports Flask or touches the network, so the rules
can be tested, reused and reasoned about on their own.
"""
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def template_dirs():
    """Template folders: the shared one first, then one per widget package.

    Each widget keeps its templates under ``widgets/<package>/templates/<package>/``
    so names stay namespaced (``pay/page.html``) without a custom loader.
    """
    dirs = [PACKAGE_DIR / "templates"]
    dirs += sorted(p for p in PACKAGE_DIR.glob("*/templates") if p.is_dir())
    return [str(d) for d in dirs]
