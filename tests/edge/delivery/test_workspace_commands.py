"""The workspace's commands are dispatched by the registry's names, every verb of each; the
typed ``subscribe`` service returns what it refuses by field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from bot.core.answers.router import Context
from bot.core.registry import COMMANDS, CommandSpec
from bot.edge.delivery.subscriptions import SubscriptionCommands
from bot.edge.state import StateRepository
from bot.settings import Settings
from tests.support.fake_slack import BOT_TOKEN, FakeSlack

NOW = dt.datetime(2024, 6, 3, 2, 0, tzinfo=dt.UTC)
WORKSPACE = [spec for spec in COMMANDS if spec.workspace]

# What each command says when given alone in a channel with no subscriptions.
ALONE: dict[str, str] = {
    "subscribe": "Subscribe to what?",
    "unsubscribe": "Nothing to unsubscribe",
    "subscriptions": "No subscriptions",
    "tz": "This channel's time zone",
    "calendar": "Calendar of deadlines",
    "export": "Exports are uploaded to Slack conversations",
    "admins": "Subscription admins",
    "editors": "Editors",
    "sources": "Watched sources",
    "review": "The review queue",
}


def ctx(channel: str = "CMEMBER", user: str = "U1") -> Context:
    return Context(channel_id=channel, user_id=user, team_id="T0TEST", surface="slash")


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.add_channel("CMEMBER")
        fake.add_channel("COUTSIDE", is_member=False)
        yield fake


def commands(repo: StateRepository, slack: FakeSlack, admins: str = "") -> SubscriptionCommands:
    client = WebClient(token=BOT_TOKEN, base_url=slack.api_url)
    return SubscriptionCommands(repo, Settings(pi_admins=admins), client=client, now=lambda: NOW)


def test_every_workspace_command_has_one_handler(repo: StateRepository, slack: FakeSlack) -> None:
    assert set(commands(repo, slack).commands) == {spec.name for spec in WORKSPACE}
    assert set(ALONE) == {spec.name for spec in WORKSPACE}


@pytest.mark.parametrize("spec", WORKSPACE, ids=lambda s: s.name)
def test_every_verb_reaches_its_command(
    spec: CommandSpec, repo: StateRepository, slack: FakeSlack
) -> None:
    pi = commands(repo, slack)
    for verb in spec.verbs:
        answer = pi.handle(f"/pi {verb}", ctx())
        assert answer.headline.startswith(ALONE[spec.name]), (verb, answer.headline)


def test_the_subscribe_service_saves_and_says_what(repo: StateRepository, slack: FakeSlack) -> None:
    done = commands(repo, slack).subscribe(ctx(), ("alerts",), filters="CAC drafts")
    assert done.ok and len(done.lines) == 1
    assert done.lines[0].startswith("Subscribed this channel to alerts on")
    [sub] = repo.subscriptions()
    assert (sub.kind, sub.filters) == ("alerts", "CAC drafts")


def test_the_subscribe_service_returns_errors_by_field(
    repo: StateRepository, slack: FakeSlack
) -> None:
    pi = commands(repo, slack)
    unknown = pi.subscribe(ctx(), ("alerts",), filters="zqxwv blorfity")
    assert set(unknown.errors) == {"filters"} and unknown.not_understood
    digest = pi.subscribe(ctx(), ("digest",), filters="CAC")
    assert set(digest.errors) == {"filters"}
    assert digest.errors["filters"].headline == "The digest takes no filters"
    outside = pi.subscribe(ctx("COUTSIDE"), ("digest",))
    assert set(outside.errors) == {"channel"} and "/invite" in outside.errors["channel"].message
    nothing = pi.subscribe(ctx(), ())
    assert set(nothing.errors) == {"kinds"}
    not_admin = commands(repo, slack, admins="UADMIN").subscribe(ctx(user="U1"), ("digest",))
    assert set(not_admin.errors) == {"channel"}
    assert "<@UADMIN>" in not_admin.errors["channel"].message
    assert repo.subscriptions() == []  # nothing was saved by any of them


def test_sources_adds_lists_and_refuses_what_the_fetch_refuses(
    repo: StateRepository, slack: FakeSlack
) -> None:
    pi = commands(repo, slack)
    added = pi.handle(
        "/pi sources add https://93.184.215.14/feed.xml weekly <b>Wire</b> & co", ctx()
    )
    assert added.headline == "Done." and "<b>Wire</b> & co" in (added.message or "")
    listed = pi.handle("/pi sources", ctx())
    assert "93.184.215.14" in (listed.message or "")
    refused = pi.handle("/pi sources add http://127.0.0.1:8080/feed.xml", ctx())
    assert refused.headline == "Nothing was changed." and "loopback" in (refused.message or "")
    assert "127.0.0.1" not in (pi.handle("/pi sources", ctx()).message or "")
    removed = pi.handle("/pi sources remove 1", ctx())
    assert "No longer watching" in (removed.message or "")
