"""Editors feed and review the knowledge from Slack, end to end against the fake Slack Web
API: a newsletter shared in a DM is downloaded with the bot token, ingested unreviewed and
carded; Approve publishes it (answered by /pi, alerted once); Edit validates on the field;
a conflict shows the current values; a correction threads under the alert; a non-editor
is refused with nothing written."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.intake import flags
from bot.core.knowledge.model import Category, KnowledgeFile
from bot.core.knowledge.store import LiveStore, read_knowledge, write_knowledge
from bot.edge.state import StateRepository, connect
from tests.conftest import FIXTURE_FOOTNOTED
from tests.support.clocks import make_clock
from tests.support.fake_slack import FakeSlack
from tests.support.slack_harness import DM, USER, SlackHarness, serving

EDITOR = "U0EDITOR1"
READER = USER  # the harness's /pi user is a reader
OTHER = "U0OTHER9"
ALERTS = "C0ALERTS"
POLL_AT = dt.datetime(2022, 6, 10, 9, 0, tzinfo=dt.UTC)  # when the fixture's cases are new


@dataclass
class Desk:
    bot: SlackHarness
    slack: FakeSlack
    store: Path
    repo: StateRepository


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    store = tmp_path / "developments.json"
    write_knowledge(store, KnowledgeFile())
    url = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    engine = connect(url)
    with serving(
        process_before_response=True,
        store_path=store,
        is_editor=lambda user: user == EDITOR,
        database_url=url,
        delivery_pace_seconds=0,
        pi_fetch_allow="127.0.0.1",  # the test's feed server is on loopback
    ) as bot:
        yield Desk(bot, bot.slack, store, StateRepository(engine))
    engine.dispose()


def share(desk: Desk, user: str, file_id: str = "F0NEWS1", name: str = "footnoted.txt") -> str:
    if file_id not in desk.slack.files_info:
        desk.slack.add_file(file_id, name, FIXTURE_FOOTNOTED.read_bytes(), user=user)
    ts = f"{int(time.time())}.{len(desk.slack.calls):06d}"
    event = {
        "type": "message",
        "subtype": "file_share",
        "channel": DM,
        "channel_type": "im",
        "user": user,
        "text": "",
        "ts": ts,
        "files": [{"id": file_id, "name": name}],
    }
    assert desk.bot.event(event).status == 200
    return ts


def delivered_to(slack: FakeSlack, channel: str) -> list[Any]:
    return [c for c in slack.delivered() if c.channel == channel]


def thread_replies(slack: FakeSlack, ts: str) -> list[dict[str, Any]]:
    return [c.params for c in slack.delivered() if c.params.get("thread_ts") == ts]


def cards(slack: FakeSlack) -> list[dict[str, Any]]:
    out = []
    for call in slack.delivered():
        for block in call.params.get("blocks") or []:
            if str(block.get("block_id", "")).startswith("review|"):
                out.append({"block_id": block["block_id"], **call.params})
    return out


def press(desk: Desk, action_id: str, value: str, *, user: str = EDITOR, **extra: Any) -> None:
    payload = {
        "type": "block_actions",
        "user": {"id": user, "team_id": "T0TEST"},
        "container": {"type": "message", "message_ts": "9.000001", "channel_id": DM},
        "channel": {"id": DM},
        "trigger_id": "1.2.3",
        "actions": [
            {
                "action_id": action_id,
                "value": value,
                "block_id": f"review|{value}",
                "action_ts": f"{time.time():.6f}",  # each press is a new request
            }
        ],
        **extra,
    }
    assert desk.bot.interaction(payload).status == 200


def slash(desk: Desk, text: str) -> str:
    hook = f"h{len(desk.slack.calls)}"
    assert desk.bot.command(text, hook=hook).status == 200
    [reply] = [c for c in desk.slack.calls_to("response_url") if c.path.endswith(hook)]
    return json.dumps(reply.params)


def test_an_editors_file_becomes_cards_then_approved_answered_and_alerted_once(
    desk: Desk,
) -> None:
    desk.repo.subscribe(
        ALERTS, "alerts", filters="", user_id=EDITOR, now=POLL_AT - dt.timedelta(days=30)
    )
    desk.slack.add_channel(ALERTS)
    live = LiveStore(desk.store)
    clock = make_clock(desk.repo, desk.slack, live.current)
    clock.run_due(POLL_AT)  # the first poll: an empty store

    ts = share(desk, EDITOR)
    [download] = desk.slack.calls_to("download")
    assert download.status == 200  # fetched with the bot token
    replies = thread_replies(desk.slack, ts)
    summary = replies[0]["text"]
    assert "developments in footnoted.txt:" in summary and " new, " in summary
    knowledge = read_knowledge(desk.store)
    assert knowledge.developments and not any(d.reviewed for d in knowledge.developments)
    posted = cards(desk.slack)
    assert len(posted) == len(knowledge.developments)
    assert all(c["thread_ts"] == ts for c in posted)  # in the intake thread by default

    case = next(d for d in knowledge.developments if d.category == Category.ENFORCEMENT)
    assert "No development has that id" in slash(desk, f"show {case.id}")
    clock.run_due(POLL_AT)
    assert not delivered_to(desk.slack, ALERTS)  # unreviewed: nothing alerted

    press(desk, "review_approve", f"{case.id}|1")
    assert read_knowledge(desk.store).revision == 2
    updated = desk.slack.calls_to("chat.update")[-1].params
    assert "Published" in json.dumps(updated["blocks"])
    assert case.title.split()[0] in slash(desk, f"show {case.id}")
    clock.run_due(POLL_AT + dt.timedelta(minutes=5))
    clock.run_due(POLL_AT + dt.timedelta(minutes=10))
    alerts = delivered_to(desk.slack, ALERTS)
    assert len(alerts) == 1 and case.title[:20] in json.dumps(alerts[0].params)

    # the same card pressed again (its version is old): changed since you opened it
    press(desk, "review_approve", f"{case.id}|1")
    warning = desk.slack.calls_to("chat.postEphemeral")[-1].params
    assert "changed since you opened it" in warning["text"]
    assert "version 2" in json.dumps(warning["blocks"])

    # a correction to the published development threads under its alert
    press(desk, "review_withdraw", f"{case.id}|2")
    assert read_knowledge(desk.store).developments
    clock.run_due(POLL_AT + dt.timedelta(minutes=15))
    clock.run_due(POLL_AT + dt.timedelta(minutes=20))
    corrections = [c for c in delivered_to(desk.slack, ALERTS) if c.params.get("thread_ts")]
    assert len(corrections) == 1
    assert corrections[0].params["thread_ts"] == alerts[0].answer["ts"]
    assert corrections[0].params["text"].startswith("Correction: this development has been")
    assert "No development has that id" in slash(desk, f"show {case.id}")


def test_sending_the_same_file_again_duplicates_nothing(desk: Desk) -> None:
    share(desk, EDITOR)
    first = read_knowledge(desk.store)
    posted = len(cards(desk.slack))
    ts = share(desk, EDITOR)
    assert read_knowledge(desk.store) == first
    assert "already ingested" in thread_replies(desk.slack, ts)[0]["text"]
    assert len(cards(desk.slack)) == posted  # every card was posted once, by the ledger


def test_edit_with_a_bad_value_is_answered_on_the_field(desk: Desk) -> None:
    share(desk, EDITOR)
    dev = read_knowledge(desk.store).developments[0]
    press(desk, "review_edit", f"{dev.id}|1")
    [opened] = desk.slack.calls_to("views.open")
    view = opened.params["view"]
    assert view["callback_id"] == "review_edit_view"
    state = _state_of(view)
    state["title"]["title"]["value"] = "Tiny"  # shorter than the model allows
    reply = submit(desk, view, state)
    assert reply.status == 200
    answer = reply.json()
    assert answer["response_action"] == "errors"
    assert "title" in answer["errors"] and "5 characters" in answer["errors"]["title"]
    assert read_knowledge(desk.store).developments[0].version == 1  # nothing written

    state["title"]["title"]["value"] = "A corrected title for this development"
    state["penalties"]["penalties"]["value"] = "5500000 CNY fine | Example Bank"
    reply = submit(desk, view, state)
    assert reply.status == 200 and not reply.body.strip()
    saved = next(d for d in read_knowledge(desk.store).developments if d.id == dev.id)
    assert saved.title == "A corrected title for this development" and saved.version == 2
    assert saved.penalties[0].amount == 5_500_000
    assert {c.field for c in saved.history[-1].changes} >= {"title", "penalties"}

    # the same modal submitted again (opened on version 1): the current values come back
    reply = submit(desk, view, state)
    answer = reply.json()
    assert answer["response_action"] == "update"
    assert "changed since you opened it" in json.dumps(answer["view"])
    assert "A corrected title" in json.dumps(answer["view"])


def test_a_non_editors_file_is_refused_and_nothing_is_written(desk: Desk) -> None:
    before = desk.store.read_bytes()
    ts = share(desk, OTHER)
    [reply] = thread_replies(desk.slack, ts)
    assert "Only editors can add newsletters" in reply["text"]
    assert not desk.slack.calls_to("files.info") and not desk.slack.calls_to("download")
    assert desk.store.read_bytes() == before


def test_a_file_that_is_not_a_newsletter_gets_a_clear_reply(desk: Desk) -> None:
    before = desk.store.read_bytes()
    desk.slack.add_file(
        "F0PIC", "cat.png", b"\x89PNG...", user=EDITOR, filetype="png", mimetype="image/png"
    )
    ts = share(desk, EDITOR, "F0PIC", "cat.png")
    assert "is not a newsletter I can read" in thread_replies(desk.slack, ts)[0]["text"]
    desk.slack.add_file("F0TXT", "notes.txt", b"Just a shopping list\n", user=EDITOR)
    ts = share(desk, EDITOR, "F0TXT", "notes.txt")
    assert "does not look like a newsletter" in thread_replies(desk.slack, ts)[0]["text"]
    assert desk.store.read_bytes() == before


def submit(desk: Desk, view: dict[str, Any], state: dict[str, Any]) -> Any:
    payload = {
        "type": "view_submission",
        "user": {"id": EDITOR},
        "view": {**view, "state": {"values": state}, "hash": f"{time.time():.6f}"},
    }
    return desk.bot.interaction(payload)


def _state_of(view: dict[str, Any]) -> dict[str, Any]:
    """What Slack submits for the modal as it was opened (each input's initial value)."""
    state: dict[str, Any] = {}
    for block in view["blocks"]:
        if block.get("type") != "input":
            continue
        element, name = block["element"], block["block_id"]
        if element["type"] == "static_select":
            value = {"type": "static_select", "selected_option": element["initial_option"]}
        elif element["type"] == "datepicker":
            value = {"type": "datepicker", "selected_date": element.get("initial_date")}
        else:
            value = {"type": "plain_text_input", "value": element.get("initial_value")}
        state[name] = {name: value}
    return state


def test_discard_and_merge_into_keep_the_records_and_take_them_out_of_answers(
    desk: Desk,
) -> None:
    share(desk, EDITOR)
    first, second, third = read_knowledge(desk.store).developments[:3]
    press(desk, "review_approve", f"{first.id}|1")
    press(desk, "review_discard", f"{second.id}|1")

    suggestion = desk.bot.interaction(
        {
            "type": "block_suggestion",
            "user": {"id": EDITOR},
            "action_id": "review_merge",
            "block_id": f"review|{third.id}|1",
            "value": first.title.split()[0],
            "container": {"type": "message", "message_ts": "9.000001", "channel_id": DM},
        }
    )
    options = suggestion.json()["options"]
    assert [o["value"] for o in options][:1] == [first.id]  # only published ones offered
    payload = {
        "type": "block_actions",
        "user": {"id": EDITOR},
        "container": {"type": "message", "message_ts": "9.000002", "channel_id": DM},
        "channel": {"id": DM},
        "actions": [
            {
                "type": "external_select",
                "action_id": "review_merge",
                "block_id": f"review|{third.id}|1",
                "selected_option": options[0],
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    assert desk.bot.interaction(payload).status == 200

    after = {d.id: d for d in read_knowledge(desk.store).developments}
    assert after[second.id].withdrawn and after[second.id].history[-1].action == "discarded"
    assert after[third.id].withdrawn and after[third.id].merged_into == first.id
    sources = {(s.newsletter, s.ref) for s in after[first.id].sources}
    assert {(s.newsletter, s.ref) for s in third.sources} <= sources
    for gone in (second, third):
        assert "No development has that id" in slash(desk, f"show {gone.id}")


def test_an_html_newsletter_sent_in_slack_is_read_like_any_other(desk: Desk) -> None:
    page = (
        b"<html><head><title>China Data Monthly - August 2022</title></head><body>"
        b"<h2>Enforcement</h2><ul><li><strong>Shanghai regulator fines Zhongke Travel Co., Ltd."
        b"</strong> On 9 August 2022 the Shanghai Administration for Market Regulation fined "
        b"Zhongke Travel Co., Ltd. RMB 300,000 for marketing messages sent without consent.</li>"
        b"</ul></body></html>"
    )
    desk.slack.add_file(
        "F0HTML", "monthly.html", page, user=EDITOR, filetype="html", mimetype="text/html"
    )
    ts = share(desk, EDITOR, "F0HTML", "monthly.html")
    summary = thread_replies(desk.slack, ts)[0]["text"]
    assert "1 development in monthly.html: 1 new" in summary
    [newsletter] = read_knowledge(desk.store).newsletters
    assert newsletter.title == "China Data Monthly - August 2022"


def test_an_editor_adds_a_feed_by_its_address(desk: Desk, tmp_path: Path) -> None:
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    site = tmp_path / "site"
    site.mkdir()
    (site / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Privacy Wire</title>'
        "<item><title>Shanghai regulator fines Zhongke Travel Co., Ltd. RMB 300,000</title>"
        "<link>https://example.com/zhongke</link><pubDate>Tue, 09 Aug 2022 08:00:00 GMT"
        "</pubDate><description>The Shanghai Administration for Market Regulation fined "
        "Zhongke Travel Co., Ltd. RMB 300,000 for marketing messages sent without consent."
        "</description></item></channel></rss>",
        encoding="utf-8",
    )
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    try:
        before = desk.store.read_bytes()
        refused = desk.bot.command(f"ingest {address}", hook="reader")
        assert refused.status == 200 and "Only editors" in refused.body
        assert desk.store.read_bytes() == before

        reply = desk.bot.command(f"ingest <{address}>", hook="editor", user=EDITOR)
        assert reply.status == 200 and "Reading it now" in reply.body
        head = desk.slack.wait_for("chat.postMessage")[0]
        assert head.params["channel"] == f"D{EDITOR}"
        deadline = time.time() + 20
        while time.time() < deadline and not thread_replies(desk.slack, head.answer["ts"]):
            time.sleep(0.1)
        summary = thread_replies(desk.slack, head.answer["ts"])[0]["text"]
        assert "1 development in feed.xml: 1 new" in summary
        [dev] = read_knowledge(desk.store).developments
        assert not dev.reviewed and dev.penalties[0].amount == 300_000
    finally:
        server.shutdown()


def test_restore_shows_the_full_card_of_a_record_collapsed_as_probably_not(desk: Desk) -> None:
    from bot.core.knowledge.model import Confidence
    from tests.support.developments import make_dev

    doubtful = make_dev(
        "2022-06-01-site-news",
        reviewed=False,
        title="Site news",
        confidence=Confidence(score=0.1, reasons=("the title reads like a heading",)),
    )
    write_knowledge(desk.store, KnowledgeFile(developments=(doubtful,)))
    press(desk, "review_restore", f"{doubtful.id}|1", user=READER)
    refused = desk.slack.calls_to("chat.postEphemeral")[-1].params
    assert "editor" in refused["text"]
    press(desk, "review_restore", f"{doubtful.id}|1")
    updated = desk.slack.calls_to("chat.update")[-1].params
    assert any(b["type"] == "header" for b in updated["blocks"])
    assert "*Confidence:* 0.10" in json.dumps(updated["blocks"])


TWO_KINDS = b"""Data Protection Notes, March 2024

Enforcement

1. Wuhan regulator fines a ride-hailing firm

On 5 March 2024, the Wuhan Cyberspace Administration fined Wuhan Swiftcar Mobility Co., Ltd.
RMB 150,000 for keeping passengers' trip records longer than allowed.

Courts

1. A court rules on a gym's face scans

On 12 March 2024, a Shenzhen court held that a gym made face scans the only way in, and
ordered it to offer another way and pay RMB 3,000 in compensation.
"""


def test_approve_all_publishes_the_unflagged_records_and_writes_only_them(desk: Desk) -> None:
    desk.slack.add_file("F0TWO", "notes.txt", TWO_KINDS, user=EDITOR)
    share(desk, EDITOR, "F0TWO", "notes.txt")
    knowledge = read_knowledge(desk.store)
    [newsletter] = {s.newsletter for d in knowledge.developments for s in d.sources}
    gazetteer = default_gazetteer()
    flagged = {d.id for d in knowledge.developments if flags(d, knowledge, gazetteer)}
    unflagged = {d.id for d in knowledge.developments} - flagged
    assert flagged and unflagged  # the fixture has both kinds
    [court] = [c for c in cards(desk.slack) if c["block_id"].split("|")[1] in flagged]
    assert "has no payer named" in json.dumps(court["blocks"])  # shown to the editor

    press(desk, "review_approve_all", newsletter, user=OTHER)
    assert "editor" in desk.slack.calls_to("chat.postEphemeral")[-1].params["text"]
    assert not any(d.reviewed for d in read_knowledge(desk.store).developments)

    whole = desk.store.read_bytes()
    press(desk, "review_approve_all", newsletter)
    after = read_knowledge(desk.store)
    assert {d.id for d in after.developments if d.reviewed} == unflagged
    assert all(d.history[-1].by == EDITOR for d in after.developments if d.reviewed)
    assert desk.store.read_bytes() == whole  # one line of the change log, not the file
    said = desk.slack.calls_to("chat.update")[-1].params["text"]
    assert f"approved {len(unflagged)} development(s) without flags" in said

    press(desk, "review_approve_all", newsletter)  # again: nothing left to approve
    assert read_knowledge(desk.store).revision == after.revision
    assert "approved 0 development(s)" in desk.slack.calls_to("chat.update")[-1].params["text"]
