"""``/pi admins`` and ``/pi editors``: set per workspace by its admins, defaults from the
environment, checked against the fake Slack Web API (``users.info``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from bot.core.answers.answer import AnswerKind
from bot.core.answers.router import Context
from bot.edge.delivery.subscriptions import SubscriptionCommands
from bot.edge.state import StateRepository
from bot.settings import Settings
from tests.support.fake_slack import BOT_TOKEN, FakeSlack

NOW = dt.datetime(2024, 6, 3, 2, 0, tzinfo=dt.UTC)


def ctx(user: str, team: str = "TA", surface: str = "slash") -> Context:
    return Context(channel_id="CMEMBER", user_id=user, team_id=team, surface=surface)  # type: ignore[arg-type]


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.add_channel("CMEMBER")
        fake.users["UOWNER"] = {"is_owner": True}
        yield fake


def commands(repo: StateRepository, slack: FakeSlack, **settings: str) -> SubscriptionCommands:
    client = WebClient(token=BOT_TOKEN, base_url=slack.api_url)
    return SubscriptionCommands(repo, Settings(**settings), client=client, now=lambda: NOW)


def test_a_workspace_owner_sets_admins_who_then_manage_its_subscriptions(
    repo: StateRepository, slack: FakeSlack
) -> None:
    pi = commands(repo, slack, pi_admins="UDEFAULT")
    listed = pi.handle("admins", ctx("UANY"))
    assert "default admins apply" in (listed.message or "") and "UDEFAULT" in (listed.message or "")
    assert pi.handle("admins add <@UNEW>", ctx("UANY")).kind == AnswerKind.ERROR
    added = pi.handle("admins add <@UNEW|new> UOTHER", ctx("UOWNER"))
    assert added.kind == AnswerKind.NOTICE and repo.role_holders("TA", "admin") == [
        "UNEW",
        "UOTHER",
    ]
    # the workspace's own admins replace the default ones there, and only there
    assert pi.handle("subscribe digest", ctx("UDEFAULT")).kind == AnswerKind.ERROR
    assert pi.handle("subscribe digest", ctx("UNEW")).kind == AnswerKind.NOTICE
    assert pi.handle("subscribe digest", ctx("UDEFAULT", team="TB")).kind == AnswerKind.NOTICE
    assert pi.handle("subscribe digest", ctx("UNEW", team="TB")).kind == AnswerKind.ERROR
    # an admin may change the list; removing someone not there changes nothing
    assert pi.handle("admins remove <@UOTHER>", ctx("UNEW")).kind == AnswerKind.NOTICE
    unchanged = pi.handle("admins remove <@UOTHER>", ctx("UNEW"))
    assert unchanged.headline == "No change"
    assert repo.role_holders("TA", "admin") == ["UNEW"]


def test_someone_who_is_not_a_user_id_is_refused_and_nothing_changes(
    repo: StateRepository, slack: FakeSlack
) -> None:
    pi = commands(repo, slack)
    answer = pi.handle("admins add @lawyer <!channel>", ctx("UOWNER"))
    assert answer.kind == AnswerKind.ERROR
    assert answer.not_understood == ("@lawyer", "<!channel>")
    assert repo.role_holders("TA", "admin") == []


def test_when_slack_cannot_say_who_is_an_admin_nobody_new_is_let_in(
    repo: StateRepository, slack: FakeSlack
) -> None:
    slack.fail("users.info", "ratelimited", status=429, retry_after=0)
    answer = commands(repo, slack).handle("admins add <@UX>", ctx("UOWNER"))
    assert answer.kind == AnswerKind.ERROR and repo.role_holders("TA", "admin") == []


def test_editors_are_set_only_in_the_operators_workspace(
    repo: StateRepository, slack: FakeSlack
) -> None:
    pi = commands(repo, slack, pi_editors_team="TOPS")
    refused = pi.handle("editors add <@UED>", ctx("UOWNER", team="TA"))
    assert refused.kind == AnswerKind.ERROR and "operator" in refused.headline
    added = pi.handle("editors add <@UED>", ctx("UOWNER", team="TOPS"))
    assert added.kind == AnswerKind.NOTICE
    assert pi.roles.editors("TOPS") == {"UED"} and pi.roles.editors("TA") == frozenset()


def test_the_console_sets_no_roles(repo: StateRepository, slack: FakeSlack) -> None:
    answer = commands(repo, slack).handle("admins add UX", ctx("console", surface="console"))
    assert answer.kind == AnswerKind.ERROR and repo.role_holders("TA", "admin") == []


def test_the_operators_console_lists_every_workspace_by_name(
    repo: StateRepository, slack: FakeSlack
) -> None:
    pi = commands(repo, slack, slack_client_id="1.2", slack_client_secret="s")  # OAuth mode
    pi.handle("subscribe digest", ctx("U1", team="TA"))
    pi.handle("subscribe digest", ctx("U1", team="TB"))
    listed = pi.handle("subscriptions", ctx("console", team="", surface="console")).message or ""
    assert "workspace TA" in listed and "workspace TB" in listed
    in_slack = pi.handle("subscriptions all", ctx("U1", team="TA")).message or ""
    assert "TB" not in in_slack and in_slack.count("Monthly digest") == 1
