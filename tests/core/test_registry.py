"""The command registry: every command once, every verb calling exactly one command."""

from __future__ import annotations

import pytest

from bot.core.registry import (
    AUDIENCES,
    COMMANDS,
    GROUPS,
    command_for,
    command_named,
    commands_for,
    verbs_of,
)


def test_each_command_and_each_verb_is_defined_once() -> None:
    names = [spec.name for spec in COMMANDS]
    assert len(names) == len(set(names))
    verbs = [verb for spec in COMMANDS for verb in spec.verbs]
    assert len(verbs) == len(set(verbs)), "a verb calls two commands"
    for spec in COMMANDS:
        assert spec.name in spec.verbs  # the name is itself a verb
        assert all(verb == verb.lower() and verb.split() == [verb] for verb in spec.verbs)


def test_every_command_has_an_audience_a_group_a_help_line_and_a_usage() -> None:
    for spec in COMMANDS:
        assert spec.audience in AUDIENCES
        assert spec.group in GROUPS
        assert spec.help and "\n" not in spec.help
        assert spec.usage.split()[0] == spec.name  # usage starts with the command


@pytest.mark.parametrize("spec", COMMANDS, ids=lambda s: s.name)
def test_every_verb_finds_its_command_in_any_case(spec) -> None:
    for verb in spec.verbs:
        assert command_for(verb) is spec
        assert command_for(verb.upper()) is spec
    assert command_named(spec.name) is spec


def test_a_question_is_no_command() -> None:
    for word in ("", "crawler", "which", "henan", "罚款河南"):
        assert command_for(word) is None


def test_chinese_verbs_and_short_forms() -> None:
    assert command_for("订阅").name == "subscribe"  # type: ignore[union-attr]
    assert command_for("sub").name == "subscribe"  # type: ignore[union-attr]
    assert command_for("帮助").name == "help"  # type: ignore[union-attr]
    assert verbs_of("unreviewed") == {"unreviewed"}
    assert verbs_of("review") == {"review", "queue"}


def test_editors_commands_are_only_for_editors() -> None:
    everyone = {s.name for s in commands_for(editor=False)}
    editors = {s.name for s in commands_for(editor=True)}
    assert editors == {s.name for s in COMMANDS}
    assert editors - everyone == {s.name for s in COMMANDS if s.audience == "editors"}
    assert {"unreviewed", "ingest"} <= editors - everyone
