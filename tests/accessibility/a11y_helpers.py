"""Opening a page for the accessibility tests in a given colour scheme."""
from __future__ import annotations

from contextlib import contextmanager


@contextmanager
def opened(browser, url: str, color_scheme: str, width: int = 375, javascript: bool = True):
    """``url`` loaded in a fresh context whose reader prefers ``color_scheme``.

    bypass_csp lets axe-core (and the test's own style tag) run in pages whose strict CSP
    forbids any script or style that is not theirs."""
    context = browser.new_context(color_scheme=color_scheme, bypass_csp=True,
                                  java_script_enabled=javascript, locale="fr-FR",
                                  viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        yield page
    finally:
        context.close()
