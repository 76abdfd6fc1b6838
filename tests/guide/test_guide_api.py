import re


def test_control_characters_are_not_taken_for_blanks(client):
    # Found by schemathesis: str.strip() removed \x1c and \x1d, so garbage passed as "absent".
    response = client.get("/api/v1/guide?cle_ministere_educatif=%1D&platform=%1C")
    assert response.status_code == 400
    assert set(response.get_json()["errors"]) == {"cle_ministere_educatif", "platform"}


def test_api_gives_the_answer_as_plain_text_and_sanitized_html_never_the_markdown(
        client, guide_store):
    # An editor's formatted answer, with what a hostile or careless one might type.
    guide_store.overrides[("guide.faq.conditional_yes.answer", "*")] = (
        "Signez **vite** un [contrat](https://www.service-public.fr/particuliers/vosdroits/F2918)"
        " <img src=x onerror=alert(1)>\n\n- avant *juin* ;\n- ou [ici](javascript:alert(2)).")
    body = client.get("/api/v1/guide?platform=parcoursup").get_json()
    faq = next(f for f in body["faq"] if f["id"] == "conditional_yes")
    # Plain text: the Markdown read (no ** or [..](..) left), links as "label (address)";
    # what is not Markdown stays as typed, text to be inserted as text.
    assert faq["answer"] == (
        "Signez vite un contrat (https://www.service-public.fr/particuliers/vosdroits/F2918)"
        " <img src=x onerror=alert(1)>\n\n- avant juin ;\n- ou [ici](javascript:alert(2)).")
    # Sanitized HTML: the only markup a host may insert as HTML.
    html = faq["answer_html"]
    assert "<strong>vite</strong>" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert set(re.findall(r"<(\w+)", html)) <= {"p", "strong", "em", "a", "ul", "li"}
    assert re.findall(r'href="([^"]*)"', html) == [
        "https://www.service-public.fr/particuliers/vosdroits/F2918"]
