"""Admin pages in Chromium: French, one h1, every field labelled, errors tied to their
field, nothing refused by the CSP; templates without inline script, style or handler."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from admin_helpers import PASSWORD, serving

TEMPLATES = Path(__file__).resolve().parents[2] / "bff" / "templates" / "admin"


def test_admin_templates_have_no_inline_script_style_or_handler():
    for path in TEMPLATES.glob("*.html"):
        source = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", source), path.name
        assert not re.search(r"\sstyle=", source), path.name
        assert not re.search(r"\son[a-z]+=", source), path.name


@pytest.mark.browser
def test_admin_pages_are_labelled_and_respect_the_csp(admin_app, page):
    with serving(admin_app) as base:
        page.goto(base + "/admin/login")
        page.get_by_label("Adresse électronique").fill("pub@example.fr")
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(base + "/admin/")
        # A draft, so that preview, drafts and history pages have something to show.
        page.goto(base + "/admin/textes/pay.heading/affelnet")
        page.locator("#value").fill("Combien gagnerez-vous en apprentissage ?")
        page.get_by_role("button", name="Enregistrer le brouillon").click()
        page.get_by_role("button", name="Publier le brouillon").click()
        urls = ["/admin/", "/admin/textes", "/admin/textes/pay.heading/affelnet",
                "/admin/calendriers", "/admin/calendriers/affelnet/2026", "/admin/brouillons",
                "/admin/journal", "/admin/export-import", "/admin/comptes",
                "/admin/contenus/1/historique", "/admin/contenus/1/apercu"]
        for url in urls:
            page.goto(base + url)
            report = page.evaluate("""() => ({
              lang: document.documentElement.lang,
              title: document.title,
              h1: document.querySelectorAll('h1').length,
              unlabelled: [...document.querySelectorAll('input, select, textarea')]
                .filter(e => e.type !== 'hidden' && !(e.labels && e.labels.length)
                             && !e.getAttribute('aria-label'))
                .map(e => e.name),
              brokenRefs: [...document.querySelectorAll('[aria-describedby]')]
                .flatMap(e => e.getAttribute('aria-describedby').split(/\\s+/))
                .filter(id => !document.getElementById(id)),
              unnamedFrames: [...document.querySelectorAll('iframe')].filter(f => !f.title).length,
            })""")
            assert report == {"lang": "fr", "title": report["title"], "h1": 1, "unlabelled": [],
                              "brokenRefs": [], "unnamedFrames": 0}, url
            assert "Administration" in report["title"], url
        # Errors: described by their messages, and the page still has one h1.
        page.goto(base + "/admin/textes/pay.heading/affelnet")
        page.locator("#value").fill("{inconnue}")
        page.get_by_role("button", name="Enregistrer le brouillon").click()
        described = page.locator("#value").get_attribute("aria-describedby")
        assert "Variable inconnue" in page.locator(f"#{described.split()[-1]}").inner_text()
    refused = [m.text for m in page.console_messages if "Content Security Policy" in m.text]
    assert refused == [] and page.page_errors == []
