"""The editors' desk in OAuth mode, through the real runtime: files are downloaded and
review cards posted with the installing workspace's own token (there is no
SLACK_BOT_TOKEN), and editors are PI_EDITORS plus the workspace's stored editors, only in
PI_EDITORS_TEAM."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.commands.serve import NEEDS_OAUTH
from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.store import read_knowledge, write_knowledge
from bot.edge.slack.runtime import build_runtime
from bot.edge.slack.web import create_web_app
from bot.edge.state import StateRepository, connect
from bot.settings import Settings
from tests.conftest import FIXTURE_FOOTNOTED
from tests.edge.slack.test_oauth import Distributed, eventually
from tests.support.fake_slack import CLIENT_ID, CLIENT_SECRET, FakeSlack
from tests.support.slack_harness import SIGNING_SECRET, on_loopback

EDITOR = "U0EDITOR1"
STORED = "U0STORED2"
HOME = "TA"


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[tuple[Distributed, Path]]:
    store = tmp_path / "developments.json"
    write_knowledge(store, KnowledgeFile())
    db_url = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    with FakeSlack() as slack:
        settings = Settings(
            slack_client_id=CLIENT_ID,
            slack_client_secret=CLIENT_SECRET,
            slack_signing_secret=SIGNING_SECRET,
            slack_api_url=slack.api_url,
            database_url=db_url,
            pi_knowledge_file=str(store),
            pi_editors=EDITOR,
            pi_editors_team=HOME,
            delivery_pace_seconds=0,
        )
        runtime = build_runtime(settings, needs=NEEDS_OAUTH, command="serve")
        engine = connect(db_url)
        with on_loopback(
            create_web_app(runtime.app, runtime.live_store, signing_secret=SIGNING_SECRET)
        ) as url:
            d = Distributed(slack, url, runtime, settings, StateRepository(engine))
            d.install("code-a", "TA")
            d.install("code-b", "TB")
            yield d, store
        engine.dispose()


def share(d: Distributed, team: str, user: str, file_id: str) -> str:
    d.slack.add_file(file_id, "footnoted.txt", FIXTURE_FOOTNOTED.read_bytes(), user=user)
    ts = f"{int(time.time())}.{time.monotonic_ns() % 1_000_000:06d}"
    event: dict[str, Any] = {
        "type": "message",
        "subtype": "file_share",
        "channel": f"D{team}",
        "channel_type": "im",
        "user": user,
        "text": "",
        "ts": ts,
        "files": [{"id": file_id, "name": "footnoted.txt"}],
    }
    assert d.event(event, team=team).status == 200
    return ts


def settle(d: Distributed, quiet: float = 0.5, timeout: float = 15.0) -> None:
    """Wait until the desk has posted everything (no new message for ``quiet`` seconds)."""
    deadline = time.monotonic() + timeout
    seen, since = len(d.slack.calls), time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - since < quiet:
        time.sleep(0.05)
        if len(d.slack.calls) != seen:
            seen, since = len(d.slack.calls), time.monotonic()


def replies(d: Distributed, ts: str) -> list[str]:
    return [
        str(c.params.get("text"))
        for c in d.slack.calls_to("chat.postMessage")
        if c.params.get("thread_ts") == ts
    ]


def test_files_and_cards_use_the_workspaces_own_token(desk: tuple[Distributed, Path]) -> None:
    d, store = desk
    token_a = d.installation("TA").bot_token  # type: ignore[union-attr]
    ts = share(d, "TA", EDITOR, "F0A")
    eventually(lambda: len(replies(d, ts)) >= 3)  # the summary, then the cards
    [download] = d.slack.calls_to("download")
    assert download.status == 200 and download.token == token_a
    assert "new" in replies(d, ts)[0]
    assert read_knowledge(store).developments
    settle(d)
    cards = [c for c in d.slack.calls_to("chat.postMessage") if c.params.get("thread_ts") == ts]
    assert {c.token for c in cards} == {token_a}


def test_editors_act_only_in_the_editors_workspace(desk: tuple[Distributed, Path]) -> None:
    d, store = desk
    before = store.read_bytes()
    ts = share(d, "TB", EDITOR, "F0B")  # the editor's user id, sent from another workspace
    eventually(lambda: bool(replies(d, ts)))
    assert "Only editors" in replies(d, ts)[0]
    assert d.slack.calls_to("download") == [] and store.read_bytes() == before
    form = {
        "team_id": "TB",
        "channel_id": "CB",
        "user_id": EDITOR,
        "command": "/pi",
        "text": "ingest https://example.com/feed.xml",
        "api_app_id": "A0APP",
        "response_url": d.slack.response_url("ingest"),
        "trigger_id": "1.2.3",
    }
    reply = d.post(urlencode(form), "application/x-www-form-urlencoded")
    assert reply.status == 200 and "Only editors" in reply.body


def test_stored_editors_are_editors(desk: tuple[Distributed, Path]) -> None:
    d, store = desk
    ts = share(d, "TA", STORED, "F0C")
    eventually(lambda: bool(replies(d, ts)))
    assert "Only editors" in replies(d, ts)[0]  # not yet
    now = dt.datetime.now(dt.UTC)
    d.repo.add_role("TA", "editor", STORED, added_by=EDITOR, now=now)
    d.repo.add_role("TB", "editor", STORED, added_by=EDITOR, now=now)
    ts = share(d, "TA", STORED, "F0D")
    eventually(lambda: bool(replies(d, ts)))
    assert "new" in replies(d, ts)[0] and read_knowledge(store).developments
    settle(d)
    ts = share(d, "TB", STORED, "F0E")  # stored there too, but TB is not the editors' team
    eventually(lambda: bool(replies(d, ts)))
    assert "Only editors" in replies(d, ts)[0]
