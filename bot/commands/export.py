"""``python -m bot export [FILE]``: write the whole knowledge store in the store file format."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.commands import add_store_argument, knowledge_backend
from bot.core.knowledge.store import FileBackend, StoreError, dump_knowledge, write_knowledge

HELP = "write the whole knowledge store (file or database) as a JSON store file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", nargs="?", type=Path, metavar="FILE", help="where to write (default: stdout)"
    )
    add_store_argument(parser)


def run(args: argparse.Namespace) -> int:
    try:
        backend = knowledge_backend(args)
        if isinstance(backend, FileBackend):
            _fold(backend)
        knowledge, _digest = backend.load()
    except StoreError as exc:
        print(f"export: {exc}", file=sys.stderr)
        return 1
    if args.file is None:
        sys.stdout.write(dump_knowledge(knowledge))
        return 0
    write_knowledge(args.file, knowledge)
    print(
        f"Wrote {len(knowledge.developments)} developments (revision {knowledge.revision}) "
        f"to {args.file}.",
        file=sys.stderr,
    )
    return 0


def _fold(backend: FileBackend) -> None:
    """Fold the store file's change log into it first, so the file is the whole store (and
    an unchanged store exports byte for byte as its file); a store that cannot be written
    here is still exported."""
    try:
        backend.fold()
    except OSError as exc:
        print(f"export: could not fold the change log into {backend.path}: {exc}", file=sys.stderr)
