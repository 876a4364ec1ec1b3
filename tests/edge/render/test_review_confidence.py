"""The review card and confidence: a record that is probably not a development is collapsed
to one line with a Restore button; restored (or any other record) it shows its confidence."""

from __future__ import annotations

import json

from bot.core.knowledge.model import Confidence
from bot.edge.render.blocks.review import ACTION_RESTORE, probably_not, review_card
from tests.support.developments import make_dev

HEADING = Confidence(score=0.1, reasons=("the title reads like a heading", "no date"))


def test_a_record_that_is_probably_not_a_development_is_collapsed_with_restore() -> None:
    dev = make_dev("2023-03-01-site-news", reviewed=False, title="Site news", confidence=HEADING)
    assert probably_not(dev)
    card = review_card(dev, ["check: something"]).to_dict()
    text = json.dumps(card)
    assert "Probably not a development" in text and "0.10" in text and "no date" in text
    (actions,) = [b for b in card["blocks"] if b["type"] == "actions"]
    assert [e["action_id"] for e in actions["elements"]] == [ACTION_RESTORE]
    assert not any(b["type"] == "header" for b in card["blocks"])


def test_restored_it_is_the_full_card_with_its_confidence() -> None:
    dev = make_dev("2023-03-01-site-news", reviewed=False, title="Site news", confidence=HEADING)
    card = review_card(dev, [], restored=True).to_dict()
    assert any(b["type"] == "header" for b in card["blocks"])
    assert "*Confidence:* 0.10 (the title reads like a heading; no date)" in json.dumps(
        card, ensure_ascii=False
    )


def test_confident_published_and_old_records_are_never_collapsed() -> None:
    sure = make_dev("2023-03-02-cac-fines-app", reviewed=False, confidence=Confidence(score=0.9))
    published = make_dev("2023-03-03-site-news", title="Site news", confidence=HEADING)
    older = make_dev("2023-03-04-no-confidence", reviewed=False)
    assert not any(probably_not(d) for d in (sure, published, older))
    assert "Confidence" not in json.dumps(review_card(published, []).to_dict())
