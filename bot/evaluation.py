"""``python -m bot.evaluation``: the relevance evaluation (``bot.core.answers.evaluation``) on
the project's own requests, then, when ``../shared/eval/questions/`` exists beside the
checkout, the lawyers' question set scored by its own scorer (``score_questions.py``, run
as it is, never copied), per kind of request.

    python -m bot.evaluation [--store PATH] [--queries PATH] [--misses]
                             [--shared DIR | --no-shared] [--verbose]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.core.answers import evaluation

PROJECT = Path(__file__).resolve().parent.parent
SHARED_QUESTIONS = PROJECT.parent / "shared" / "eval" / "questions"
SCORER = "score_questions.py"


def shared_scorer_command(
    folder: Path, *, verbose: bool = False, python: str | None = None
) -> list[str] | None:
    """The command that scores this checkout on ``folder``'s question set, or ``None``
    when the folder (or its scorer) is not there."""
    scorer = folder / SCORER
    if not scorer.is_file():
        return None
    command = [python or sys.executable, str(scorer), str(PROJECT), "--python"]
    command.append(python or sys.executable)
    if verbose:
        command.append("--verbose")
    return command


def run_shared(folder: Path, *, verbose: bool = False) -> int:
    command = shared_scorer_command(folder, verbose=verbose)
    if command is None:
        print(f"\n(no shared question set at {folder}: skipped)")
        return 0
    print(f"\nShared question set: {folder} (scored by its {SCORER})", flush=True)
    return subprocess.run(command, cwd=PROJECT, check=False).returncode


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.evaluation",
        description="Score the answer engine on the project's requests and on the shared "
        "question set (../shared/eval/questions/, by its own scorer, per kind).",
    )
    parser.add_argument("--store", type=Path, default=None, help="knowledge store file")
    parser.add_argument(
        "--queries", type=Path, default=evaluation.DEFAULT_QUERIES, help="queries.json"
    )
    parser.add_argument("--misses", action="store_true", help="list the engine's misses")
    parser.add_argument(
        "--shared", type=Path, default=SHARED_QUESTIONS, help="the shared question-set folder"
    )
    parser.add_argument("--no-shared", action="store_true", help="skip the shared question set")
    parser.add_argument("--verbose", action="store_true", help="the shared scorer's every miss")
    args = parser.parse_args(argv)
    own = ["--queries", str(args.queries)]
    if args.store is not None:
        own += ["--store", str(args.store)]
    if args.misses:
        own.append("--misses")
    status = evaluation.main(own)
    if args.no_shared:
        return status
    return status or run_shared(args.shared, verbose=args.verbose)


if __name__ == "__main__":
    raise SystemExit(main())
