"""``/pi subscriptions [all]``: this channel's subscriptions, or every channel's (for the
subscription admins; the console, the operator's, sees every workspace's, named), with how
to resume a paused one."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.answers import Answer, AnswerKind
from bot.core.notify import Subscription
from bot.edge.delivery.workspace_commands.describe import USAGE, channel_ref, describe
from bot.edge.delivery.workspace_commands.services import Origin, Services, error


def list_command(services: Services, text: str, rest: Sequence[str], ctx: Origin) -> Answer:
    every = bool(rest) and rest[0].lower() == "all"
    if rest and not every:
        return error(text, "Which subscriptions?", USAGE)
    console = ctx.surface == "console"  # the operator's: every workspace's, named
    every = every or console  # the console has no channel of its own
    if every and not console:
        refused = services.refuse_unless_allowed(text, ctx)
        if refused:
            return refused
    team = None if console else services.workspace(ctx)
    if every:
        subs = services.repo.subscriptions(team_id=team)
    else:
        subs = services.repo.subscriptions(team_id=team, channel_id=ctx.channel_id)
    if not subs:
        where = "No channel has any subscriptions" if every else "This channel has none yet"
        return Answer(
            kind=AnswerKind.NOTICE,
            query=text,
            headline="No subscriptions",
            message=f"{where}. {USAGE}",
        )
    paused = sum(1 for s in subs if s.paused)
    bot = services.bot_name_for(services.client_of(ctx), ctx.team_id) if paused else "pi"
    lines = [
        listing_line(services, sub, with_channel=every, bot=bot, with_workspace=console)
        for sub in subs
    ]
    headline = "Subscriptions in every channel" if every else "Subscriptions in this channel"
    if paused:
        headline += f" ({paused} paused)"
    return Answer(kind=AnswerKind.NOTICE, query=text, headline=headline, message="\n".join(lines))


def listing_line(
    services: Services,
    sub: Subscription,
    *,
    with_channel: bool,
    bot: str,
    with_workspace: bool = False,
) -> str:
    where = f"{channel_ref(sub.channel_id)}: " if with_channel else ""
    if with_workspace and sub.team_id:
        where = f"workspace {sub.team_id}, {where}"
    zone = services.zone_name(sub.channel_id)
    what = describe(sub, services.settings, zone, services.gazetteer)
    what = what.removeprefix("the ").rstrip(".")
    what = what[0].upper() + what[1:]
    line = f"• {where}{what} (since {sub.created_at:%Y-%m-%d}, by <@{sub.created_by}>)"
    if sub.paused and sub.paused_at is not None:
        line += (
            f"\n    PAUSED since {sub.paused_at:%Y-%m-%d %H:%M} UTC: "
            f"{sub.pause_reason or 'delivery failed'}. To resume, fix that (for example "
            f"`/invite @{bot}`), then run `/pi subscribe {sub.kind}` here again."
        )
    return line
