"""One publication rule (``is_published``) on every surface: an unreviewed development and
one withdrawn after publication never reach a user, a page, an unfurl, an export, a calendar
or a scheduled message; the withdrawn one's page says it was withdrawn, without content."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from bot.core.knowledge import review
from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.store import Store
from bot.core.knowledge.store.writing import write_knowledge
from bot.core.notify.alerts import first_seen_times
from bot.core.notify.exports import select_for_export
from bot.core.periods.deadlines import upcoming_deadlines
from bot.core.periods.digest import build_digest
from bot.edge.render.blocks.search_form import (
    ACTION_FORM_DETAILS,
    ACTION_FORM_SHARE,
    ACTION_SHARE_TO,
    ACTION_SHARE_WHAT,
    BLOCK_SHARE,
)
from bot.edge.render.calendar import calendar_ics
from bot.edge.slack.listeners.shortcuts import RELATED_SHORTCUT
from bot.edge.web.pages import CONTENT_SECURITY_POLICY
from tests.support.interactions import link_shared, message_shortcut, send, view_action
from tests.support.slack_harness import CHANNEL, USER, SlackHarness, all_text, serving
from tests.support.state import dev

PUBLIC = "https://pi.example.com"
DAY = dt.date(2026, 3, 10)
SOON = dt.date(2026, 9, 1)
NOTE = "Reported in error by the newsletter"

SHOWN = dev(
    "shown-zebrafish",
    DAY,
    title="Zebrafish regulator fines a published company",
    effective_date=SOON,
)
PENDING = dev(
    "pending-quokka",
    DAY,
    title="Quokka secret pending development",
    reviewed=False,
    effective_date=SOON,
    summary="Quokka unreviewed summary text.",
)
_TAKEN = dev(
    "taken-wombat",
    DAY,
    title="Wombat development later withdrawn",
    effective_date=SOON,
    summary="Wombat withdrawn summary text.",
)


def _knowledge() -> KnowledgeFile:
    knowledge = KnowledgeFile(developments=(SHOWN, PENDING, _TAKEN))
    actor = review.Actor("U0EDITOR", dt.datetime(2026, 3, 12, 9, tzinfo=dt.UTC))
    knowledge, _ = review.withdraw(
        knowledge, _TAKEN.id, actor, expected_version=_TAKEN.version, reason=NOTE
    )
    return knowledge


HIDDEN_WORDS = (
    "secret pending development",
    "unreviewed summary",
    "development later withdrawn",
    "withdrawn summary",
)
"""Words of the hidden titles and summaries (not of the queries, which pages echo)."""


def _hidden_in(text: str) -> list[str]:
    return [w for w in HIDDEN_WORDS if w.lower() in text.lower()]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("publication") / "developments.json"
    write_knowledge(path, _knowledge())
    return path


@pytest.fixture(scope="module")
def site(store_path: Path) -> Iterator[SlackHarness]:
    with serving(store_path=store_path, public_url=PUBLIC) as harness:
        yield harness


@pytest.fixture
def bot(store_path: Path) -> Iterator[SlackHarness]:
    with serving(store_path=store_path, public_url=PUBLIC, process_before_response=True) as harness:
        yield harness


# --- the pages -------------------------------------------------------------------------------


def test_an_unreviewed_development_has_no_page(site: SlackHarness) -> None:
    assert site.get(f"/d/{SHOWN.id}").status == 200
    assert site.get(f"/d/{PENDING.id}").status == 404


def test_a_withdrawn_development_page_says_so_without_its_content(site: SlackHarness) -> None:
    page = site.get(f"/d/{_TAKEN.id}")
    assert page.status == 410
    assert "withdrawn" in page.body and "12 March 2026" in page.body
    assert NOTE in page.body
    assert _hidden_in(page.body) == []  # neither title nor summary


def test_the_list_and_its_search_show_published_developments_only(site: SlackHarness) -> None:
    listing = site.get("/d/")
    assert "1 developments, newest first" in listing.body and "Zebrafish" in listing.body
    assert _hidden_in(listing.body) == []
    for query in ("quokka", "wombat", "regulator"):
        found = site.get("/d/?q=" + quote(query))
        assert found.status == 200 and _hidden_in(found.body) == []


def test_every_page_forbids_scripts(site: SlackHarness) -> None:
    for path in ("/d/", f"/d/{SHOWN.id}", f"/d/{_TAKEN.id}", f"/d/{PENDING.id}"):
        policy = site.get(path).headers["Content-Security-Policy"]
        assert policy == CONTENT_SECURITY_POLICY
        assert "default-src 'none'" in policy and "script-src" not in policy


# --- Slack surfaces --------------------------------------------------------------------------


def test_neither_is_unfurled(bot: SlackHarness) -> None:
    urls = [f"{PUBLIC}/d/{PENDING.id}", f"{PUBLIC}/d/{_TAKEN.id}", *PENDING.links]
    send(bot, link_shared([*urls, *_TAKEN.links]))
    assert bot.slack.calls_to("chat.unfurl") == []
    send(bot, link_shared([f"{PUBLIC}/d/{SHOWN.id}"]))
    assert len(bot.slack.calls_to("chat.unfurl")) == 1


def test_the_home_shows_published_developments_only(bot: SlackHarness) -> None:
    bot.router.today = lambda: DAY
    bot.event({"type": "app_home_opened", "user": USER, "channel": "D0DM0001", "tab": "home"})
    body = json.dumps(bot.slack.wait_for("views.publish")[0].params["view"])
    assert "Zebrafish" in body and _hidden_in(body) == []


def test_the_search_forms_details_and_share_refuse_what_is_not_published(
    bot: SlackHarness,
) -> None:
    bot.slack.add_channel(CHANNEL)
    for hidden in (PENDING, _TAKEN):
        send(bot, view_action(ACTION_FORM_DETAILS, hidden.id))
    pushed = [all_text(c.params) for c in bot.slack.wait_for("views.push", 2)]
    assert all(_hidden_in(text) == [] for text in pushed)
    for what in (PENDING.id, "all"):
        share = {
            BLOCK_SHARE: {
                ACTION_SHARE_TO: {"type": "conversations_select", "selected_conversation": CHANNEL},
                ACTION_SHARE_WHAT: {"type": "static_select", "selected_option": {"value": what}},
            }
        }
        meta = json.dumps({"f": {"text": "development"}, "o": 0})
        send(bot, view_action(ACTION_FORM_SHARE, "share", private_metadata=meta, values=share))
    posted = all_text({"m": [c.params for c in bot.slack.delivered("chat.postMessage")]})
    assert _hidden_in(posted) == []
    notes = all_text({"m": [c.params for c in bot.slack.calls_to("views.update")]})
    assert "not published; nothing was shared" in notes


def test_the_message_shortcut_finds_published_developments_only(bot: SlackHarness) -> None:
    send(bot, message_shortcut(bot, RELATED_SHORTCUT, "quokka wombat zebrafish regulator"))
    [response] = bot.slack.wait_for("response_url")
    assert _hidden_in(all_text(response.params)) == []


# --- exports, calendar and scheduled messages (the clock) ------------------------------------


def test_exports_calendar_digests_alerts_and_reminders_use_the_rule() -> None:
    store = Store.from_knowledge(_knowledge())
    assert [d.id for d in select_for_export(store, "").developments] == [SHOWN.id]
    ics = calendar_ics(store, now=dt.datetime(2026, 4, 1, tzinfo=dt.UTC)).decode()
    assert "Zebrafish" in ics and _hidden_in(ics) == []
    digest = build_digest(store, "2026-03")
    assert [d.id for _, group in digest.sections for d in group] == [SHOWN.id]
    now = dt.datetime(2026, 3, 13, tzinfo=dt.UTC)
    seen = first_seen_times(store.developments, set(), now, first_poll=False)
    assert set(seen) == {SHOWN.id}  # alerts: what was never published is never "seen"
    deadlines = upcoming_deadlines(store, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert {d.development.id for d in deadlines} == {SHOWN.id}  # reminders
