"""``/pi sources`` and ``/pi review`` through real signed HTTP against the fake Slack: the
editors' commands of the registry, answered from the state database, every line escaped;
anyone else is told it is an editors' command and nothing is written."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_sdk import WebClient

from bot.core.knowledge.store import LiveStore
from bot.edge.delivery.subscriptions import SubscriptionCommands
from bot.edge.state import StateRepository, connect
from bot.edge.state.sources import IntakeRepository
from bot.settings import Settings
from tests.support.fake_slack import BOT_TOKEN, FakeSlack
from tests.support.slack_harness import USER, SlackHarness, serving
from tests.support.state import dev, write_store

EDITOR = "U0EDITOR1"


@pytest.fixture
def bot(tmp_path: Path) -> Iterator[tuple[SlackHarness, IntakeRepository]]:
    store = write_store(
        tmp_path / "developments.json",
        dev("waiting", dt.date(2024, 5, 2), reviewed=False, title="Waiting <one> & co"),
        dev("published", dt.date(2024, 5, 3)),
    )
    url = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    engine = connect(url)
    with FakeSlack() as slack:
        commands = SubscriptionCommands(
            StateRepository(engine),
            Settings(database_url=url),
            client=WebClient(token=BOT_TOKEN, base_url=slack.api_url),
            store=LiveStore(store).current,
        )
        with serving(
            slack=slack,
            subscriptions=commands,
            store_path=store,
            is_editor=lambda user: user == EDITOR,
            process_before_response=True,
        ) as harness:
            yield harness, IntakeRepository(engine)
    engine.dispose()


def slash(bot: SlackHarness, text: str, user: str = EDITOR) -> str:
    hook = f"h{len(bot.slack.calls)}"
    reply = bot.command(text, hook=hook, user=user)
    assert reply.status == 200
    answers = [c for c in bot.slack.calls_to("response_url") if c.path.endswith(hook)]
    return reply.body + "".join(json.dumps(c.params) for c in answers)


def test_an_editor_adds_lists_and_removes_a_source(
    bot: tuple[SlackHarness, IntakeRepository],
) -> None:
    harness, repo = bot
    added = slash(harness, "sources add https://93.184.215.14/feed.xml weekly <b>Wire</b>")
    assert "&lt;b&gt;Wire&lt;/b&gt;" in added and "<b>" not in added
    [source] = repo.sources()
    assert (source.cadence, source.name, source.added_by) == ("weekly", "<b>Wire</b>", EDITOR)
    refused = slash(harness, "sources add http://127.0.0.1:8080/feed.xml")
    assert "loopback" in refused and len(repo.sources()) == 1
    listed = slash(harness, "sources")
    assert "93.184.215.14" in listed and "Publishers" in listed
    assert "No longer watching" in slash(harness, "sources remove 1")
    assert repo.sources() == []


def test_the_review_queue_for_editors_only(bot: tuple[SlackHarness, IntakeRepository]) -> None:
    harness, repo = bot
    queue = slash(harness, "review")
    assert "1 development(s) from 1 newsletter(s) wait for review" in queue
    for text in ("review", "sources", "sources add https://93.184.215.14/f.xml"):
        assert "editors' command" in slash(harness, text, user=USER)
    assert repo.sources() == []
