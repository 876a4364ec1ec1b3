"""Placeholder: `python -m bot ingest` is not built yet."""

from __future__ import annotations

import argparse
import sys

HELP = "(ingest: not built yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    print("python -m bot ingest is not built yet.", file=sys.stderr)
    return 2
