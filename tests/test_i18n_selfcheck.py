"""The self-check in the user's language (issue 17, part 2): what the template writes is checked
by tests/test_i18n_pages.py; here, what Python writes (the note's label, the enemies, the flashes,
the confirmation's counts and days), and the same pages unchanged in English."""

from __future__ import annotations

import html
import re

from survey_app.extensions import db


def text(page: str) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def _take(client, enemies: list[str]) -> str:  # noqa: ANN001 - a test client
    data = {f"enemy_{k}": "y" for k in enemies} | {"note": "mine"}
    page = client.post("/self-check/", data=data, follow_redirects=True)
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_the_self_check_speaks_french_and_german(rep_client, rep):
    rep.language = "fr"
    db.session.commit()
    page = _take(rep_client, ["cynicism", "finger_pointing"])
    assert '<html lang="fr">' in page
    french = text(page)
    assert "Enregistré. Vous seul pouvez voir votre auto-évaluation." in french
    assert "Une note privée pour moi (facultatif)" in french
    assert "Mon historique (1)" in french
    assert "ennemis sur 20" in french
    assert "of 20" not in french
    confirm = text(rep_client.get("/self-check/erase").get_data(as_text=True))
    assert "Supprimer toutes vos auto-évaluations ?" in confirm
    assert "1 auto-évaluation, faite le" in confirm
    assert "1 note privée." in confirm
    assert "Ceci supprime" in confirm

    rep.language = "de"
    db.session.commit()
    page = rep_client.post("/self-check/erase", follow_redirects=True)
    german = text(page.get_data(as_text=True))
    assert "1 Selbstcheck gelöscht." in german
    assert "Mein Selbstcheck" in german


def test_an_english_user_sees_the_self_check_as_before(rep_client):
    english = text(_take(rep_client, ["cynicism"]))
    assert "Saved. Only you can see your self-check." in english
    assert "A private note to myself (optional)" in english
    assert "My history (1)" in english
    confirm = text(rep_client.get("/self-check/erase").get_data(as_text=True))
    assert "Delete all your self-checks?" in confirm
    assert "1 self-check, taken on" in confirm
    assert "1 private note." in confirm
    assert "This cannot be undone." in confirm
    page = rep_client.post("/self-check/erase", follow_redirects=True)
    assert "Deleted 1 self-check." in text(page.get_data(as_text=True))
