"""``/pi unsubscribe [digest | alerts | reminders | all]`` (no argument: all)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.answers import Answer, AnswerKind
from bot.edge.delivery.workspace_commands.describe import KIND_LABELS, TARGETS, USAGE
from bot.edge.delivery.workspace_commands.services import CONSOLE, Origin, Services, error


def unsubscribe_command(services: Services, text: str, rest: Sequence[str], ctx: Origin) -> Answer:
    target = rest[0].lower() if rest else "all"
    if target not in TARGETS or len(rest) > 1:
        return error(text, "Unsubscribe from what?", USAGE)
    if ctx.surface == "console":
        return error(text, "Subscriptions are for Slack conversations", CONSOLE)
    refused = services.refuse_unless_allowed(text, ctx)
    if refused:
        return refused
    removed = services.repo.unsubscribe(
        ctx.channel_id, TARGETS[target], team_id=services.workspace(ctx)
    )
    if not removed:
        wanted = " or ".join(KIND_LABELS[k] for k in TARGETS[target])
        return Answer(
            kind=AnswerKind.NOTICE,
            query=text,
            headline="Nothing to unsubscribe",
            message=f"This channel was not subscribed to {wanted}.",
        )
    return Answer(
        kind=AnswerKind.NOTICE,
        query=text,
        headline="Unsubscribed",
        message="This channel no longer gets "
        + " and ".join(KIND_LABELS[k] for k in removed)
        + ".",
    )
