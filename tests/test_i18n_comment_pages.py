"""A campaign's comments page in the user's language (issue 17, part 2): the threshold's
sentence, the counts, the tags in the instruments' own translations and the flashes, in
French and German; the comments themselves and the leader's prompt stay as written."""

from __future__ import annotations

from sqlalchemy import select

from survey_app.campaigns.services import close_campaign
from survey_app.extensions import db
from survey_app.models import Comment

from .test_comments import _answer, campaign, company  # noqa: F401 - the fixtures
from .test_i18n_action_pages import text


def test_the_threshold_is_said_in_the_users_language(leader_client, leader, campaign) -> None:  # noqa: F811
    for n in range(3):
        _answer(campaign, f"Too few #{n}")
    leader.language = "fr"
    db.session.commit()
    page = leader_client.get(f"/campaigns/{campaign.id}/comments").get_data(as_text=True)
    assert '<html lang="fr">' in page
    french = text(page)
    assert "Les commentaires s’affichent dès qu’au moins 5 personnes ont répondu" in french
    assert "Cette campagne affiche 3 réponses pour l’instant." in french
    assert "Too few" not in french


def test_the_comments_their_tags_and_flashes_in_the_users_language(
    leader_client,
    leader,
    campaign,  # noqa: F811
) -> None:
    for words in ("Split credits early", "Trust the account owner", "x", "y", "z"):
        _answer(campaign, words)
    close_campaign(campaign)
    leader.language = "de"
    db.session.commit()
    german = text(leader_client.get(f"/campaigns/{campaign.id}/comments?q=credits").data.decode())
    assert "1 Kommentar gefunden" in german
    assert "Nach Praxis oder Feind verschlagworten" in german
    target = db.session.scalar(select(Comment).where(Comment.text == "Trust the account owner"))
    tagged = leader_client.post(
        f"/campaigns/{campaign.id}/comments/{target.id}/tags",
        data={"tags": ["clear_owner"]},
        follow_redirects=True,
    )
    tagged_page = text(tagged.get_data(as_text=True))
    assert "Schlagwörter gespeichert." in tagged_page
    assert "Jeder Account hat einen klar benannten Verantwortlichen" in tagged_page  # the tag
    hidden = leader_client.post(
        f"/campaigns/{campaign.id}/comments/{target.id}/hide", follow_redirects=True
    )
    page = text(hidden.get_data(as_text=True))
    assert "Der Kommentar ist auf allen Seiten und im Bericht ausgeblendet" in page
    assert "4 Kommentare" in page
    assert "1 ausgeblendeter Kommentar" in page
