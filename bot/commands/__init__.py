"""One module per ``python -m bot`` subcommand: ``HELP``, ``add_arguments``, ``run``."""

from __future__ import annotations

import argparse
import errno
from pathlib import Path

from bot.core.knowledge.store import FileBackend, KnowledgeBackend
from bot.settings import Settings


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
    return given or settings_of(args).store_path


def settings_of(args: argparse.Namespace) -> Settings:
    """The settings ``bot.cli.main`` read once for this process."""
    settings: Settings = args.settings
    return settings


def failure_line(exc: BaseException) -> str:
    """What went wrong, in one line: the OS's words for an OS error (with the file), else the
    error's type and first line."""
    if isinstance(exc, OSError) and exc.errno is not None:
        where = f" ({exc.filename})" if exc.filename else ""
        words = exc.strerror or errno.errorcode.get(exc.errno, str(exc.errno))
        return f"{words}{where}"
    first = (str(exc).strip().splitlines() or [""])[0][:300]
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def knowledge_backend(args: argparse.Namespace) -> KnowledgeBackend:
    """The store a command works on: the ``--store`` file when given, else the deployment's
    (PostgreSQL when ``DATABASE_URL`` names one, else the file). Raises ``StoreError``."""
    given: Path | None = getattr(args, "store", None)
    if given is not None:
        return FileBackend(given)
    # imported here: SQLAlchemy takes about a second to import, which every ``python -m bot``
    # command would pay at start-up; only the commands on the deployment's store need it
    from bot.edge.state.knowledge import open_backend

    settings = settings_of(args)
    return open_backend(settings.database_url.get_secret_value(), settings.store_path)
