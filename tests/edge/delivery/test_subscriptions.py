"""The subscription commands, checked against the fake Slack Web API via the real WebClient."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_sdk import WebClient
from sqlalchemy import text

from bot.core.answers.answer import AnswerKind
from bot.core.answers.router import Context, Router
from bot.core.knowledge.store import LiveStore
from bot.edge.delivery.subscriptions import SubscriptionCommands
from bot.edge.render.blocks import answer_messages
from bot.edge.state import StateRepository, connect
from bot.settings import Settings
from tests.support.fake_slack import BOT_TOKEN, FakeSlack
from tests.support.state import dev, write_store

NOW = dt.datetime(2024, 6, 3, 2, 0, tzinfo=dt.UTC)


def Ctx(channel_id: str, user_id: str = "U1") -> Context:  # noqa: N802 (reads like the type)
    return Context(channel_id=channel_id, user_id=user_id, team_id="T0TEST", surface="slash")


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.add_channel("CMEMBER")
        fake.add_channel("COUTSIDE", is_member=False)
        fake.add_channel("CARCHIVED", is_archived=True)
        fake.add_channel("D0DM")
        yield fake


def commands(
    repo: StateRepository, slack: FakeSlack | None, admins: str = ""
) -> SubscriptionCommands:
    client = WebClient(token=BOT_TOKEN, base_url=slack.api_url) if slack else None
    return SubscriptionCommands(repo, Settings(pi_admins=admins), client=client, now=lambda: NOW)


def test_subscribe_digest_and_filtered_alerts(repo: StateRepository, slack: FakeSlack) -> None:
    pi = commands(repo, slack)
    answer = pi.handle("subscribe digest", Ctx("CMEMBER"))
    assert answer.kind == AnswerKind.NOTICE
    assert "monthly digest" in (answer.message or "")
    answer = pi.handle("subscribe alerts fines over 500k in henan", Ctx("CMEMBER"))
    assert answer.kind == AnswerKind.NOTICE
    assert ("region", "Henan") in [(u.label, u.value) for u in answer.understood]
    subs = {s.kind: s for s in repo.subscriptions(channel_id="CMEMBER")}
    assert set(subs) == {"digest", "alerts"}
    assert subs["alerts"].filters == "fines over 500k in henan"
    assert subs["alerts"].created_by == "U1" and subs["alerts"].created_at == NOW
    again = pi.handle("subscribe alerts fines over 500k in henan", Ctx("CMEMBER"))
    assert "already" in (again.message or "")


def test_subscribe_all_in_a_direct_message(repo: StateRepository, slack: FakeSlack) -> None:
    answer = commands(repo, slack).handle("/pi subscribe all", Ctx("D0DM", user_id="U7"))
    assert answer.kind == AnswerKind.NOTICE
    assert {s.kind for s in repo.subscriptions(channel_id="D0DM")} == {"digest", "alerts"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("subscribe alerts henan flibbertigibbet", "not filters I know"),
        ("subscribe alerts since 2022", "dates cannot be filters"),
        ("subscribe reminders henan flibbertigibbet", "not filters I know"),
        ("subscribe digest daily", "digest covers everything"),
        ("subscribe digest henan", "digest covers everything"),
        ("subscribe", "/pi subscribe digest"),
        ("subscribe newsletters", "/pi subscribe digest"),
    ],
)
def test_filters_and_words_it_cannot_use_are_refused(
    repo: StateRepository, slack: FakeSlack, text: str, expected: str
) -> None:
    answer = commands(repo, slack).handle(text, Ctx("CMEMBER"))
    assert answer.kind == AnswerKind.ERROR
    assert expected in (answer.message or "")
    assert repo.subscriptions() == []


def test_words_not_understood_travel_only_in_not_understood(
    repo: StateRepository, slack: FakeSlack
) -> None:
    answer = commands(repo, slack).handle("subscribe alerts henan <!channel> &x", Ctx("CMEMBER"))
    assert answer.kind == AnswerKind.ERROR
    assert "<!channel>" not in (answer.message or "") and "&x" not in (answer.message or "")
    assert answer.not_understood  # the renderer shows them escaped


@pytest.mark.parametrize(
    ("channel", "expected"),
    [
        ("COUTSIDE", "/invite @pi"),
        ("CPRIVATE", "/invite @pi"),  # unknown to the bot: channel_not_found
        ("CARCHIVED", "archived"),
    ],
)
def test_a_channel_the_bot_cannot_post_in_is_refused_with_the_fix(
    repo: StateRepository, slack: FakeSlack, channel: str, expected: str
) -> None:
    answer = commands(repo, slack).handle("subscribe alerts", Ctx(channel))
    assert answer.kind == AnswerKind.ERROR
    assert expected in (answer.message or "")
    assert repo.subscriptions() == []
    assert slack.calls_to("conversations.info")[-1].params["channel"] == channel


def test_only_admins_change_subscriptions_when_admins_are_set(
    repo: StateRepository, slack: FakeSlack
) -> None:
    pi = commands(repo, slack, admins="UADMIN, UBOSS")
    refused = pi.handle("subscribe digest", Ctx("CMEMBER", user_id="U1"))
    assert refused.kind == AnswerKind.ERROR and "<@UADMIN>" in (refused.message or "")
    assert repo.subscriptions() == []
    assert pi.handle("subscribe digest", Ctx("CMEMBER", user_id="UBOSS")).kind == AnswerKind.NOTICE
    assert pi.handle("unsubscribe", Ctx("CMEMBER", user_id="U1")).kind == AnswerKind.ERROR
    assert pi.handle("subscriptions all", Ctx("CMEMBER", user_id="U1")).kind == AnswerKind.ERROR
    mine = pi.handle("subscriptions", Ctx("CMEMBER", user_id="U1"))  # reading is for everyone
    assert mine.kind == AnswerKind.NOTICE and "Monthly digest" in (mine.message or "")


def test_unsubscribe(repo: StateRepository, slack: FakeSlack) -> None:
    pi = commands(repo, slack)
    pi.handle("subscribe all", Ctx("CMEMBER"))
    answer = pi.handle("unsubscribe alerts", Ctx("CMEMBER"))
    assert answer.kind == AnswerKind.NOTICE and "no longer gets alerts" in (answer.message or "")
    assert [s.kind for s in repo.subscriptions()] == ["digest"]
    assert pi.handle("unsubscribe", Ctx("CMEMBER")).headline == "Unsubscribed"
    assert pi.handle("unsubscribe", Ctx("CMEMBER")).headline == "Nothing to unsubscribe"
    assert pi.handle("unsubscribe everything", Ctx("CMEMBER")).kind == AnswerKind.ERROR


def test_listing_shows_filters_and_paused_subscriptions_with_the_fix(
    repo: StateRepository, slack: FakeSlack
) -> None:
    pi = commands(repo, slack)
    pi.handle("subscribe alerts henan", Ctx("CMEMBER"))
    pi.handle("subscribe digest", Ctx("D0DM"))
    repo.pause_channel(
        "CMEMBER", "the bot is not a member of the channel (not_in_channel)", now=NOW
    )
    here = pi.handle("subscriptions", Ctx("CMEMBER"))
    assert "(1 paused)" in here.headline
    assert "region Henan" in (here.message or "")
    assert "not_in_channel" in (here.message or "") and "/invite @pi" in (here.message or "")
    assert "D0DM" not in (here.message or "")
    every = pi.handle("subscriptions all", Ctx("CMEMBER"))
    assert "<#CMEMBER>" in (every.message or "") and "D0DM" in (every.message or "")
    assert pi.handle("subscriptions", Ctx("CEMPTY")).headline == "No subscriptions"


def test_the_console_lists_everything_but_does_not_subscribe(
    repo: StateRepository, slack: FakeSlack
) -> None:
    commands(repo, slack).handle("subscribe digest", Ctx("CMEMBER"))
    console = Context(channel_id="console", user_id="console", team_id=None, surface="console")
    pi = commands(repo, None)  # no Slack client in the console
    refused = pi.handle("subscribe digest", console)
    assert refused.kind == AnswerKind.ERROR and "Slack channel" in (refused.message or "")
    assert pi.handle("unsubscribe", console).kind == AnswerKind.ERROR
    listing = pi.handle("subscriptions", console)
    assert "<#CMEMBER>" in (listing.message or "")
    assert [s.channel_id for s in repo.subscriptions()] == ["CMEMBER"]


def test_a_broken_database_is_a_clear_error(sqlite_url: str, slack: FakeSlack) -> None:
    engine = connect(sqlite_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE subscriptions"))
    answer = commands(StateRepository(engine), slack).handle("subscribe digest", Ctx("CMEMBER"))
    assert answer.kind == AnswerKind.ERROR
    assert "nothing was changed" in (answer.message or "")


def test_the_router_hands_subscription_commands_over_and_replies_render_safely(
    repo: StateRepository, slack: FakeSlack, tmp_path: Path
) -> None:
    store = write_store(tmp_path / "developments.json", dev("case", dt.date(2024, 6, 1)))
    router = Router(LiveStore(store), subscriptions=commands(repo, slack))
    saved = router.handle("/pi subscribe alerts henan", Ctx("CMEMBER", user_id="U0ALICE1"))
    assert saved.kind == AnswerKind.NOTICE and repo.subscriptions(channel_id="CMEMBER")
    listing = router.handle("subs all", Ctx("CMEMBER"))
    rendered = str([m.to_dict() for m in answer_messages(listing)])
    assert "<#CMEMBER>" in rendered and "<@U0ALICE1>" in rendered  # kept as references
    refused = router.handle("subscribe alerts henan <!channel> zzyzx&co", Ctx("CMEMBER"))
    assert refused.kind == AnswerKind.ERROR
    rendered = str([m.to_dict() for m in answer_messages(refused)])
    assert "zzyzx" in rendered and "<!channel>" not in rendered and "&co" not in rendered
    # Slack markup is dropped from stored filters, like in queries
    router.handle("subscribe alerts beijing <!channel>", Ctx("CMEMBER"))
    assert repo.subscriptions(kind="alerts")[0].filters == "beijing"
