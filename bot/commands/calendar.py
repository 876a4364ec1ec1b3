"""``python -m bot calendar > pi.ics``: the deadlines as an iCalendar file."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from bot.commands import add_store_argument
from bot.commands.ask import load_store

HELP = "print the deadlines (laws taking effect, comment periods closing) as iCalendar"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = "example: python -m bot calendar > pi.ics  (import in Outlook or Google)"
    add_store_argument(parser)


def run(args: argparse.Namespace) -> int:
    # imported here: icalendar is needed by this command alone, not by every CLI start-up
    from bot.edge.render.calendar import calendar_ics

    store = load_store(args)
    if store is None:
        return 1
    sys.stdout.buffer.write(calendar_ics(store, now=dt.datetime.now(dt.UTC)))
    sys.stdout.flush()
    return 0
