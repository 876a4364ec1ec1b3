"""``python -m bot``: one command line for everything.

Each subcommand lives in ``bot/commands/<name>.py`` with ``HELP``, ``add_arguments(parser)``
and ``run(args) -> int``. With no subcommand, the local console starts.

A command that fails in a way it did not foresee (a full disk, a file it cannot write) ends
with one line naming the command and the cause, and exit code 1; the traceback is logged at
DEBUG only (``--log-level DEBUG``).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from bot.commands import failure_line
from bot.core.knowledge.store import use_snapshot_dir
from bot.settings import invalid_settings, load_settings

log = logging.getLogger(__name__)

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
    "manifest",
    "calendar",
    "export-table",
    "sources",
    "review",
)
MODULES = {"import": "import_"}  # a command named as a Python keyword

DESCRIPTION = (
    "A Slack bot that tracks China's cybersecurity and data-protection developments.\n"
    "Run with no subcommand for the local console (no Slack credentials needed)."
)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or when ``argv`` names one, of that one only: each
    command's module is imported to describe it, and a one-off command (``ask``) need not
    load what the server, the console or the intake need (tens of MB)."""
    named = next((word for word in argv or () if word in COMMANDS), None)
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
    for name in COMMANDS if named is None else (named,):
        module = importlib.import_module(
            f"bot.commands.{MODULES.get(name, name.replace('-', '_'))}"
        )
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=getattr(logging, args.log_level),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if args.command is None:
        args = parser.parse_args([*(argv or sys.argv[1:]), "console"])
    try:
        # the settings are read once, here, for the whole process; the command takes them
        # from ``args.settings`` and passes what each part needs
        try:
            args.settings = load_settings()
        except ValidationError as exc:  # a bad value stops every command with one line
            raise SystemExit(f"{args.command}: {invalid_settings(exc)}") from exc
        use_snapshot_dir(args.settings.snapshot_dir)
        return int(args._run(args))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last net: one line, the traceback only at DEBUG
        log.debug("%s failed", args.command, exc_info=exc)
        print(f"{args.command}: {failure_line(exc)}", file=sys.stderr)
        return 1
