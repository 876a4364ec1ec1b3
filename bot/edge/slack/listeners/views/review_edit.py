"""The Edit modal's submission: saved through the store with the version it was opened
on; bad values are answered on their field (``response_action: errors``), a conflict with
the modal again, holding the current values."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.edge.render.blocks.review import VIEW_EDIT
from bot.edge.slack.review_desk import ReviewDesk


def register(app: App, desk: ReviewDesk) -> None:
    @app.view(VIEW_EDIT)
    def submit(
        ack: Ack,
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        user = str((body.get("user") or {}).get("id") or "")
        answer = desk.submit_edit(client, user=user, view=view, team=context.team_id)
        if answer is None:
            ack()
        else:
            ack(**answer)
