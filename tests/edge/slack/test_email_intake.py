"""Newsletters e-mailed into the intake channel (Slack's e-mail integration posts them as a
bot's ``file_share`` with a file of filetype ``email``), end to end through real signed
HTTP against the fake Slack: read whoever sent it, cards in its thread, the same message
never read twice, anything unreadable one line in the thread."""

from __future__ import annotations

import json
import resource
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.store import read_knowledge, write_knowledge
from tests.support.fake_slack import FakeSlack
from tests.support.slack_harness import SlackHarness, serving

INTAKE = "C0INTAKE"
EDITOR = "U0EDITOR1"


def issue_html(number: int, *extra: str) -> bytes:
    items = "".join(f"<h3>{title}</h3><p>{body}</p>" for title, body in ISSUE_ITEMS[number])
    more = "".join(f"<h3>{title}</h3><p>Dates and places of our events.</p>" for title in extra)
    return (
        f"<html><head><title>Lantern Data Brief {number}</title></head><body>"
        f"<h1>Lantern Data Brief, issue {number}</h1><h2>Enforcement</h2>{items}{more}"
        "</body></html>"
    ).encode()


ISSUE_ITEMS = {
    1: [
        (
            "Qingdao app maker fined over contact list uploads",
            "On 10 May 2024 the Qingdao cyberspace administration fined Qingdao Tidewater "
            "Apps Co., Ltd. RMB 120,000 for uploading users' contact lists without consent.",
        ),
        (
            "Hangzhou logistics firm fined over data export",
            "On 14 May 2024 the Zhejiang cyberspace administration fined Hangzhou Swiftpath "
            "Logistics Co., Ltd. RMB 300,000 for exporting personal information without a "
            "security assessment.",
        ),
    ],
    2: [
        (
            "Suzhou retailer fined over facial recognition",
            "On 3 June 2024 the Suzhou market regulator fined Suzhou Brightway Retail Co., "
            "Ltd. RMB 80,000 for collecting shoppers' facial images without consent.",
        ),
    ],
}


@dataclass
class Desk:
    bot: SlackHarness
    slack: FakeSlack
    store: Path


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    store = tmp_path / "developments.json"
    write_knowledge(store, KnowledgeFile())
    with serving(
        process_before_response=True,
        store_path=store,
        is_editor=lambda user: user == EDITOR,
        database_url=f"sqlite:///{tmp_path / 'state.sqlite3'}",
        delivery_pace_seconds=0,
        pi_intake_channel=INTAKE,
    ) as bot:
        bot.slack.add_channel(INTAKE)
        yield Desk(bot, bot.slack, store)


def email_file(
    slack: FakeSlack, file_id: str, html: bytes, *, message_id: str, subject: str
) -> None:
    info = slack.add_file(
        file_id, subject, html, user="USLACKBOT", filetype="email", mimetype="text/html"
    )
    info.update(
        mode="email",
        subject=subject,
        title=subject,
        headers={"date": "Mon, 03 Jun 2024 08:00:00 +0000", "message_id": message_id},
        plain_text="",
        **{"from": [{"name": "Lantern Law", "address": "brief@lantern.example"}]},
    )


def deliver(desk: Desk, file_id: str, ts: str | None = None) -> str:
    """The bot message Slack's e-mail integration posts for an e-mail."""
    ts = ts or f"{int(time.time())}.{len(desk.slack.calls):06d}"
    event = {
        "type": "message",
        "subtype": "file_share",
        "channel": INTAKE,
        "channel_type": "channel",
        "user": "USLACKBOT",
        "bot_id": "B0EMAIL",
        "text": "",
        "ts": ts,
        "files": [{"id": file_id}],
    }
    assert desk.bot.event(event).status == 200
    return ts


def in_thread(slack: FakeSlack, ts: str) -> list[dict[str, Any]]:
    return [c.params for c in slack.delivered() if c.params.get("thread_ts") == ts]


def review_cards(params: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        p
        for p in params
        if any(str(b.get("block_id", "")).startswith("review|") for b in p.get("blocks") or [])
    ]


def test_an_emailed_newsletter_is_read_once_with_its_cards_in_its_thread(desk: Desk) -> None:
    email_file(desk.slack, "F0MAIL1", issue_html(1), message_id="<i1@lantern>", subject="Brief 1")
    ts = deliver(desk, "F0MAIL1")
    [download] = desk.slack.calls_to("download")
    assert download.status == 200  # with the workspace's token
    replies = in_thread(desk.slack, ts)
    assert "new" in replies[0]["text"]
    assert len(review_cards(replies)) == 2
    knowledge = read_knowledge(desk.store)
    assert len(knowledge.developments) == 2
    assert not any(d.reviewed for d in knowledge.developments)
    assert [n.publisher for n in knowledge.newsletters] == ["Lantern Law"]

    calls = len(desk.slack.delivered())
    deliver(desk, "F0MAIL1")  # Slack delivers the same message again
    email_file(desk.slack, "F0MAIL2", issue_html(1), message_id="<i1@lantern>", subject="Brief 1")
    deliver(desk, "F0MAIL2")  # the same e-mail forwarded twice: its Message-ID
    assert len(desk.slack.delivered()) == calls
    assert len(desk.slack.calls_to("download")) == 1  # neither downloaded again
    assert len(read_knowledge(desk.store).developments) == 2


def test_an_unreadable_email_is_one_line_in_its_thread(desk: Desk) -> None:
    email_file(desk.slack, "F0MAIL3", b"", message_id="<empty@x>", subject="<b>Out</b> & about")
    ts = deliver(desk, "F0MAIL3")
    [line] = in_thread(desk.slack, ts)
    assert "Nothing was written" in line["text"] and "<b>" not in line["text"]
    assert read_knowledge(desk.store).developments == ()


def test_a_bots_other_files_in_the_intake_channel_are_left_alone(desk: Desk) -> None:
    desk.slack.add_file("F0PDF", "report.txt", b"Some text", user="U0BOT")
    ts = deliver(desk, "F0PDF")
    assert in_thread(desk.slack, ts) == []
    assert desk.slack.calls_to("download") == []


def choose(desk: Desk, action_id: str, block_key: str, value: str, *, button: bool) -> None:
    action: dict[str, Any] = {
        "action_id": action_id,
        "block_id": f"review|{block_key}",
        "action_ts": f"{time.time():.6f}",
    }
    if button:
        action["value"] = value
    else:
        action["selected_option"] = {"value": value}
    payload = {
        "type": "block_actions",
        "user": {"id": EDITOR, "team_id": "T0TEST"},
        "container": {"type": "message", "message_ts": "9.000001", "channel_id": INTAKE},
        "channel": {"id": INTAKE},
        "trigger_id": "1.2.3",
        "actions": [action],
    }
    assert desk.bot.interaction(payload).status == 200


def test_a_record_discarded_as_not_a_development_is_recognised_in_the_next_issue(
    desk: Desk, tmp_path: Path
) -> None:
    from bot.edge.render.blocks.discard_reasons import ACTION_DISCARD_REASON
    from bot.edge.render.blocks.review import ACTION_RESTORE
    from bot.edge.state import connect
    from bot.edge.state.sources import IntakeRepository

    memory = IntakeRepository(connect(f"sqlite:///{tmp_path / 'state.sqlite3'}"))
    first = issue_html(1, "Upcoming Events")
    email_file(desk.slack, "F0ISS1", first, message_id="<i1@lantern>", subject="Brief 1")
    deliver(desk, "F0ISS1")
    [events] = [d for d in read_knowledge(desk.store).developments if d.title == "Upcoming Events"]
    choose(
        desk,
        ACTION_DISCARD_REASON,
        f"{events.id}|{events.version}",
        "not a development",
        button=False,
    )
    discarded = next(d for d in read_knowledge(desk.store).developments if d.id == events.id)
    assert discarded.withdrawn and discarded.history[-1].note == "not a development"
    assert [m.example for m in memory.memory()] == ["Upcoming Events"]

    second = issue_html(2, "Upcoming Events")
    email_file(desk.slack, "F0ISS2", second, message_id="<i2@lantern>", subject="Brief 2")
    ts = deliver(desk, "F0ISS2")
    knowledge = read_knowledge(desk.store)
    [again] = [
        d for d in knowledge.developments if d.title == "Upcoming Events" and not d.withdrawn
    ]
    assert again.confidence is not None and again.confidence.probably_not
    assert again.confidence.reasons[0] == (
        "probably not a development: discarded before in Lantern Law"
    )
    [suzhou] = [d for d in knowledge.developments if d.title.startswith("Suzhou")]
    assert suzhou.confidence is None or not suzhou.confidence.probably_not
    thread_cards = review_cards(in_thread(desk.slack, ts))
    assert again.id in json.dumps(thread_cards[-1])  # collapsed, after the others
    assert "discarded before in Lantern Law" in json.dumps(thread_cards[-1])

    choose(
        desk,
        ACTION_RESTORE,
        f"{again.id}|{again.version}",
        f"{again.id}|{again.version}",
        button=True,
    )
    assert memory.memory() == []  # restoring it forgets the memory entry


def test_an_email_that_could_not_be_stored_is_read_when_it_comes_again(desk: Desk) -> None:
    """The store cannot be written (its change log's place is taken by a folder): one line
    in the thread, the store as it was, and the e-mail is not marked read, so its next
    delivery is ingested."""
    email_file(desk.slack, "F0MAIL1", issue_html(1), message_id="<i1@lantern>", subject="Brief 1")
    deliver(desk, "F0MAIL1")  # the store has records: the next write appends to its log
    email_file(desk.slack, "F0MAIL9", issue_html(2), message_id="<i9@lantern>", subject="Brief 9")
    blocker = desk.store.with_name(desk.store.name + ".changes")
    blocker.mkdir()
    before = desk.store.read_bytes()
    ts = deliver(desk, "F0MAIL9")
    [line] = [p["text"] for p in in_thread(desk.slack, ts)]
    assert "could not be written" in line and "nothing was changed" in line
    assert desk.store.read_bytes() == before

    blocker.rmdir()
    again = deliver(desk, "F0MAIL9")  # Slack, or the editor, sends it again
    assert "new" in in_thread(desk.slack, again)[0]["text"]
    assert len(read_knowledge(desk.store).developments) == 3


def test_an_email_during_a_state_database_failure_is_one_line_and_read_later(
    desk: Desk,
) -> None:
    """The state database cannot be written (files limited to 4 KB, as on a full disk):
    the thread says so in one line, nothing is written, and the next delivery is read."""
    email_file(desk.slack, "F0MAIL7", issue_html(2), message_id="<i7@lantern>", subject="Brief 7")
    before = desk.store.read_bytes()
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))
    try:
        ts = deliver(desk, "F0MAIL7")
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    [line] = [p["text"] for p in in_thread(desk.slack, ts)]
    assert line.startswith("Brief 7: ") and "state database" in line, line
    assert desk.store.read_bytes() == before

    again = deliver(desk, "F0MAIL7")
    assert "new" in in_thread(desk.slack, again)[0]["text"]
    assert len(read_knowledge(desk.store).developments) == 1
