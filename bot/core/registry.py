"""Every command of the bot, once: its verbs (English and Chinese, with short forms), who may
use it, the group ``help`` lists it under, its help line and its usage.

The router, the answer engine, the subscription and editors' commands, the subscription
builder's words and ``help`` all read commands from here; the edge binds a handler to each
command by its ``name`` (the core names commands and never imports the edge). Anything whose
first word is no command's verb is a question for the answer engine.

Audiences: ``everyone``; ``admins`` (open to everyone where nothing changes, but what changes
a channel's subscriptions or the workspace's roles is for its subscription admins, marked so
in ``help``); ``editors`` (the review desk; anyone else is told it is an editors' command).
No imports beyond the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Audience = Literal["everyone", "admins", "editors"]
AUDIENCES: tuple[Audience, ...] = ("everyone", "admins", "editors")


@dataclass(frozen=True)
class CommandSpec:
    """One command: ``name`` is its canonical verb, ``verbs`` every first word that calls it.

    ``workspace``: the command reads or changes the workspace's own state (subscriptions,
    time zones, roles, the calendar address, uploads), so the edge answers it; the core's
    engine answers the rest from the knowledge store."""

    name: str
    verbs: tuple[str, ...]
    audience: Audience
    group: str
    help: str
    usage: str
    workspace: bool = False


ASKING = "Asking"
SUBSCRIPTIONS = "Subscriptions (in the Slack channel that should receive them)"
FILES = "Files, calendars and roles"
EDITORS = "Editors"
GROUPS: tuple[str, ...] = (ASKING, SUBSCRIPTIONS, FILES, EDITORS)
"""The order ``help`` lists the groups in."""

COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(
        "help", ("help", "帮助"), "everyone", ASKING, "how to ask, and every command", "help"
    ),
    CommandSpec(
        "latest",
        ("latest", "最新"),
        "everyone",
        ASKING,
        "the newest developments (with filters: the newest of those)",
        "latest [n] [filters]",
    ),
    CommandSpec(
        "fines",
        ("fines",),
        "everyone",
        ASKING,
        "every fine, largest first (compensation apart: ask for penalties)",
        "fines [filters]",
    ),
    CommandSpec(
        "show",
        ("show",),
        "everyone",
        ASKING,
        "one development in full (editors also see unpublished ones, with their history)",
        "show ID",
    ),
    CommandSpec(
        "history",
        ("history",),
        "everyone",
        ASKING,
        "the review history of a development",
        "history ID",
    ),
    CommandSpec(
        "digest",
        ("digest",),
        "everyone",
        ASKING,
        "a month's digest (default: last month)",
        "digest [YYYY-MM]",
    ),
    CommandSpec(
        "upcoming",
        ("upcoming", "deadlines"),
        "everyone",
        ASKING,
        "laws taking effect and comment periods closing in the next n days (default 90)",
        "upcoming [n days]",
    ),
    CommandSpec(
        "stats", ("stats", "统计"), "everyone", ASKING, "what the knowledge store holds", "stats"
    ),
    CommandSpec(
        "subscribe",
        ("subscribe", "sub", "订阅"),
        "admins",
        SUBSCRIPTIONS,
        "the digest (monthly by default, or weekly); alerts on any saved search, one message "
        "per new development (no filters: new enforcement), e.g. subscribe alerts CAC drafts "
        "or fines over 500k; reminders 30 and 7 days before dates coming up; all: the digest "
        "and alerts. Alone, in Slack: a form to build the subscription",
        "subscribe digest [weekly|monthly] | alerts [filters|all] | reminders [filters|all] | all",
        workspace=True,
    ),
    CommandSpec(
        "unsubscribe",
        ("unsubscribe", "unsub", "取消订阅"),
        "admins",
        SUBSCRIPTIONS,
        "stop the digest, alerts or reminders here (no argument: all)",
        "unsubscribe [digest|alerts|reminders|all]",
        workspace=True,
    ),
    CommandSpec(
        "subscriptions",
        ("subscriptions", "subs"),
        "everyone",
        SUBSCRIPTIONS,
        "this channel's subscriptions (all: every channel's, for subscription admins)",
        "subscriptions [all]",
        workspace=True,
    ),
    CommandSpec(
        "tz",
        ("tz", "timezone"),
        "admins",
        SUBSCRIPTIONS,
        "the time zone digests and reminders here follow (alone: show it)",
        "tz [Area/City|default]",
        workspace=True,
    ),
    CommandSpec(
        "calendar",
        ("calendar",),
        "everyone",
        FILES,
        "the workspace's calendar feed of deadlines (new: replace its address, admins only)",
        "calendar [new]",
        workspace=True,
    ),
    CommandSpec(
        "export",
        ("export",),
        "everyone",
        FILES,
        "a spreadsheet of the matching developments, uploaded here (xlsx adds penalties)",
        "export [filters] [csv|xlsx]",
        workspace=True,
    ),
    CommandSpec(
        "admins",
        ("admins",),
        "admins",
        FILES,
        "who manages subscriptions here (alone: list them)",
        "admins [add|remove @user]",
        workspace=True,
    ),
    CommandSpec(
        "editors",
        ("editors",),
        "admins",
        FILES,
        "who reviews developments (alone: list them)",
        "editors [add|remove @user]",
        workspace=True,
    ),
    CommandSpec(
        "unreviewed",
        ("unreviewed",),
        "editors",
        EDITORS,
        "developments waiting for review, newest first",
        "unreviewed [filters]",
    ),
    CommandSpec(
        "ingest",
        ("ingest",),
        "editors",
        EDITORS,
        "read a newsletter feed or page by its address (or share the file with me)",
        "ingest URL",
    ),
    CommandSpec(
        "review",
        ("review", "queue"),
        "editors",
        EDITORS,
        "the review queue: each newsletter with developments waiting, oldest first",
        "review",
        workspace=True,
    ),
    CommandSpec(
        "sources",
        ("sources",),
        "editors",
        EDITORS,
        "the feeds and pages the clock polls, and what each publisher brought in",
        "sources [add URL [hourly|daily|weekly] [NAME] | remove URL|N]",
        workspace=True,
    ),
)

_BY_VERB: dict[str, CommandSpec] = {verb: spec for spec in COMMANDS for verb in spec.verbs}
_BY_NAME: dict[str, CommandSpec] = {spec.name: spec for spec in COMMANDS}


def command_for(verb: str) -> CommandSpec | None:
    """The command ``verb`` (a first word, any case) calls; None for a question."""
    return _BY_VERB.get(verb.strip().lower())


def command_named(name: str) -> CommandSpec:
    """The command called ``name`` (its canonical verb); KeyError for none."""
    return _BY_NAME[name]


def verbs_of(*names: str) -> frozenset[str]:
    """Every verb of the commands ``names``."""
    return frozenset(verb for name in names for verb in command_named(name).verbs)


def commands_for(*, editor: bool) -> tuple[CommandSpec, ...]:
    """The commands an asker may use: everyone's and the admins' (marked in ``help``), and
    the editors' for an editor."""
    return tuple(spec for spec in COMMANDS if editor or spec.audience != "editors")
