"""Newsletters shared as files: in a direct message with the bot, or in the intake channel
(``PI_INTAKE_CHANNEL``; Slack's e-mail-to-channel address lands forwarded newsletters
there). The ``message`` event of subtype ``file_share`` carries the files and the message
to reply under; ``file_shared`` (sent for the same share) is only acknowledged."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.edge.slack.background import background_of
from bot.edge.slack.desk.cards import DESK_BUSY, thread_replier
from bot.edge.slack.review_desk import ReviewDesk


def register(app: App, desk: ReviewDesk) -> None:
    @app.event({"type": "message", "subtype": "file_share"})
    def file_share(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        channel = str(event.get("channel") or "")
        if not desk.is_intake_conversation(channel, event.get("channel_type")):
            return
        own = {context.bot_user_id, context.bot_id} - {None}
        if event.get("user") in own or event.get("bot_id") in own:
            return  # the bot's own messages
        # Slack's e-mail integration posts as a bot (or USLACKBOT): in the intake channel its
        # e-mails are read; a bot's other files are left alone
        from_bot = bool(event.get("bot_id")) or event.get("user") == "USLACKBOT"
        if from_bot and channel != (desk.settings.pi_intake_channel or ""):
            return
        file_ids = [str(f.get("id")) for f in event.get("files") or [] if f.get("id")]
        if not file_ids:
            return
        ts = str(event.get("ts") or "")
        desk.run(
            background_of(context).inline,
            "receiving a newsletter",
            lambda: desk.receive(
                client,
                user=str(event.get("user") or ""),
                channel=channel,
                ts=ts,
                file_ids=file_ids,
                team=context.team_id,
                from_bot=from_bot,
            ),
            busy=lambda: thread_replier(client, channel, ts)(DESK_BUSY),
        )

    @app.event("file_shared")
    def file_shared() -> None:
        """The same share as the ``file_share`` message above: nothing more to do."""
