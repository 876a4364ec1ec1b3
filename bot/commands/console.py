"""``python -m bot console`` (also ``python -m bot`` with no command): the local console.

Type ``/pi fines henan`` or a question and read the answer as text: the same router and
the same answers as in Slack, with no Slack credentials. Piped input works (no prompt).
"""

from __future__ import annotations

import argparse
import sys

from bot.commands import add_store_argument, knowledge_backend, settings_of
from bot.core.answers import InMemoryConversations, Router
from bot.core.knowledge.store import LiveStore, StoreError
from bot.edge.console import Console, interactive_lines, piped_lines, welcome
from bot.edge.delivery.subscription_access import LazySubscriptions
from bot.edge.state.database import StateDatabase

HELP = "ask the bot from the terminal, as in Slack (the default; no Slack credentials needed)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_store_argument(parser)


def run(args: argparse.Namespace) -> int:
    """The console's composition root: the settings read once by ``bot.cli``, then the
    live store and the state database (opened only when a subscription command needs it)."""
    settings = settings_of(args)
    try:
        backend = knowledge_backend(args)
        live_store = LiveStore(backend=backend)
    except StoreError as exc:
        print(f"console: {exc}", file=sys.stderr)
        return 1
    # Subscriptions can be listed here; subscribing needs a Slack channel (no client).
    router = Router(
        live_store,
        LazySubscriptions(
            StateDatabase(settings.database_url.get_secret_value()), settings, client=None
        ),
        conversations=InMemoryConversations(),  # one terminal, one process
    )
    print(welcome(router, backend.describe()) + "\n")
    sys.stdout.flush()
    console = Console(router, sys.stdout)
    lines = interactive_lines() if sys.stdin.isatty() else piped_lines(sys.stdin)
    return console.run(lines)
