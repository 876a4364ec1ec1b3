"""One module per ``python -m bot`` subcommand: ``HELP``, ``add_arguments``, ``run``."""

from __future__ import annotations

import argparse
import errno
from pathlib import Path

from bot.core.knowledge.store import default_store_path


def add_store_argument(parser: argparse.ArgumentParser) -> None:
    """``--store PATH``: the knowledge store file every store-reading command accepts."""
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        metavar="PATH",
        help="knowledge store file (default: $PI_KNOWLEDGE_FILE or knowledge/developments.json)",
    )


def store_path(args: argparse.Namespace) -> Path:
    """The ``--store`` given, else ``$PI_KNOWLEDGE_FILE``, else the bundled store."""
    given: Path | None = getattr(args, "store", None)
    return given or default_store_path()


def failure_line(exc: BaseException) -> str:
    """What went wrong, in one line: the OS's words for an OS error (with the file), else the
    error's type and first line."""
    if isinstance(exc, OSError) and exc.errno is not None:
        where = f" ({exc.filename})" if exc.filename else ""
        words = exc.strerror or errno.errorcode.get(exc.errno, str(exc.errno))
        return f"{words}{where}"
    first = (str(exc).strip().splitlines() or [""])[0][:300]
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__
