"""Digest cadence per subscription and time zone per channel, end to end: weekly digests in
Europe/Berlin at 09:00 local time on both sides of a daylight-saving change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from bot.core.answers.answer import AnswerKind
from bot.core.answers.router import Context
from bot.core.knowledge.model import Category
from bot.core.notify.cadence import due_period
from bot.edge.delivery.subscriptions import SubscriptionCommands
from bot.edge.state import StateRepository
from bot.settings import Settings
from tests.support.clocks import make_clock
from tests.support.fake_slack import BOT_TOKEN, FakeSlack
from tests.support.state import dev, store_of

UTC = dt.UTC
SUBSCRIBED = dt.datetime(2024, 3, 20, 12, 0, tzinfo=UTC)
# Berlin moves from CET (UTC+1) to CEST (UTC+2) on Sunday 31 March 2024
MONDAY_BEFORE_DST = dt.datetime(2024, 3, 25, 8, 0, tzinfo=UTC)  # 09:00 CET
MONDAY_AFTER_DST = dt.datetime(2024, 4, 1, 7, 0, tzinfo=UTC)  # 09:00 CEST


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.add_channel("CBERLIN")
        fake.add_channel("CSHANGHAI")
        yield fake


def command(repo: StateRepository, slack: FakeSlack, channel: str, words: str) -> str:
    client = WebClient(token=BOT_TOKEN, base_url=slack.api_url)
    pi = SubscriptionCommands(repo, Settings(), client=client, now=lambda: SUBSCRIBED)
    ctx = Context(channel_id=channel, user_id="U1", team_id="T0TEST", surface="slash")
    answer = pi.handle(words, ctx)
    assert answer.kind == AnswerKind.NOTICE, answer.message
    return answer.message or ""


STORE = store_of(
    *(
        dev(f"march-{day}", dt.date(2024, 3, day), category=Category.REGULATION)
        for day in range(16, 32)
    ),
    dev("unchecked", dt.date(2024, 3, 27), reviewed=False),
)


def test_a_weekly_digest_in_berlin_comes_at_nine_local_time_across_the_dst_change(
    repo: StateRepository, slack: FakeSlack
) -> None:
    assert "Europe/Berlin" in command(repo, slack, "CBERLIN", "tz Europe/Berlin")
    said = command(repo, slack, "CBERLIN", "subscribe digest weekly")
    assert "every Monday at 09:00 (Europe/Berlin), covering the seven days before" in said
    command(repo, slack, "CSHANGHAI", "subscribe digest")
    clock = make_clock(repo, slack, lambda: STORE)

    assert clock.run_due(MONDAY_BEFORE_DST - dt.timedelta(minutes=1)).sent == []
    report = clock.run_due(MONDAY_BEFORE_DST)
    assert report.sent == [("CBERLIN", "digest", "2024-W12")]
    [week12] = slack.messages_in("CBERLIN")
    assert "the week of 18 March to 24 March 2024: 7 developments" in week12["text"]

    # after the change 09:00 in Berlin is 07:00 UTC, not 08:00
    early = clock.run_due(MONDAY_AFTER_DST - dt.timedelta(minutes=1))
    assert [c for c, _, _ in early.sent] == ["CSHANGHAI"]  # its monthly one, at 01:00 UTC
    report = clock.run_due(MONDAY_AFTER_DST)
    assert report.sent == [("CBERLIN", "digest", "2024-W13")]
    week13 = slack.messages_in("CBERLIN")[1]
    assert "25 March to 31 March 2024: 7 developments" in week13["text"]  # unreviewed left out
    assert [m["metadata"]["event_payload"]["key"] for m in slack.messages_in("CSHANGHAI")] == [
        "2024-03"
    ]
    assert clock.run_due(MONDAY_AFTER_DST + dt.timedelta(hours=3)).sent == []
    assert len(slack.messages_in("CBERLIN")) == 2


def test_weekly_moments_follow_the_zone_rules() -> None:
    berlin = __import__("zoneinfo").ZoneInfo("Europe/Berlin")
    before = due_period(MONDAY_BEFORE_DST, "weekly", berlin, day=1, hour=9)
    after = due_period(MONDAY_AFTER_DST, "weekly", berlin, day=1, hour=9)
    assert before.moment.astimezone(UTC) == MONDAY_BEFORE_DST
    assert after.moment.astimezone(UTC) == MONDAY_AFTER_DST
    assert (before.key, after.key) == ("2024-W12", "2024-W13")


def test_an_unknown_time_zone_is_refused_and_the_default_kept(
    repo: StateRepository, slack: FakeSlack
) -> None:
    client = WebClient(token=BOT_TOKEN, base_url=slack.api_url)
    pi = SubscriptionCommands(repo, Settings(), client=client, now=lambda: SUBSCRIBED)
    ctx = Context(channel_id="CBERLIN", user_id="U1", team_id="T0TEST", surface="slash")
    answer = pi.handle("tz Mars/Olympus_<!here>", ctx)
    assert answer.kind == AnswerKind.ERROR and answer.not_understood == ("Mars/Olympus_<!here>",)
    assert "<!here>" not in (answer.message or "")
    assert repo.timezones() == {}
    assert "Asia/Shanghai" in (pi.handle("tz", ctx).message or "")
