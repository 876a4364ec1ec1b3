"""Every report knows its publisher: a feed names its own (its title), ``--publisher`` wins,
and a file that names no stable publisher has none (an e-mail's subject changes every issue;
the Slack side gives the sender)."""

from __future__ import annotations

from pathlib import Path

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.ingest import read_and_parse
from tests.conftest import FIXTURE_NUMBERED

FEED = Path(__file__).resolve().parents[3] / "fixtures" / "newsletters" / "shapes" / "feed.atom"


def test_a_feed_is_published_by_what_it_calls_itself_unless_told() -> None:
    gazetteer = default_gazetteer()
    assert read_and_parse(FEED, gazetteer).publisher == "Lantern Privacy Wire"
    assert read_and_parse(FEED, gazetteer, publisher="Lantern LLP").publisher == "Lantern LLP"
    assert read_and_parse(FIXTURE_NUMBERED, gazetteer).publisher is None
