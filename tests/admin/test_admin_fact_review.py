"""The admin dashboard lists the guide entries due for review within 30 days and every
entry still waiting for an official source (status a_verifier), from the data."""
from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

from widgets.guide.entries import all_entries
from widgets.guide.review import due_for_review, due_within, review_report, to_verify

ON = date(2026, 12, 5)


def rows(html, table_id):
    table = html.split(f'id="{table_id}"')[1].split("</table>")[0]
    return re.findall(r"<tr>\s*<td>([^<]+)</td>", table)


def test_due_within_30_days_is_computed_from_the_review_dates():
    everything = [e for items in all_entries().values() for e in items]
    expected = {(e.section, e.id) for e in everything if e.review_by <= ON + timedelta(days=30)}
    assert {(d.section, d.id) for d in due_within(ON)} == expected
    assert ("employer", "aid_2026_03") in expected          # the 2026 aid ends on 31 December
    assert {(d.section, d.id) for d in due_for_review(ON)} <= expected
    soon = next(d for d in due_within(ON) if d.id == "aid_2026_03")
    assert soon.days_overdue == -26                       # 26 days left


def test_to_verify_lists_every_unconfirmed_entry_with_its_source():
    waiting = to_verify(ON)
    everything = [e for items in all_entries().values() for e in items]
    assert {(d.section, d.id) for d in waiting} == {(e.section, e.id) for e in everything
                                                    if e.status == "a_verifier"}
    mobili = next(d for d in waiting if d.id == "mobili_jeune")
    assert mobili.source_url == "https://www.actionlogement.fr/salarie/alternant" and mobili.note


def test_dashboard_shows_both_lists_and_the_pay_figures(admin_app, editor, monkeypatch):
    import bff.admin.pages
    monkeypatch.setattr(bff.admin.pages, "today", lambda: ON)
    html = unescape(editor.get("/admin/").get_data(as_text=True))
    report = review_report(ON)
    assert "Guide : fiches à revoir d'ici 30 jours" in html
    assert "à revoir avant le 04/01/2027" in html
    assert rows(html, "review-due") == [d.title for d in report.due]
    assert "(dans 26 j)" in html
    assert "Guide : informations à vérifier" in html
    assert rows(html, "review-unverified") == [d.title for d in report.unverified]
    figures = html.split('id="review-figures"')[1].split("</ul>")[0]
    assert "SMIC au 2026-06-01" in figures and "Cotisations salariales des apprentis" in figures
    assert "Barème des salaires minimaux" not in figures                # verified
