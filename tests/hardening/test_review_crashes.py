"""The editors' desk under a SIGKILL: a serve process killed while posting review cards
(Slack took a card but the answer never came back) loses nothing and duplicates nothing
once the file is sent again to a fresh process; the store is written once."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.review import is_pending
from bot.core.knowledge.store import read_knowledge, write_knowledge
from tests.conftest import FIXTURE_FOOTNOTED
from tests.support.clocks import child_env
from tests.support.fake_slack import BOT_TOKEN, FakeSlack
from tests.support.processes import kill_group, serve_process
from tests.support.slack_harness import DM, SIGNING_SECRET, SlackHarness

pytestmark = pytest.mark.slow  # serve subprocesses, one killed with SIGKILL

EDITOR = "U0EDITOR1"
REVIEW = "C0REVIEW"


def share(bot: SlackHarness, n: int) -> None:
    event = {
        "type": "message",
        "subtype": "file_share",
        "channel": DM,
        "channel_type": "im",
        "user": EDITOR,
        "ts": f"{int(time.time())}.00000{n}",
        "files": [{"id": "F0NEWS1"}],
    }
    assert bot.event(event).status == 200


def cards_in(slack: FakeSlack) -> Counter[str]:
    """Review cards Slack holds in the review channel, by development id."""
    found: Counter[str] = Counter()
    for message in slack.messages_in(REVIEW):
        for block in message.get("blocks") or []:
            block_id: Any = block.get("block_id", "")
            if str(block_id).startswith("review|"):
                found[str(block_id).split("|")[1]] += 1
    return found


def wait_until(check: Any, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def test_a_kill_while_posting_cards_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    store = tmp_path / "developments.json"
    write_knowledge(store, KnowledgeFile())
    with FakeSlack() as slack:
        slack.add_channel(REVIEW)
        slack.add_file("F0NEWS1", "footnoted.txt", FIXTURE_FOOTNOTED.read_bytes(), user=EDITOR)
        env = child_env(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=slack.api_url,
            DATABASE_URL=f"sqlite:///{tmp_path / 'state.sqlite3'}",
            PI_KNOWLEDGE_FILE=str(store),
            PI_EDITORS=EDITOR,
            PI_REVIEW_CHANNEL=REVIEW,
            DELIVERY_PACE_SECONDS="0",
        )
        # the summary and two cards are answered; the third card reaches Slack, its
        # answer is held, and the process dies there
        slack.hold("chat.postMessage", after=3)
        with serve_process(env, slack, store) as (first, proc):
            share(first, 1)
            wait_until(lambda: len(slack.calls_to("chat.postMessage")) >= 4, "no 3rd card")
            kill_group(proc)
        slack.release()
        written = read_knowledge(store)
        pending = [d.id for d in written.developments if is_pending(d)]
        assert pending and len(cards_in(slack)) == 3

        with serve_process(env, slack, store) as (second, _proc):
            share(second, 2)
            wait_until(lambda: len(slack.calls_to("files.info")) == 2, "not received again")
            wait_until(lambda: len(cards_in(slack)) == len(pending), "cards missing")
            # The third card's row is the dead run's (kill_group returned once its worker was
            # gone), so this run takes it over and checks the channel before posting it: the
            # card is there, and is not posted again.
            wait_until(lambda: len(slack.calls_to("conversations.history")) > 0, "no check")
            replies = [
                c.params["text"]
                for c in slack.delivered()
                if c.channel == DM and c.params.get("thread_ts")
            ]
            assert any("already ingested" in text for text in replies)
        assert read_knowledge(store) == written  # nothing ingested twice
        assert cards_in(slack) == Counter({dev_id: 1 for dev_id in pending})
