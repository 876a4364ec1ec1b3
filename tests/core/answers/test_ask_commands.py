"""``python -m bot ask`` answers through the router, as Slack and the console do: the
registry's commands (``upcoming``, ``help``), and the editors' notice for an editors'
command rather than a search of its words."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.core.answers.help import help_text
from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.store import Store, write_knowledge


@pytest.fixture
def store_file(tmp_path: Path, store: Store) -> Path:
    path = tmp_path / "developments.json"
    knowledge = KnowledgeFile(newsletters=store.newsletters, developments=store.developments)
    write_knowledge(path, knowledge)
    return path


def ask(store_file: Path, capsys: pytest.CaptureFixture[str], *words: str) -> str:
    assert main(["ask", *words, "--store", str(store_file), "--today", "2022-05-01"]) == 0
    return capsys.readouterr().out


def test_an_editors_command_is_not_searched(
    store_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for verb in ("unreviewed", "review", "ingest"):
        assert "This is an editors' command." in ask(store_file, capsys, verb)


def test_upcoming_and_help_are_the_commands(
    store_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "coming up in the next 90 days" in ask(store_file, capsys, "upcoming").lower()
    out = ask(store_file, capsys, "help")
    assert "upcoming [n days]" in out and "unreviewed [filters]" not in out
    assert help_text(editor=False).splitlines()[0] in out
