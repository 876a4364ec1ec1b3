"""``python -m bot manifest``: print the Slack app manifest for this deployment's
``PUBLIC_URL`` (request URLs, options URL and link-preview domain filled in)."""

from __future__ import annotations

import argparse
import json
import sys

from bot.commands import settings_of
from bot.edge.slack.manifest import manifest_for

HELP = "print the Slack app manifest with PUBLIC_URL filled in (paste it at api.slack.com/apps)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser  # no options


def run(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    if not settings.public_url:
        print(
            "manifest: PUBLIC_URL is not set; the manifest below keeps YOUR-HOST "
            "(export PUBLIC_URL=https://your.host and run again).",
            file=sys.stderr,
        )
    print(json.dumps(manifest_for(settings), indent=2, ensure_ascii=False))
    return 0
