"""The editors' desk under attack and failure, through signed requests and the fake Slack:
fetches never hold up users, a full desk is said at once, a full disk is one line with the
store unchanged, feeds of one file name stay apart, ingested text is escaped in
notifications, control characters and unversioned values are refused."""

from __future__ import annotations

import json
import resource
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.store import read_knowledge, write_knowledge
from bot.edge.slack.desk import cards as desk_cards
from tests.edge.slack.test_review_flow import (
    EDITOR,
    Desk,
    _state_of,
    cards,
    press,
    share,
    submit,
    thread_replies,
)
from tests.support.slack_harness import serving

FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
    "<item><title>{headline}</title><link>https://example.com/{slug}</link>"
    "<pubDate>Tue, 09 Aug 2022 08:00:00 GMT</pubDate><description>{headline}, the "
    "regulator said in a notice.</description></item></channel></rss>"
)


class _Site(BaseHTTPRequestHandler):
    pages: dict[str, bytes] = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/drip":  # a byte every half second, for ever
            self.send_response(200)
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b"<")
                    self.wfile.flush()
                    time.sleep(0.5)
            except OSError:
                return
        body = self.pages.get(self.path)
        self.send_response(200 if body else 404)
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")


@contextmanager
def site(pages: dict[str, bytes]) -> Iterator[str]:
    handler = type("Site", (_Site,), {"pages": pages})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def desk_served(tmp_path: Path, *, inline: bool, allow: str = "127.0.0.1") -> Iterator[Desk]:
    from bot.edge.state import StateRepository, connect

    store = tmp_path / "developments.json"
    write_knowledge(store, KnowledgeFile())
    url = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    engine = connect(url)
    with serving(
        process_before_response=inline,
        store_path=store,
        is_editor=lambda user: user == EDITOR,
        database_url=url,
        delivery_pace_seconds=0,
        pi_fetch_allow=allow,
    ) as bot:
        yield Desk(bot, bot.slack, store, StateRepository(engine))
    engine.dispose()


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    with desk_served(tmp_path, inline=True) as served:
        yield served


def wait_for_replies(desk: Desk, ts: str, count: int = 1, timeout: float = 20) -> list[str]:
    deadline = time.time() + timeout
    while time.time() < deadline and len(thread_replies(desk.slack, ts)) < count:
        time.sleep(0.05)
    return [str(r["text"]) for r in thread_replies(desk.slack, ts)]


def dm_heads(desk: Desk) -> list[str]:
    return [str(c.answer["ts"]) for c in desk.slack.delivered() if not c.params.get("thread_ts")]


def test_internal_addresses_are_refused_with_nothing_fetched_or_written(tmp_path: Path) -> None:
    requested: list[str] = []

    class Counting(_Site):
        def do_GET(self) -> None:  # noqa: N802
            requested.append(self.path)
            super().do_GET()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        with desk_served(tmp_path, inline=True, allow="") as desk:
            before = desk.store.read_bytes()
            for address in (
                f"http://127.0.0.1:{port}/feed.xml",
                f"http://localhost:{port}/feed.xml",
                f"http://2130706433:{port}/feed.xml",
                f"http://[::1]:{port}/feed.xml",
            ):
                desk.bot.command(f"ingest {address}", hook="editor", user=EDITOR)
            lines = [
                str(c.params["text"]) for c in desk.slack.delivered() if c.params.get("thread_ts")
            ]
            assert len(lines) == 4 and all("loopback" in line for line in lines)
            assert all("Nothing was written" in line for line in lines)
            assert desk.store.read_bytes() == before and requested == []
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
def test_a_slow_drip_address_never_holds_up_the_users(tmp_path: Path) -> None:
    with desk_served(tmp_path, inline=False) as desk, site({}) as base:
        reply = desk.bot.command(f"ingest {base}/drip", hook="editor", user=EDITOR)
        assert reply.status == 200 and "Reading it now" in reply.body
        desk.slack.wait_for("chat.postMessage")  # the fetch has started
        started = time.monotonic()
        assert desk.bot.command("fines", hook="reader").status == 200
        [answer] = desk.slack.wait_for("response_url", timeout=10)
        assert answer.path.endswith("/reader") and time.monotonic() - started < 5


def test_two_feeds_named_feed_xml_are_two_newsletters(desk: Desk) -> None:
    pages = {
        "/a/feed.xml": FEED.format(
            title="Wire A",
            headline="Shanghai regulator fines Zhongke Travel Co., Ltd. RMB 300,000",
            slug="zhongke",
        ).encode(),
        "/b/feed.xml": FEED.format(
            title="Wire B",
            headline="Beijing regulator fines Anhua Data Co., Ltd. RMB 500,000",
            slug="anhua",
        ).encode(),
    }
    with site(pages) as base:
        for path in pages:
            desk.bot.command(f"ingest {base}{path}", hook="editor", user=EDITOR)
    knowledge = read_knowledge(desk.store)
    assert len(knowledge.newsletters) == 2
    assert len(knowledge.developments) == 2


def test_a_full_desk_tells_the_editor_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(desk_cards, "JOBS_WAITING", 1)
    with desk_served(tmp_path, inline=False) as desk:
        # the desk's one worker is busy with the first until released, however fast or
        # loaded the machine: the second waits, the third finds the queue full
        desk.slack.hold("files.info", after=0)
        heads = [share(desk, EDITOR, file_id=f"F{n}") for n in range(3)]
        told = wait_for_replies(desk, heads[2])
        assert told and "too much waiting" in told[0] and "not done" in told[0]
        desk.slack.release()
        first = wait_for_replies(desk, heads[0])
        assert " new, " in first[0]  # the others were done


def test_a_full_disk_during_intake_and_approve_is_one_line(desk: Desk) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    before = desk.store.read_bytes()
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))
    try:
        ts = share(desk, EDITOR)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    [line] = wait_for_replies(desk, ts)
    assert "could not be written" in line and "nothing was changed" in line
    assert desk.store.read_bytes() == before

    share(desk, EDITOR, file_id="F0AGAIN")  # room again: ingested
    dev = read_knowledge(desk.store).developments[0]
    before = desk.store.read_bytes()
    # an approval appends one line to the store's change log: less room than that line
    resource.setrlimit(resource.RLIMIT_FSIZE, (256, hard))
    try:
        press(desk, "review_approve", f"{dev.id}|{dev.version}")
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    told = desk.slack.calls_to("chat.postEphemeral")[-1].params["text"]
    assert "could not be written" in told and "nothing was changed" in told
    assert desk.store.read_bytes() == before
    assert not read_knowledge(desk.store).developments[0].reviewed


def test_ingested_text_is_escaped_in_notifications(desk: Desk) -> None:
    text = (
        "# Privacy Notes\n\n## Enforcement\n\n"
        "1. <!channel> <https://evil.example|Shanghai regulator> fines Zhongke Travel "
        "Co., Ltd. RMB 300,000\n\n9 August 2022 - The regulator fined the company.\n"
    )
    desk.slack.add_file("F0EVIL", "evil.md", text.encode(), user=EDITOR)
    share(desk, EDITOR, file_id="F0EVIL", name="evil.md")
    [dev] = read_knowledge(desk.store).developments
    assert "<!channel>" in dev.title  # the markup was ingested as text
    posted = cards(desk.slack)
    assert posted
    for card in posted:
        assert "<!channel>" not in card["text"] and "<https://evil" not in card["text"]
        assert card["text"].startswith("Review: ")


def test_the_edit_modal_refuses_control_characters(desk: Desk) -> None:
    share(desk, EDITOR)
    dev = read_knowledge(desk.store).developments[0]
    before = desk.store.read_bytes()
    press(desk, "review_edit", f"{dev.id}|{dev.version}")
    view = desk.slack.calls_to("views.open")[-1].params["view"]
    for bad in ("A title\r\nBcc: someone", "A title with a bell \x07 in it"):
        state = _state_of(view)
        state["title"]["title"]["value"] = bad
        answer = submit(desk, view, state).json()
        assert (
            answer["response_action"] == "errors"
            and "control characters" in answer["errors"]["title"]
        )
    assert desk.store.read_bytes() == before


def test_values_without_a_version_are_stale(desk: Desk) -> None:
    share(desk, EDITOR)
    dev = read_knowledge(desk.store).developments[0]
    before = desk.store.read_bytes()
    press(desk, "review_approve", dev.id)  # no "|version"
    told = desk.slack.calls_to("chat.postEphemeral")[-1].params
    assert "changed since you opened it" in told["text"]
    assert desk.store.read_bytes() == before
    press(desk, "review_edit", f"{dev.id}|{dev.version}")
    view: dict[str, Any] = desk.slack.calls_to("views.open")[-1].params["view"]
    state = _state_of(view)
    state["title"]["title"]["value"] = dev.title + " (corrected)"
    meta = json.loads(view["private_metadata"])
    meta.pop("version")
    answer = submit(desk, {**view, "private_metadata": json.dumps(meta)}, state).json()
    assert answer["response_action"] == "update"
    assert desk.store.read_bytes() == before


def test_the_bot_token_is_only_sent_to_slacks_own_file_hosts(desk: Desk) -> None:
    with site({"/x": b"<html>Newsletter</html>"}) as elsewhere:
        info = desk.slack.add_file("F0ODD", "odd.html", b"<p>x</p>", user=EDITOR)
        info["url_private_download"] = info["url_private"] = f"{elsewhere}/x".replace(
            "127.0.0.1", "localhost"
        )
        ts = share(desk, EDITOR, file_id="F0ODD", name="odd.html")
    [line] = wait_for_replies(desk, ts)
    assert "could not download odd.html" in line
    assert desk.slack.calls_to("download") == []
