"""``python -m bot``: one command line for everything.

Each subcommand lives in ``bot/commands/<name>.py`` with ``HELP``, ``add_arguments(parser)``
and ``run(args) -> int``. With no subcommand, the local console starts.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

COMMANDS = (
    "console",
    "ask",
    "digest",
    "ingest",
    "validate",
    "export",
    "import",
    "serve",
    "socket",
    "clock",
)
MODULES = {"import": "import_"}  # a command named as a Python keyword

DESCRIPTION = (
    "A Slack bot that tracks China's cybersecurity and data-protection developments.\n"
    "Run with no subcommand for the local console (no Slack credentials needed)."
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--log-level",
        default="WARNING",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="how much to log to stderr (default: WARNING)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"bot.commands.{MODULES.get(name, name)}")
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=getattr(logging, args.log_level),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if args.command is None:
        args = parser.parse_args([*(argv or sys.argv[1:]), "console"])
    return int(args._run(args))
