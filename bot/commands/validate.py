"""``python -m bot validate``: check the knowledge store and say exactly what is wrong where."""

from __future__ import annotations

import argparse

from bot.commands import add_store_argument, knowledge_backend
from bot.core.knowledge import (
    Level,
    Problem,
    check_knowledge,
    default_gazetteer,
    has_errors,
    validate_store_file,
)
from bot.core.knowledge.store import FileBackend, StoreError

HELP = "check the knowledge store (schema, ids, sources, dates, links, names); exit 1 on errors"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_store_argument(parser)


def run(args: argparse.Namespace) -> int:
    try:
        backend = knowledge_backend(args)
    except StoreError as exc:
        print(f"validate: {exc}")
        return 1
    where = backend.describe()
    if isinstance(backend, FileBackend):
        problems = validate_store_file(backend.path, default_gazetteer())
    else:  # the deployment's database
        try:
            problems = check_knowledge(backend.load()[0], default_gazetteer())
        except StoreError as exc:
            problems = [Problem(Level.ERROR, where, str(exc))]
    errors = [p for p in problems if p.level is Level.ERROR]
    warnings = [p for p in problems if p.level is Level.WARNING]
    for problem in errors + warnings:
        print(problem)
    verdict = "not valid" if has_errors(problems) else "valid"
    print(f"{where}: {verdict}: {len(errors)} error(s), {len(warnings)} warning(s).")
    return 1 if has_errors(problems) else 0
