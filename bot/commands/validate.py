"""Placeholder: `python -m bot validate` is not built yet."""

from __future__ import annotations

import argparse
import sys

HELP = "(validate: not built yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    print("python -m bot validate is not built yet.", file=sys.stderr)
    return 2
