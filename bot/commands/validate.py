"""``python -m bot validate``: check the knowledge store and say exactly what is wrong where."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.commands import add_store_argument, store_path
from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.validate import Level, has_errors, validate_store_file

HELP = "check the knowledge store (schema, ids, sources, dates, links, names); exit 1 on errors"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_store_argument(parser)


def run(args: argparse.Namespace) -> int:
    path: Path = store_path(args)
    problems = validate_store_file(path, default_gazetteer())
    errors = [p for p in problems if p.level is Level.ERROR]
    warnings = [p for p in problems if p.level is Level.WARNING]
    for problem in errors + warnings:
        print(problem)
    verdict = "not valid" if has_errors(problems) else "valid"
    print(f"{path}: {verdict}: {len(errors)} error(s), {len(warnings)} warning(s).")
    return 1 if has_errors(problems) else 0
