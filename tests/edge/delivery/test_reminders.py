"""Deadline reminders at T-30 and T-7, each once, end to end; and ``/pi upcoming``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_sdk import WebClient

from bot.core.answers.answer import AnswerKind
from bot.core.answers.router import Context, Router
from bot.core.knowledge.model import Category, Status
from bot.core.knowledge.store import LiveStore
from bot.edge.delivery.subscriptions import SubscriptionCommands
from bot.edge.state import StateRepository, connect
from bot.settings import Settings
from tests.support.clocks import make_clock
from tests.support.fake_slack import BOT_TOKEN, FakeSlack
from tests.support.state import dev, store_of, write_store

UTC = dt.UTC
SUBSCRIBED = dt.datetime(2024, 6, 1, tzinfo=UTC)
LAW = dev(
    "data-rules-adopted",
    dt.date(2024, 5, 20),
    category=Category.REGULATION,
    status=Status.ADOPTED,
    effective_date=dt.date(2024, 9, 1),
    title="Network data security regulations adopted",
)
DRAFT = dev(
    "draft-audit-measures",
    dt.date(2024, 6, 5),
    category=Category.REGULATION,
    status=Status.DRAFT,
    comment_deadline=dt.date(2024, 7, 5),
    title="Draft measures on personal information audits",
)
UNCHECKED = dev(
    "unchecked-draft",
    dt.date(2024, 6, 5),
    category=Category.REGULATION,
    status=Status.DRAFT,
    comment_deadline=dt.date(2024, 7, 6),
    reviewed=False,
)


def nine_shanghai(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)  # 09:00 UTC+8


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.add_channel("CALL")
        fake.add_channel("CDRAFTS")
        yield fake


def subscribe(repo: StateRepository, slack: FakeSlack, channel: str, words: str) -> str:
    client = WebClient(token=BOT_TOKEN, base_url=slack.api_url)
    pi = SubscriptionCommands(repo, Settings(), client=client, now=lambda: SUBSCRIBED)
    ctx = Context(channel_id=channel, user_id="U1", team_id="T0TEST", surface="slash")
    answer = pi.handle(words, ctx)
    assert answer.kind == AnswerKind.NOTICE, answer.message
    return answer.message or ""


def test_reminders_go_out_at_t30_and_t7_once_each(repo: StateRepository, slack: FakeSlack) -> None:
    said = subscribe(repo, slack, "CALL", "subscribe reminders")
    assert "30 and 7 days before a law takes effect" in said
    assert "7 days before a draft's comment period closes" in said
    subscribe(repo, slack, "CDRAFTS", "subscribe reminders drafts")
    store = store_of(LAW, DRAFT, UNCHECKED)
    clock = make_clock(repo, slack, lambda: store)

    def texts(channel: str) -> list[str]:
        return [m["text"] for m in slack.messages_in(channel)]

    comments_t7 = nine_shanghai(dt.date(2024, 6, 28))
    assert clock.run_due(comments_t7 - dt.timedelta(minutes=1)).sent == []
    clock.run_due(comments_t7)
    expected = [
        "Reminder: In 7 days (5 July 2024): Draft measures on personal information "
        "audits closes for public comment."
    ]
    assert texts("CALL") == expected and texts("CDRAFTS") == expected

    law_t30 = nine_shanghai(dt.date(2024, 8, 2))
    assert clock.run_due(law_t30 - dt.timedelta(minutes=1)).sent == []
    assert [k for _, _, k in clock.run_due(law_t30).sent] == [f"{LAW.id}:effective:2024-09-01:T-30"]
    restarted = make_clock(
        StateRepository(connect(repo.engine.url.render_as_string(hide_password=False))),
        slack,
        lambda: store,
    )
    assert restarted.run_due(law_t30 + dt.timedelta(days=1)).sent == []

    law_t7 = nine_shanghai(dt.date(2024, 8, 25))
    clock.run_due(law_t7)
    assert clock.run_due(law_t7 + dt.timedelta(hours=5)).sent == []
    assert restarted.run_due(dt.datetime(2024, 9, 2, tzinfo=UTC)).sent == []
    assert texts("CALL")[1:] == [
        "Reminder: In 30 days (1 September 2024): Network data security regulations adopted "
        "takes effect.",
        "Reminder: In 7 days (1 September 2024): Network data security regulations adopted "
        "takes effect.",
    ]
    assert texts("CDRAFTS") == expected  # the law is not a draft


def test_a_clock_down_past_t7_sends_only_the_t7_reminder(
    repo: StateRepository, slack: FakeSlack
) -> None:
    subscribe(repo, slack, "CALL", "subscribe reminders")
    clock = make_clock(repo, slack, lambda: store_of(LAW))
    clock.run_due(nine_shanghai(dt.date(2024, 8, 27)))  # down from before T-30 until T-5
    [only] = slack.messages_in("CALL")
    assert only["text"].startswith("Reminder: In 5 days (1 September 2024)")


def test_upcoming_lists_what_is_coming(tmp_path: Path) -> None:
    live = LiveStore(write_store(tmp_path / "developments.json", LAW, DRAFT, UNCHECKED))
    router = Router(live, today=lambda: dt.date(2024, 6, 20))
    ctx = Context(channel_id="C1", user_id="U1", team_id="T1", surface="slash")
    soon = router.handle("/pi upcoming 30", ctx)
    assert soon.kind == AnswerKind.NOTICE and soon.headline == "Coming up in the next 30 days: 1"
    assert "5 July 2024 (in 15 days): Draft measures" in (soon.message or "")
    later = router.handle("upcoming", ctx)
    assert "1 September 2024 (in 73 days): Network data security" in (later.message or "")
    assert "unchecked" not in (later.message or "")
    assert "Coming up" not in router.handle("upcoming laws", ctx).headline  # a question


def test_with_oauth_each_workspace_gets_its_reminders_with_its_own_token(
    repo: StateRepository, slack: FakeSlack
) -> None:
    """Reminders go through the clock's per-workspace deliverers (OAuth distribution); a
    workspace no longer installed is paused and gets nothing, the other goes on."""
    from bot.edge.delivery.deliverer import Deliverer
    from tests.support.fake_slack import Workspace

    tokens = {"TA": "xoxb-TA-1", "TB": "xoxb-TB-1"}
    for team, token in tokens.items():
        slack.tokens[token] = Workspace(team)
    installed = {"TA"}
    for team, channel in (("TA", "CALL"), ("TB", "CDRAFTS")):
        repo.subscribe(channel, "reminders", filters="", user_id="U1", now=SUBSCRIBED, team_id=team)
    store = store_of(LAW, DRAFT)
    clock = make_clock(repo, slack, lambda: store)

    def deliverer_of(team: str, _enterprise: str | None) -> Deliverer | None:
        if team not in installed:
            return None
        client = WebClient(token=tokens[team], base_url=slack.api_url)
        return Deliverer(repo, client, pace_seconds=0.0, retry_delays=(0.01,), team_id=team)

    clock.deliverers = deliverer_of
    report = clock.run_due(nine_shanghai(dt.date(2024, 6, 28)))
    assert [c for c, _, _ in report.sent] == ["CALL"]
    posts = slack.calls_to("chat.postMessage")
    assert {c.channel for c in posts} == {"CALL"}
    assert {c.token for c in posts} == {tokens["TA"]}
    paused = {s.team_id: s.paused for s in repo.subscriptions()}
    assert paused == {"TA": False, "TB": True}
