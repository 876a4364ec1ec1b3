"""The router dispatches every command of the registry by its name; ``help`` lists exactly
the asker's commands; an editors' command from anyone else is never a search."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.core.answers.answer import Answer, AnswerKind
from bot.core.answers.help import ADMINS_MARK, help_text
from bot.core.answers.router import Context, Router
from bot.core.knowledge.store import LiveStore
from bot.core.registry import COMMANDS, CommandSpec, commands_for
from bot.edge.console import CONSOLE_CONTEXT
from tests.conftest import BUNDLED_STORE

READER = Context(channel_id="C1", user_id="UREADER", team_id="T1", surface="slash")
EDITOR = Context(channel_id="C1", user_id="UEDITOR", team_id="T1", surface="slash")


class Recorder:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def handle(self, text: str, ctx: Context) -> Answer:
        self.seen.append(text)
        return Answer(kind=AnswerKind.NOTICE, query=text, headline="workspace command")


def router(handler: Recorder | None = None) -> Router:
    return Router(LiveStore(BUNDLED_STORE), handler, is_editor=lambda user: user == "UEDITOR")


def a_development_id() -> str:
    return router().store.published.developments[0].id


# What each core command answers, asked by an editor: never an ordinary search.
ARGUMENTS: dict[str, str] = {"show": "{id}", "history": "{id}", "digest": "2022-05"}
EXPECTED: dict[str, Callable[[Answer], bool]] = {
    "help": lambda a: a.kind == AnswerKind.HELP,
    "latest": lambda a: a.kind == AnswerKind.RESULTS and "newest first" in a.headline,
    "fines": lambda a: a.kind == AnswerKind.RESULTS and "largest first" in a.headline,
    "show": lambda a: a.kind == AnswerKind.DETAIL,
    "history": lambda a: a.headline.startswith("History of"),
    "digest": lambda a: a.kind == AnswerKind.DIGEST,
    "upcoming": lambda a: "coming up" in a.headline.lower(),
    "stats": lambda a: a.kind == AnswerKind.STATS,
    "unreviewed": lambda a: "review" in a.headline.lower(),
    "ingest": lambda a: a.headline.startswith("Give the newsletter's address"),
}


def test_every_command_is_dispatched_by_one_handler_or_the_workspace() -> None:
    core = {s.name for s in COMMANDS if not s.workspace}
    assert core == set(EXPECTED), "a command of the registry is answered by nobody"


@pytest.mark.parametrize("spec", COMMANDS, ids=lambda s: s.name)
def test_every_verb_of_every_command_is_dispatched(spec: CommandSpec) -> None:
    recorder = Recorder()
    bot = router(recorder)
    for verb in spec.verbs:
        args = ARGUMENTS.get(spec.name, "").format(id=a_development_id())
        answer = bot.handle(f"/pi {verb} {args}".strip(), EDITOR)
        if spec.workspace:
            assert answer.headline == "workspace command"
            assert recorder.seen[-1].split()[1] == verb
        else:
            assert EXPECTED[spec.name](answer), (verb, answer.kind, answer.headline)
    if not spec.workspace:
        assert recorder.seen == []


def _listed(text: str) -> set[str]:
    return {spec.name for spec in COMMANDS if f"  {spec.usage}" in text}


@pytest.mark.parametrize("editor", [False, True])
def test_help_lists_exactly_the_askers_commands(editor: bool) -> None:
    ctx = EDITOR if editor else READER
    answer = router(Recorder()).handle("help", ctx)
    assert answer.kind == AnswerKind.HELP and answer.message is not None
    assert _listed(answer.message) == {s.name for s in commands_for(editor=editor)}
    assert answer.message == help_text(editor=editor)
    for spec in COMMANDS:
        assert (spec.help in answer.message) == (editor or spec.audience != "editors")


def test_help_covers_what_the_readme_promises_and_marks_the_admins_commands() -> None:
    text = help_text(editor=False)
    for usage in ("upcoming", "tz", "calendar", "export", "reminders [filters", "subscriptions"):
        assert usage in text
    assert "enforcement alerts" not in text  # alerts work on any saved search
    assert "alerts on any saved search" in text
    for spec in COMMANDS:
        line = next(
            line
            for line in help_text(editor=True).splitlines()
            if line == f"  {spec.usage}" or line.startswith(f"  {spec.usage}  ")
        )
        assert (ADMINS_MARK in line) == (spec.audience == "admins")


def test_help_by_the_bare_engine_is_everyones() -> None:
    answer = Router(LiveStore(BUNDLED_STORE)).handle("帮助", READER)
    assert answer.kind == AnswerKind.HELP and answer.message == help_text(editor=False)


@pytest.mark.parametrize(
    "text",
    [
        f"{verb}{rest}"
        for spec in COMMANDS
        if spec.audience == "editors"
        for verb in spec.verbs
        for rest in ("", " ")
    ]
    + ["unreviewed fines henan", "/pi ingest https://example.com/feed.xml"],
)
def test_an_editors_command_from_anyone_else_gets_the_editors_notice(text: str) -> None:
    for ctx in (READER, CONSOLE_CONTEXT):
        answer = router().handle(text, ctx)
        assert answer.kind == AnswerKind.NOTICE
        assert answer.headline == "This is an editors' command."
        assert answer.results == ()  # nothing was searched


def test_words_that_only_start_like_an_editors_command_are_still_searched() -> None:
    answer = router().handle("review of data exports", READER)
    assert answer.headline != "This is an editors' command."
    assert answer.kind in (AnswerKind.RESULTS, AnswerKind.NO_MATCH)
