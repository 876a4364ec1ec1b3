"""Placeholder: `python -m bot ask` is not built yet."""

from __future__ import annotations

import argparse
import sys

HELP = "(ask: not built yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    print("python -m bot ask is not built yet.", file=sys.stderr)
    return 2
