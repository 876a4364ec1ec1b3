"""One module per ``python -m bot`` subcommand: ``HELP``, ``add_arguments``, ``run``."""

from __future__ import annotations

import argparse
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
