"""The clock's ``poll_sources`` job end to end: a feed on a real loopback HTTP server
(allowed by ``PI_FETCH_ALLOW``), ``python -m bot clock --once`` against the fake Slack."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.knowledge.store import FileBackend
from tests.support.fake_slack import BOT_TOKEN, FakeSlack
from tests.support.feed_server import FeedServer, atom
from tests.support.state import write_store

pytestmark = pytest.mark.slow

REVIEW = "CREVIEW"
START = dt.datetime(2024, 6, 3, 9, 0, tzinfo=dt.UTC)
ENTRIES = [
    {
        "title": "Qingdao app maker fined over contact list uploads",
        "slug": "qingdao-fine",
        "day": "2024-05-28",
        "body": "On 27 May 2024 the Qingdao cyberspace administration fined Qingdao "
        "Tidewater Apps Co., Ltd. RMB 120,000 for uploading contact lists without consent.",
    },
    {
        "title": "Shenzhen court rules on facial recognition at a gym",
        "slug": "shenzhen-court",
        "day": "2024-05-29",
        "body": "On 29 May 2024 the Shenzhen Nanshan People's Court ruled that a gym must "
        "delete members' facial images collected without separate consent.",
    },
    {
        "title": "Hangzhou regulator fines logistics firm over data export",
        "slug": "hangzhou-fine",
        "day": "2024-05-31",
        "body": "On 31 May 2024 the Zhejiang cyberspace administration fined Hangzhou "
        "Swiftpath Logistics Co., Ltd. RMB 300,000 for exporting personal information "
        "without a security assessment.",
    },
]


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    for key in list(os.environ):
        if key.startswith(("SLACK_", "DATABASE_URL", "PI_", "DELIVERY_")):
            monkeypatch.delenv(key)
    store = write_store(tmp_path / "developments.json")
    values = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'state.sqlite3'}",
        "PI_KNOWLEDGE_FILE": str(store),
        "PI_REVIEW_CHANNEL": REVIEW,
        "PI_FETCH_ALLOW": "127.0.0.1",
        "DELIVERY_PACE_SECONDS": "0",
        "DIGEST_CHART": "false",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return values


def _clock(slack: FakeSlack, monkeypatch: pytest.MonkeyPatch, at: dt.datetime) -> None:
    monkeypatch.setenv("SLACK_API_URL", slack.api_url)
    main(["clock", "--once", "--now", at.isoformat()])


def _cards(slack: FakeSlack) -> list[str]:
    return [m.get("text", "") for m in slack.messages_in(REVIEW) if "Review:" in m.get("text", "")]


def _pending(env: dict[str, str]) -> list[str]:
    knowledge, _ = FileBackend(Path(env["PI_KNOWLEDGE_FILE"])).load()
    return sorted(d.title for d in knowledge.developments if not d.reviewed)


def _publishers(env: dict[str, str]) -> set[str | None]:
    knowledge, _ = FileBackend(Path(env["PI_KNOWLEDGE_FILE"])).load()
    return {n.publisher for n in knowledge.newsletters}


def test_a_growing_feed_adds_exactly_its_new_entries_then_asks_conditionally(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with FeedServer() as feed, FakeSlack() as slack:
        slack.add_channel(REVIEW)
        assert main(["sources", "add", feed.url, "hourly", "Wire"]) == 0
        feed.body = atom("Wire Weekly", ENTRIES[:2])
        _clock(slack, monkeypatch, START)
        assert len(_pending(env)) == 2
        first = _cards(slack)
        assert len(first) == 2
        approve_all = [m for m in slack.messages_in(REVIEW) if "approved at once" in m["text"]]
        assert len(approve_all) == 1

        feed.body = atom("Wire Weekly", ENTRIES)  # one entry more, at the end
        _clock(slack, monkeypatch, START + dt.timedelta(hours=2))
        assert len(_pending(env)) == 3
        assert _publishers(env) == {"Wire"}  # the editor's name for the source
        second = _cards(slack)[len(first) :]
        assert len(second) == 1 and "Hangzhou" in second[0]

        _clock(slack, monkeypatch, START + dt.timedelta(hours=4))
        assert feed.requests[-1].get("if-none-match")  # a conditional request
        assert len(_cards(slack)) == 3 and len(_pending(env)) == 3
        # not due yet: nothing fetched
        asked = len(feed.requests)
        _clock(slack, monkeypatch, START + dt.timedelta(hours=4, minutes=30))
        assert len(feed.requests) == asked


def test_a_failing_source_is_reported_once_and_its_recovery_once(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with FeedServer() as feed, FakeSlack() as slack:
        slack.add_channel(REVIEW)
        assert main(["sources", "add", feed.url, "hourly"]) == 0
        feed.failing = True
        for hour in range(5):
            _clock(slack, monkeypatch, START + dt.timedelta(hours=hour))
        down = [m for m in slack.messages_in(REVIEW) if "times in a row" in m["text"]]
        assert len(down) == 1 and "failed 3 times" in down[0]["text"]
        feed.failing = False
        feed.body = atom("Wire Weekly", ENTRIES[:1])
        for hour in range(5, 8):
            _clock(slack, monkeypatch, START + dt.timedelta(hours=hour))
        back = [m for m in slack.messages_in(REVIEW) if m["text"].endswith("works again.")]
        assert len(back) == 1
        assert len(_pending(env)) == 1
        assert _publishers(env) == {"Wire Weekly"}  # unnamed: the feed's own title


def test_sources_add_refuses_an_address_the_fetch_would_refuse(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("PI_FETCH_ALLOW")
    assert main(["sources", "add", "http://127.0.0.1:9/feed.xml"]) == 1
    assert "loopback" in capsys.readouterr().err
    assert main(["sources"]) == 0
    assert "127.0.0.1" not in capsys.readouterr().out
