"""python -m bot.evaluation scores the shared question set with its own scorer, when the
folder is there (the scorer is run as it is, never copied)."""

from __future__ import annotations

import sys
from pathlib import Path

from bot import evaluation


def test_the_shared_scorer_is_run_from_its_folder(tmp_path: Path) -> None:
    assert evaluation.shared_scorer_command(tmp_path) is None  # no set there: skipped
    (tmp_path / "score_questions.py").write_text("print('scored')\n")
    command = evaluation.shared_scorer_command(tmp_path, verbose=True)
    assert command is not None
    assert command[:3] == [
        sys.executable,
        str(tmp_path / "score_questions.py"),
        str(evaluation.PROJECT),
    ]
    assert command[-1] == "--verbose"
    assert evaluation.run_shared(tmp_path) == 0


def test_a_missing_shared_folder_is_said_and_skipped(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert evaluation.run_shared(tmp_path / "absent") == 0
    assert "no shared question set" in capsys.readouterr().out
