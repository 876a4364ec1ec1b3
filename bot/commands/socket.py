"""Placeholder: `python -m bot socket` is not built yet."""

from __future__ import annotations

import argparse
import sys

HELP = "(socket: not built yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    print("python -m bot socket is not built yet.", file=sys.stderr)
    return 2
