"""In Slack, an editors' command from anyone else is answered "this is an editors' command"
(never searched), on every verb of every editors' command; ``help`` lists the asker's; any
verb of ``subscribe`` alone opens the builder."""

from __future__ import annotations

import pytest

from bot.core.registry import COMMANDS, command_named, commands_for
from bot.edge.slack.listeners.commands.pi import opens_builder
from tests.support.slack_harness import USER, all_text, serving

EDITORS_VERBS = [verb for spec in COMMANDS if spec.audience == "editors" for verb in spec.verbs]


@pytest.mark.parametrize("verb", EDITORS_VERBS)
def test_a_non_editor_gets_the_editors_notice_on_every_editors_verb(verb: str) -> None:
    with serving(is_editor=lambda user: user == "UEDITOR") as bot:
        bot.command(verb)
        [call] = bot.slack.wait_for("response_url")
        assert "This is an editors' command." in all_text(call.params)
        assert "pi_details" not in str(call.params)  # no results: nothing was searched


def test_a_non_editor_giving_an_address_is_told_it_is_an_editors_command() -> None:
    with serving(is_editor=lambda user: user == "UEDITOR") as bot:
        reply = bot.command("ingest https://example.com/feed.xml")
        assert reply.status == 200
        assert "This is an editors' command." in reply.body
        assert "Only editors can add newsletters" in reply.body


@pytest.mark.parametrize("editor", [False, True])
def test_help_in_slack_lists_the_askers_commands(editor: bool) -> None:
    with serving(is_editor=lambda user: editor and user == USER) as bot:
        bot.command("help")
        sent = " ".join(all_text(c.params) for c in bot.slack.wait_for("response_url"))
        for spec in COMMANDS:
            assert (spec.help in sent) == (spec in commands_for(editor=editor)), spec.name


def test_every_verb_of_subscribe_alone_opens_the_builder() -> None:
    subscribe = command_named("subscribe")
    for verb in subscribe.verbs:
        assert opens_builder(verb) and opens_builder(f"/pi {verb.upper()}  ")
        assert not opens_builder(f"{verb} digest")
    assert not opens_builder("subscriptions") and not opens_builder("unsubscribe")
