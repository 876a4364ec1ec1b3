"""Placeholder: `python -m bot clock` is not built yet."""

from __future__ import annotations

import argparse
import sys

HELP = "(clock: not built yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    print("python -m bot clock is not built yet.", file=sys.stderr)
    return 2
