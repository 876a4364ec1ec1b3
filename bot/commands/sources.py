"""``python -m bot sources [add URL [hourly|daily|weekly] [NAME] | remove URL|N]``: the
watched feeds and pages, as ``/pi sources`` shows and changes them in Slack."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys

from bot.commands import knowledge_backend
from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.store import StoreError
from bot.edge.addresses import FetchAllow, address_problem
from bot.edge.delivery.workspace_commands.sources_desk import SourcesDesk
from bot.edge.state.db import StateError, connect
from bot.edge.state.sources import IntakeRepository
from bot.settings import load_settings

HELP = (
    "list, add or remove the feeds and pages the clock polls for new newsletters "
    "(sources add URL [hourly|daily|weekly] [NAME]; sources remove URL|N)"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "words",
        nargs="*",
        metavar="WORDS",
        help="nothing to list; add URL [hourly|daily|weekly] [NAME]; remove URL|N",
    )


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    try:
        engine = connect(settings.database_url.get_secret_value())
    except StateError as exc:
        print(f"sources: {exc}", file=sys.stderr)
        return 2
    backend = knowledge_backend(args)

    def knowledge() -> KnowledgeFile:
        try:
            return backend.load()[0] if backend.signature() is not None else KnowledgeFile()
        except StoreError:
            return KnowledgeFile()

    allow = FetchAllow.parse(settings.pi_fetch_allow)
    desk = SourcesDesk(
        IntakeRepository(engine),
        knowledge,
        lambda: dt.datetime.now(dt.UTC),
        check_address=lambda url: address_problem(url, allow),
    )
    reply = desk.run(" ".join(args.words), user=f"cli:{getpass.getuser()}")
    print("\n".join(reply.lines), file=sys.stdout if reply.ok else sys.stderr)
    return 0 if reply.ok else 1
