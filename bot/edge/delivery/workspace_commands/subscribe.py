"""Subscribing a channel: the typed service ``subscribe(...)`` (the subscription builder's
form calls it and shows what it refuses on the field concerned) and ``/pi subscribe ...``,
which reads the command's words into the same call.

    subscribe digest [weekly | monthly]          (monthly by default)
    subscribe alerts [filters | all]             (no filters: new enforcement developments)
    subscribe reminders [filters | all]          (no filters: every dated development)
    subscribe all [filters]                      (the digest and alerts)

Filters are a saved search (``bot.core.notify.saved_search``); anything the parser cannot use
as a filter is refused with what was not understood. At subscribe time the bot checks it can
post in the channel (``conversations.info``) and says how to fix it if not."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from bot.core.answers import Answer, AnswerKind, Understood
from bot.core.notify import CADENCES, Cadence, Kind
from bot.core.query.vocabulary import clean_text
from bot.edge.delivery.workspace_commands.describe import (
    FILTERED,
    SUBSCRIBE_ALL,
    TARGETS,
    USAGE,
    describe,
    outcome_line,
    saved_search,
)
from bot.edge.delivery.workspace_commands.services import CONSOLE, Origin, Services, error

Field = Literal["channel", "kinds", "filters"]
"""The part of a subscription a problem is about (the builder shows it on that field)."""

FILTER_WORDS_HELP = (
    "Some words are not filters I know (listed below); subscriptions can be filtered by "
    "category (laws, drafts, enforcement, courts), region, authority, law, sector, topic, "
    "company, and amount, e.g. `CAC drafts` or `fines over 500k in henan`."
)


@dataclass(frozen=True)
class Problem:
    """Why nothing was saved: a headline and what to do."""

    headline: str
    message: str


@dataclass(frozen=True)
class Subscribed:
    """What ``subscribe`` did: the lines saying what was saved, or the problems by field
    (then nothing was saved)."""

    lines: tuple[str, ...] = ()
    errors: dict[Field, Problem] = field(default_factory=dict)
    understood: tuple[Understood, ...] = ()
    not_understood: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


@runtime_checkable
class SubscriptionService(Protocol):
    """What the subscription builder calls (``SubscriptionCommands``, and the lazy and
    unavailable stand-ins of ``bot.edge.delivery.subscription_access``)."""

    def subscribe(
        self,
        ctx: Origin,
        kinds: Sequence[Kind],
        *,
        filters: str = "",
        cadence: Cadence = "monthly",
    ) -> Subscribed: ...


UNAVAILABLE = Problem(
    "Subscriptions are unavailable right now",
    "I could not reach the subscription database, so nothing was changed. Please try again "
    "in a minute.",
)


def unavailable() -> Subscribed:
    """What the service answers while the state database cannot be reached."""
    return Subscribed(errors={"channel": UNAVAILABLE})


def _refused(where: Field, headline: str, message: str) -> Subscribed:
    return Subscribed(errors={where: Problem(headline, message)})


def subscribe(
    services: Services,
    ctx: Origin,
    kinds: Sequence[Kind],
    *,
    filters: str = "",
    cadence: Cadence = "monthly",
) -> Subscribed:
    """Subscribe ``ctx.channel_id`` to ``kinds`` (the alerts' and reminders' saved search
    ``filters``; the digest's ``cadence``), as ``ctx.user_id`` with that user's rights."""
    kinds = tuple(dict.fromkeys(kinds))
    if not kinds:
        return _refused("kinds", "Subscribe to what?", USAGE)
    if ctx.surface == "console":
        return _refused("channel", "Subscriptions are for Slack conversations", CONSOLE)
    refusal = services.refusal(ctx)
    if refusal:
        return _refused("channel", "Only subscription admins can do that", refusal)
    filters = clean_text(filters).strip()
    if filters and not FILTERED & set(kinds):
        return _refused(
            "filters",
            "The digest takes no filters",
            "The digest covers everything of its period: `/pi subscribe digest weekly` "
            "(Mondays, the week before) or `monthly` (the month before). For filtered news "
            "use `/pi subscribe alerts [filters]`.",
        )
    understood: tuple[Understood, ...] = ()
    if filters:
        read = saved_search([k for k in kinds if k in FILTERED][-1], filters, services.gazetteer)
        if not read.ok:
            problems = list(read.problems)
            if read.not_understood:
                problems.append(FILTER_WORDS_HELP)
            return Subscribed(
                errors={
                    "filters": Problem(
                        "I could not use those filters",
                        " ".join(problems) + " Nothing was changed.",
                    )
                },
                understood=read.filters.describe(),
                not_understood=read.not_understood,
            )
        understood = read.filters.describe()
    client = services.client_of(ctx)
    blocked = services.cannot_post_reason(ctx.channel_id, client, ctx.team_id)
    if blocked:
        return _refused("channel", "I can't post in this channel yet", blocked)
    now = services.now()
    zone = services.zone_name(ctx.channel_id)
    lines = []
    for kind in kinds:
        sub, outcome = services.repo.subscribe(
            ctx.channel_id,
            kind,
            filters=filters if kind in FILTERED else "",
            user_id=ctx.user_id,
            now=now,
            cadence=cadence,
            team_id=services.workspace(ctx),
            enterprise_id=ctx.enterprise_id,
        )
        described = describe(sub, services.settings, zone, services.gazetteer)
        lines.append(outcome_line(outcome, described))
    return Subscribed(lines=tuple(lines), understood=understood)


def subscribe_command(services: Services, text: str, rest: Sequence[str], ctx: Origin) -> Answer:
    """``/pi subscribe TARGET [filters | cadence]``."""
    if not rest or rest[0].lower() not in TARGETS:
        return error(text, "Subscribe to what?", USAGE)
    target = rest[0].lower()
    kinds = SUBSCRIBE_ALL if target == "all" else TARGETS[target]
    words = clean_text(" ".join(rest[1:]))
    cadence: Cadence = "monthly"
    if kinds == ("digest",) and words.lower() in CADENCES:
        cadence = "weekly" if words.lower() == "weekly" else "monthly"
        words = ""
    done = subscribe(services, ctx, kinds, filters=words, cadence=cadence)
    for problem in done.errors.values():
        return Answer(
            kind=AnswerKind.ERROR,
            query=text,
            headline=problem.headline,
            message=problem.message,
            understood=done.understood,
            not_understood=done.not_understood,
        )
    return Answer(
        kind=AnswerKind.NOTICE,
        query=text,
        headline="Subscription saved",
        message="\n".join(done.lines),
        understood=done.understood,
    )
