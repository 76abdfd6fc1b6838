"""The whole editing flow in real Chromium: log in, edit a text, preview it on each
platform at phone and desktop width, publish, see it in the widget embedded by a host."""
from __future__ import annotations

import re

import pytest
from admin_helpers import PASSWORD, serving

NEW_TEXT = "Signez votre contrat tôt : texte publié depuis l'administration."


@pytest.mark.browser
def test_edit_preview_publish_then_see_it_in_the_embedded_widget(admin_app, page, host_server):
    from playwright.sync_api import expect

    with serving(admin_app) as base:
        page.goto(base + "/admin/textes")
        expect(page).to_have_url(re.compile(r"/admin/login$"))
        page.get_by_label("Adresse électronique").fill("pub@example.fr")
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()

        page.get_by_role("link", name="Textes", exact=True).click()
        page.get_by_role("link", name="Toutes les plateformes : Phrase d'introduction").first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Phrase d'introduction")
        area = page.get_by_label("Texte", exact=False).first
        area.fill("Bonjour {prenom}")
        page.get_by_role("button", name="Enregistrer le brouillon").click()
        expect(page.locator(".fr-error-text")).to_contain_text("Variable inconnue : {prenom}")
        expect(page.locator("#value")).to_have_attribute("aria-invalid", "true")
        page.locator("#value").fill(NEW_TEXT)
        page.get_by_role("button", name="Enregistrer le brouillon").click()
        expect(page.get_by_role("status")).to_contain_text("Brouillon enregistré")

        page.get_by_role("link", name="Prévisualiser le brouillon").click()
        frames = page.locator("iframe.aw-admin-preview__iframe")
        expect(frames).to_have_count(4)  # Parcoursup and Affelnet, phone and desktop
        assert frames.nth(0).bounding_box()["width"] == pytest.approx(375, abs=1)
        for index in range(4):
            frame = page.frame_locator("iframe.aw-admin-preview__iframe").nth(index)
            expect(frame.locator(".aw-cal__intro")).to_have_text(NEW_TEXT)

        # Still the default for candidates until it is published.
        embed = f"""<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Plateforme</title><script src="{base}/static/js/embed.js" defer></script></head>
<body><div data-apprentissage-widget="calendar" data-caller="parcoursup"></div></body></html>"""
        host_url = host_server.add("/voeu.html", embed)
        widget_page = page.context.new_page()
        widget_page.goto(host_url)
        embedded = widget_page.frame_locator("iframe")
        expect(embedded.locator(".aw-cal__intro")).not_to_have_text(NEW_TEXT)

        page.get_by_label("Commentaire de publication").fill("Conseil plus direct")
        page.get_by_role("button", name="Publier le brouillon").click()
        expect(page.get_by_role("status")).to_contain_text("Publié")

        # A new candidate (fresh browser cache: widget pages are cacheable for HTTP_MAX_AGE).
        candidate = page.context.browser.new_context(locale="fr-FR")
        try:
            fresh = candidate.new_page()
            fresh.goto(host_url)
            expect(fresh.frame_locator("iframe").locator(".aw-cal__intro")).to_have_text(
                NEW_TEXT, timeout=5000)
            assert candidate.cookies() == []
        finally:
            candidate.close()

        page.goto(base + "/admin/journal")
        expect(page.locator("table")).to_contain_text("Conseil plus direct")
        cookies = page.context.cookies()
        assert [c["path"] for c in cookies] == ["/admin"]
        assert cookies[0]["httpOnly"] and cookies[0]["sameSite"] == "Strict"
        assert page.page_errors == []
