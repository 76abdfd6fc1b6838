"""The admin's calendar editor: a provisional date on a weekend or a public holiday is
refused next to its field; an announced one is saved with a warning."""
from __future__ import annotations

import re


def editor_form(client, url):
    html = client.get(url).get_data(as_text=True)
    form = dict(re.findall(r'<input class="fr-input" type="[a-z]+" id="[^"]+" name="([^"]+)" '
                           r'value="([^"]*)"', html))
    form.update(revision=re.search(r'name="revision" value="(\d+)"', html).group(1),
                phase_count=re.search(r'name="phase_count" value="(\d+)"', html).group(1),
                academies="{}")
    for checkbox in re.findall(r'name="(phases\.\d+\.provisional)" value="1" checked', html):
        form[checkbox] = "1"
    return html, form


def test_admin_refuses_a_provisional_holiday_next_to_the_field(editor):
    url = "/admin/calendriers/affelnet/2026"
    _, form = editor_form(editor, url)
    assert form["phases.0.provisional"] == "1"
    response = editor.post(url, dict(form, **{"phases.0.end": "2026-05-25"}))
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    errors = body.split('id="f-phases-0-end-errors"')[1].split("</div>")[0]
    assert "lundi de Pentecôte" in errors and "22 mai 2026" in errors


def test_admin_warns_on_an_announced_saturday_but_saves(editor):
    url = "/admin/calendriers/parcoursup/2026"
    html, form = editor_form(editor, url)
    assert 'id="calendar-warnings"' in html                      # the bundled 11 July 2026
    warning = html.split('id="f-phases-2-end-warnings"')[1].split("</div>")[0]
    assert "11 juillet 2026 tombe un samedi" in warning
    assert re.search(r'name="phases\.2\.end" value="2026-07-11" aria-describedby="f-phases-2-end-warnings"',
                     html)
    response = editor.post(url, dict(form, **{"phases.0.end": "2026-03-14"}))
    assert response.status_code == 302                            # a warning never blocks
    after = editor.get(url).get_data(as_text=True)
    assert "14 mars 2026 tombe un samedi" in after and "11 juillet 2026" in after
