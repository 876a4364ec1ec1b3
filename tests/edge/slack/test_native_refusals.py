"""Every new kind of request (shortcuts, options, modal submissions and buttons, link
previews) is refused when unsigned or from another workspace, and does nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from bot.edge.render.blocks.home import ACTION_HOME_SEARCH
from bot.edge.render.blocks.search_form import (
    ACTION_FORM_PAGE,
    ACTION_PICK_REGIONS,
    BLOCK_FROM,
    BLOCK_TO,
    CALLBACK_SEARCH,
)
from bot.edge.render.blocks.subscription_form import BLOCK_CHANNEL, BLOCK_KINDS, CALLBACK_SUBSCRIBE
from bot.edge.slack.listeners.shortcuts import RELATED_SHORTCUT, SEARCH_SHORTCUT
from tests.support.fake_slack import TEAM_ID
from tests.support.interactions import (
    conversation,
    day,
    global_shortcut,
    home_action,
    link_shared,
    merged,
    message_shortcut,
    options_request,
    send,
    send_unsigned,
    ticked,
    view_action,
    view_submission,
)
from tests.support.slack_harness import CHANNEL, SlackHarness, serving

OTHER_TEAM = "T0OTHER"

Build = Callable[[SlackHarness, str], dict[str, Any]]
REQUESTS: dict[str, Build] = {
    "global shortcut": lambda bot, team: global_shortcut(SEARCH_SHORTCUT, team=team),
    "message shortcut": lambda bot, team: message_shortcut(
        bot, RELATED_SHORTCUT, "crawler", team=team
    ),
    "options": lambda bot, team: options_request(ACTION_PICK_REGIONS, "hen", team=team),
    "search submission": lambda bot, team: view_submission(
        CALLBACK_SEARCH,
        merged(day(BLOCK_FROM, "2022-05-01"), day(BLOCK_TO, "2022-05-30")),
        team=team,
    ),
    "subscription submission": lambda bot, team: view_submission(
        CALLBACK_SUBSCRIBE,
        merged(conversation(BLOCK_CHANNEL, CHANNEL), ticked(BLOCK_KINDS, ["digest"])),
        team=team,
    ),
    "paging in the modal": lambda bot, team: view_action(ACTION_FORM_PAGE, "5", team=team),
    "home button": lambda bot, team: home_action(ACTION_HOME_SEARCH, "search", team=team),
    "link shared": lambda bot, team: link_shared(["https://example.com/x"], team=team),
}


@pytest.fixture
def bot() -> Iterator[SlackHarness]:
    with serving(process_before_response=True, slack_team_id=TEAM_ID) as harness:
        yield harness


def _work_done(bot: SlackHarness) -> list[str]:
    return [c.method for c in bot.slack.calls if c.method != "auth.test"]


@pytest.mark.parametrize("kind", sorted(REQUESTS))
def test_unsigned_requests_are_refused(bot: SlackHarness, kind: str) -> None:
    reply = send_unsigned(bot, REQUESTS[kind](bot, TEAM_ID))
    assert reply.status == 401
    assert _work_done(bot) == []


@pytest.mark.parametrize("kind", sorted(REQUESTS))
def test_requests_from_another_workspace_are_refused(bot: SlackHarness, kind: str) -> None:
    reply = send(bot, REQUESTS[kind](bot, OTHER_TEAM))
    assert reply.status == 403
    assert _work_done(bot) == []


def test_the_same_requests_from_our_workspace_are_served(bot: SlackHarness) -> None:
    assert send(bot, REQUESTS["global shortcut"](bot, TEAM_ID)).status == 200
    assert _work_done(bot) == ["views.open"]
