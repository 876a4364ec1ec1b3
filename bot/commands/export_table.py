"""``python -m bot export-table [filters] --format csv|xlsx [--output FILE]``: the
developments the filters select (all, without filters) as a table, offline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.commands import add_store_argument
from bot.commands.ask import load_store
from bot.core.notify import FORMATS, select_for_export

HELP = "write developments (optionally filtered) as CSV or XLSX"

EPILOG = """\
examples:
  python -m bot export-table --format csv > developments.csv
  python -m bot export-table fines henan --format xlsx --output henan-fines.xlsx

One row per development with every field; the XLSX file has a second sheet with one row
per penalty. Only developments reviewed by a person are exported."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    parser.add_argument("filters", nargs="*", help="query filters, e.g. fines over 500k henan")
    parser.add_argument("--format", choices=FORMATS, default="csv", help="csv (default) or xlsx")
    parser.add_argument(
        "--output", type=Path, default=None, help="file to write (default: standard output)"
    )
    add_store_argument(parser)


def run(args: argparse.Namespace) -> int:
    # imported here: openpyxl is needed by this command alone, not by every CLI start-up
    from bot.edge.render.table import export_bytes

    store = load_store(args)
    if store is None:
        return 1
    selection = select_for_export(store, " ".join(args.filters))
    if not selection.ok:
        words = ", ".join(selection.not_understood)
        print(
            "export-table: "
            + " ".join(selection.problems)
            + (f" Not filters I know: {words}." if words else ""),
            file=sys.stderr,
        )
        return 2
    data = export_bytes(selection.developments, args.format)
    if args.output is not None:
        args.output.write_bytes(data)
        print(f"wrote {len(selection.developments)} development(s) to {args.output}")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
