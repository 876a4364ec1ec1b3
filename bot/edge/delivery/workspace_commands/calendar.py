"""``/pi calendar [new]``: the workspace's iCalendar feed address (``new`` replaces it)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from bot.core.answers import Answer, AnswerKind
from bot.edge.delivery.workspace_commands.services import Origin, Services, error


def calendar_command(services: Services, text: str, rest: Sequence[str], ctx: Origin) -> Answer:
    if ctx.surface == "console":
        return error(
            text,
            "The calendar feed is for Slack workspaces",
            "Here, run `python -m bot calendar > pi.ics` and import the file.",
        )
    if rest and [w.lower() for w in rest] != ["new"]:
        return error(text, "Which calendar?", "Use `/pi calendar` or `/pi calendar new`.")
    rotate = bool(rest)
    if rotate:
        refused = services.refuse_unless_allowed(text, ctx)
        if refused:
            return refused
    settings = services.settings
    team = ctx.team_id or settings.slack_team_id or "default"
    token = services.repo.calendar_token(
        team,
        new_token=secrets.token_urlsafe(24),
        user_id=ctx.user_id,
        now=services.now(),
        rotate=rotate,
    )
    base = settings.public_url or "https://YOUR-HOST/"
    base = base if base.endswith("/") else base + "/"
    note = " The previous address no longer works." if rotate else ""
    return Answer(
        kind=AnswerKind.NOTICE,
        query="/pi calendar",  # never echo the address's secret back as the query
        headline="Calendar of deadlines",
        message=(
            f"Subscribe in Outlook or Google Calendar to {base}calendar.ics?token={token} "
            "(laws taking effect, comment periods closing). Keep the address within the "
            "team: anyone with it can read the calendar; `/pi calendar new` replaces it." + note
        ),
    )
