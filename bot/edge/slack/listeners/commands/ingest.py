"""``/pi ingest URL``: an editor adds a newsletter feed or page by its address. Registered
before the general ``/pi`` listener; any other ``/pi`` text falls through to that one."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core.answers import PREFIX, split_command
from bot.core.answers.editing import editors_only
from bot.core.registry import command_for, command_named
from bot.edge.fetch import is_url
from bot.edge.slack.background import background_of
from bot.edge.slack.desk.cards import DESK_BUSY
from bot.edge.slack.review_desk import ReviewDesk

INGESTING = "Reading it now: the summary and review cards follow in our direct messages."


def ingest_address(text: str) -> str | None:
    """The address of ``/pi ingest URL`` (Slack's ``<url>`` markup undone), else ``None``."""
    verb, rest = split_command(text)
    address = rest.strip().strip("<>").split("|", 1)[0]
    spec = command_for(verb)
    ingesting = spec is not None and spec.name == "ingest"
    return address if ingesting and is_url(address) and " " not in address else None


def register(app: App, desk: ReviewDesk) -> None:
    def is_ingest(body: dict[str, Any]) -> bool:
        return ingest_address(str(body.get("text") or "")) is not None

    @app.command(PREFIX, matchers=[is_ingest])
    def ingest_command(
        ack: Ack, command: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        user = str(command.get("user_id") or "")
        team = context.team_id
        if not desk.is_editor(user, team):
            refused = editors_only(command_named("ingest"), str(command.get("text") or ""))
            ack(text=f"{refused.headline} {refused.message}")  # nothing is fetched or written
            return
        address = ingest_address(str(command.get("text") or "")) or ""
        taken = desk.run(
            background_of(context).inline,
            "reading a newsletter address",
            lambda: desk.receive_address(client, user=user, url=address, team=team),
            busy=lambda: None,  # told in the acknowledgement below
            fetch=True,
        )
        ack(text=INGESTING if taken else DESK_BUSY)
