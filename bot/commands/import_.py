"""``python -m bot import FILE``: replace the knowledge store with a store file's content.

The file is read and validated whole first (schema, unique ids, and the checks of
``validate``); on any error nothing is written."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.commands import add_store_argument, knowledge_backend
from bot.core.knowledge import KnowledgeFile, check_knowledge, default_gazetteer, has_errors
from bot.core.knowledge.store import StoreError, read_knowledge

HELP = "load a JSON store file into the knowledge store (validated; nothing written on error)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="a store file (as export writes)")
    add_store_argument(parser)


def run(args: argparse.Namespace) -> int:
    try:
        incoming = read_knowledge(args.file)
    except StoreError as exc:
        print(f"import: {exc}", file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 1
    problems = [p for p in check_knowledge(incoming, default_gazetteer()) if has_errors([p])]
    if problems:
        for problem in problems[:50]:
            print(f"import: {problem}", file=sys.stderr)
        print(f"import: {args.file} has errors; nothing was written.", file=sys.stderr)
        return 1

    def replace(current: KnowledgeFile) -> tuple[KnowledgeFile, int]:
        return incoming, current.revision + 1

    try:
        backend = knowledge_backend(args)
        revision = backend.update(replace)
    except StoreError as exc:
        print(f"import: {exc}", file=sys.stderr)
        return 1
    print(
        f"Imported {len(incoming.developments)} developments into {backend.describe()} "
        f"(revision {revision})."
    )
    return 0
