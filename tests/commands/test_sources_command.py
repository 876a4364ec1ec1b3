"""``python -m bot sources``: the same words as ``/pi sources``, on the deployment's state
database."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    database = tmp_path / "state.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    return database


def test_add_list_and_remove_from_the_command_line(
    state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sources", "add", "https://x.example/feed.xml", "weekly", "X", "Weekly"]) == 0
    assert "Watching X Weekly (https://x.example/feed.xml) weekly" in capsys.readouterr().out
    assert main(["sources"]) == 0
    listing = capsys.readouterr().out
    assert "1. X Weekly https://x.example/feed.xml: weekly; last success never" in listing
    assert main(["sources", "remove", "1"]) == 0
    assert "No longer watching https://x.example/feed.xml" in capsys.readouterr().out
    assert main(["sources"]) == 0
    assert "No feeds or pages are watched" in capsys.readouterr().out


def test_mistakes_exit_1_with_a_line_saying_what_to_type(
    state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sources", "add", "ftp://x.example/feed"]) == 1
    assert "http:// or https://" in capsys.readouterr().err
    assert main(["sources", "remove", "3"]) == 1
    assert "There is no source number 3" in capsys.readouterr().err
    assert main(["sources", "add", "https://x.example/a"]) == 0
    assert main(["sources", "add", "https://x.example/a"]) == 1
    assert "watched already" in capsys.readouterr().err
