

def test_control_characters_are_not_taken_for_blanks(client):
    # Found by schemathesis: str.strip() removed \x1c and \x1d, so garbage passed as "absent".
    response = client.get("/api/v1/guide?cle_ministere_educatif=%1D&platform=%1C")
    assert response.status_code == 400
    assert set(response.get_json()["errors"]) == {"cle_ministere_educatif", "platform"}
