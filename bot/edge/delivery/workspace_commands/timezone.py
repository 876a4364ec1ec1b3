"""``/pi tz [Area/City | default]``: the time zone a channel's digests and reminders follow."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.answers import Answer, AnswerKind
from bot.core.notify import zone_or_none
from bot.edge.delivery.workspace_commands.services import CONSOLE, Origin, Services, error


def timezone_command(services: Services, text: str, rest: Sequence[str], ctx: Origin) -> Answer:
    if not rest:
        return Answer(
            kind=AnswerKind.NOTICE,
            query=text,
            headline="This channel's time zone",
            message=f"Schedules here run in {services.zone_name(ctx.channel_id)}. Change it "
            "with `/pi tz Europe/Berlin` (any IANA zone name), or `/pi tz default`.",
        )
    if ctx.surface == "console":
        return error(text, "Time zones are for Slack conversations", CONSOLE)
    if len(rest) > 1:
        return error(text, "Which time zone?", "Use one zone name, e.g. `/pi tz Asia/Tokyo`.")
    refused = services.refuse_unless_allowed(text, ctx)
    if refused:
        return refused
    name = rest[0]
    if name.lower() == "default":
        services.repo.set_timezone(ctx.channel_id, None, user_id=ctx.user_id, now=services.now())
        zone_name = services.settings.digest_timezone
    else:
        zone = zone_or_none(name)
        if zone is None:
            return Answer(
                kind=AnswerKind.ERROR,
                query=text,
                headline="I don't know that time zone",
                message="Use an IANA zone name such as `Europe/Berlin`, `Asia/Shanghai` or "
                "`America/New_York`. Nothing was changed.",
                not_understood=(name,),
            )
        zone_name = zone.key
        services.repo.set_timezone(
            ctx.channel_id, zone_name, user_id=ctx.user_id, now=services.now()
        )
    return Answer(
        kind=AnswerKind.NOTICE,
        query=text,
        headline="Time zone saved",
        message=f"Digests and reminders here now follow {zone_name}.",
    )
