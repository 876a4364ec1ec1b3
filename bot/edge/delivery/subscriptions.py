"""``/pi subscribe``, ``/pi unsubscribe``, ``/pi subscriptions`` and ``/pi tz``: the
router's ``SubscriptionHandler``.

    subscribe digest [weekly | monthly]          (monthly by default)
    subscribe alerts [filters | all]             (no filters: new enforcement developments)
    subscribe reminders [filters | all]          (no filters: every dated development)
    subscribe all [filters]                      (the digest and alerts)
    unsubscribe [digest | alerts | reminders | all]   (no argument: all)
    subscriptions [all]                          (this channel's, or every channel's)
    tz [Area/City | default]                     (the channel's time zone for schedules)
    calendar [new]                               (the workspace's iCalendar feed address)
    export [filters] [csv | xlsx]                (a file of developments, uploaded here)
    admins | editors [add | remove @user]        (this workspace's, ``bot.edge.delivery.roles``)

Filters are a saved search (``bot.core.notify.saved_search``): the query filters (categories,
statuses, regions, authorities, sectors, ``fines over 500k``...); anything the parser cannot
use as a filter is refused with what was not understood. Who may change subscriptions: the
workspace's admins (``/pi admins``, ``bot.edge.delivery.roles``), by default ``PI_ADMINS``
(empty: anyone). At subscribe time the bot checks it can post in the channel
(``conversations.info``) and says how to fix it if not.

Every subscription belongs to the workspace it was made in (the request's ``team_id``): a
command only ever sees and changes its own workspace's. With OAuth distribution the Slack
calls use that workspace's token (``client_for``).

Replies are ``bot.core.answers.answer.Answer`` (``NOTICE`` or ``ERROR``); user text travels only in
``query`` and ``not_understood``, which the renderers escape.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.core.answers.answer import Answer, AnswerKind, Understood
from bot.core.answers.command import split_command
from bot.core.answers.query.vocabulary import clean_text
from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.store import Store
from bot.core.notify.alerts import parse_alert_filters
from bot.core.notify.cadence import zone_or_none
from bot.core.notify.exports import select_for_export, split_format
from bot.core.notify.records import CADENCES, KINDS, Cadence, Kind, Subscription
from bot.core.notify.reminders import parse_reminder_filters
from bot.core.notify.saved_search import SavedSearch
from bot.core.utc import utcnow
from bot.edge.delivery.roles import ROLE_OF, RoleCommands, WorkspaceRoles
from bot.edge.state.db import StateError
from bot.edge.state.repository import StateRepository
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.core.answers.router import SubscriptionHandler

log = logging.getLogger(__name__)

USAGE = (
    "`/pi subscribe digest [weekly|monthly]`, `/pi subscribe alerts [filters|all]` (no "
    "filters: new enforcement; e.g. `/pi subscribe alerts CAC drafts`), `/pi subscribe "
    "reminders [filters]` (dates coming up), `/pi subscribe all`, `/pi unsubscribe "
    "[digest|alerts|reminders|all]`, `/pi subscriptions [all]`, `/pi tz Europe/Berlin`."
)
CONSOLE = (
    "Run `/pi subscribe ...` in the Slack channel (or direct message with the bot) that should "
    "receive the digest, alerts or reminders. Here, `subscriptions` lists every channel's "
    "subscriptions."
)
KIND_LABELS: dict[Kind, str] = {
    "digest": "the digest",
    "alerts": "alerts",
    "reminders": "deadline reminders",
    "updates": "thread updates",
}
TARGETS: dict[str, tuple[Kind, ...]] = {
    "digest": ("digest",),
    "digests": ("digest",),
    "alerts": ("alerts",),
    "alert": ("alerts",),
    "reminders": ("reminders",),
    "reminder": ("reminders",),
    "all": KINDS,
    "both": ("digest", "alerts"),
}
SUBSCRIBE_ALL: tuple[Kind, ...] = ("digest", "alerts")
"""``/pi subscribe all``: the digest and alerts, as it always meant (reminders are asked for)."""
FILTERED: frozenset[Kind] = frozenset({"alerts", "reminders"})


class Where(Protocol):
    """Where a command came from (``bot.core.answers.router.Context`` fits)."""

    @property
    def channel_id(self) -> str: ...

    @property
    def user_id(self) -> str: ...

    @property
    def surface(self) -> str: ...

    @property
    def team_id(self) -> str | None: ...

    @property
    def enterprise_id(self) -> str | None: ...


def _channel_ref(channel_id: str) -> str:
    return f"a direct message ({channel_id})" if channel_id.startswith("D") else f"<#{channel_id}>"


class SubscriptionCommands:
    """Implements the router's ``SubscriptionHandler``: ``handle(text, ctx) -> Answer``."""

    def __init__(
        self,
        repo: StateRepository,
        settings: Settings,
        *,
        client: WebClient | None = None,
        gazetteer: Gazetteer | None = None,
        now: Callable[[], dt.datetime] = utcnow,
        store: Callable[[], Store] | None = None,
        client_for: Callable[[str | None, str | None], WebClient | None] | None = None,
    ) -> None:
        self.repo = repo
        self.settings = settings
        self.client = client
        self.client_for = client_for
        self.gazetteer = gazetteer
        self.now = now
        self.store = store
        self.roles = WorkspaceRoles(repo, settings)
        self._bot_names: dict[str | None, str] = {}

    def _workspace(self, ctx: Where) -> str:
        """Whose subscriptions a command sees and changes: the request's workspace with
        OAuth distribution; with one bot token, that token's workspace (``SLACK_TEAM_ID``,
        set from ``auth.test`` at start), the only one served."""
        if self.settings.oauth:
            return ctx.team_id or ""
        return self.settings.slack_team_id or ""

    def _client(self, ctx: Where) -> WebClient | None:
        """The Web API client of the workspace the command came from."""
        if self.client_for is not None:
            return self.client_for(ctx.team_id, ctx.enterprise_id)
        return self.client

    # --- entry point ---------------------------------------------------------------------

    def handle(self, text: str, ctx: Where) -> Answer:
        verb, rest_text = split_command(text)
        rest = rest_text.split()
        try:
            if verb in ("subscribe", "sub"):
                return self._subscribe(text, rest, ctx)
            if verb in ("unsubscribe", "unsub"):
                return self._unsubscribe(text, rest, ctx)
            if verb in ("subscriptions", "subs"):
                return self._list(text, rest, ctx)
            if verb in ("tz", "timezone"):
                return self._timezone(text, rest, ctx)
            if verb == "calendar":
                return self._calendar(text, rest, ctx)
            if verb == "export":
                return self._export(text, rest, ctx)
            if verb in ROLE_OF:
                commands = RoleCommands(self.roles, now=self.now)
                return commands.handle(text, verb, rest, ctx, self._client(ctx))
        except (StateError, SQLAlchemyError) as exc:
            log.error("subscription command failed on the state database: %s", type(exc).__name__)
            return self._error(
                text,
                "Subscriptions are unavailable right now",
                "I could not reach the subscription database, so nothing was changed. "
                "Please try again in a minute.",
            )
        return self._error(text, "Not a subscription command", USAGE)

    # --- subscribe -----------------------------------------------------------------------

    def _search(self, kind: Kind, filters: str) -> SavedSearch:
        if kind == "reminders":
            return parse_reminder_filters(filters, self.gazetteer)
        return parse_alert_filters(filters, self.gazetteer)

    def _subscribe(self, text: str, rest: Sequence[str], ctx: Where) -> Answer:
        if not rest or rest[0].lower() not in TARGETS:
            return self._error(text, "Subscribe to what?", USAGE)
        if ctx.surface == "console":
            return self._error(text, "Subscriptions are for Slack conversations", CONSOLE)
        refused = self._refuse_unless_allowed(text, ctx)
        if refused:
            return refused
        target = rest[0].lower()
        kinds = SUBSCRIBE_ALL if target == "all" else TARGETS[target]
        filter_text = clean_text(" ".join(rest[1:]))
        cadence: Cadence = "monthly"
        understood: tuple[Understood, ...] = ()
        if kinds == ("digest",) and filter_text.lower() in CADENCES:
            cadence = "weekly" if filter_text.lower() == "weekly" else "monthly"
            filter_text = ""
        if filter_text and not FILTERED & set(kinds):
            return self._error(
                text,
                "The digest takes no filters",
                "The digest covers everything of its period: `/pi subscribe digest weekly` "
                "(Mondays, the week before) or `monthly` (the month before). For filtered news "
                "use `/pi subscribe alerts [filters]`.",
            )
        if filter_text:
            read = self._search(kinds[-1], filter_text)
            if not read.ok:
                problems = list(read.problems)
                if read.not_understood:
                    problems.append(
                        "Some words are not filters I know (listed below); subscriptions can "
                        "be filtered by category (laws, drafts, enforcement, courts), region, "
                        "authority, law, sector, topic, company, and amount, e.g. "
                        "`CAC drafts` or `fines over 500k in henan`."
                    )
                return Answer(
                    kind=AnswerKind.ERROR,
                    query=text,
                    headline="I could not use those filters",
                    message=" ".join(problems) + " Nothing was changed.",
                    understood=read.filters.describe(),
                    not_understood=read.not_understood,
                )
            understood = read.filters.describe()
        blocked = self._cannot_post_reason(ctx.channel_id, self._client(ctx), ctx.team_id)
        if blocked:
            return self._error(text, "I can't post in this channel yet", blocked)
        now = self.now()
        lines = []
        for kind in kinds:
            sub, outcome = self.repo.subscribe(
                ctx.channel_id,
                kind,
                filters=filter_text if kind in FILTERED else "",
                user_id=ctx.user_id,
                now=now,
                cadence=cadence,
                team_id=self._workspace(ctx),
                enterprise_id=ctx.enterprise_id,
            )
            lines.append(self._outcome_line(sub, outcome))
        return Answer(
            kind=AnswerKind.NOTICE,
            query=text,
            headline="Subscription saved",
            message="\n".join(lines),
            understood=understood,
        )

    def _zone_name(self, channel_id: str) -> str:
        return self.repo.timezones().get(channel_id) or self.settings.digest_timezone

    def _outcome_line(self, sub: Subscription, outcome: str) -> str:
        what = {
            "created": "Subscribed this channel to",
            "updated": "Updated this channel's",
            "resumed": "Resumed this channel's",
            "unchanged": "This channel already gets",
        }[outcome]
        return f"{what} {self._describe(sub)}"

    def _describe(self, sub: Subscription) -> str:
        """What a subscription sends, in plain words."""
        s = self.settings
        zone = self._zone_name(sub.channel_id)
        if sub.kind == "digest" and sub.cadence == "weekly":
            return (
                f"the weekly digest: every Monday at {s.digest_hour:02d}:00 ({zone}), "
                "covering the seven days before."
            )
        if sub.kind == "digest":
            return (
                f"the monthly digest: on day {s.digest_day} of each month at "
                f"{s.digest_hour:02d}:00 ({zone}), covering the month before."
            )
        search = self._search(sub.kind, sub.filters)
        if sub.kind == "reminders":
            return (
                f"deadline reminders for {search.describe('developments')}: one message 30 "
                "and 7 days before a law takes effect and 7 days before a draft's comment "
                f"period closes, at {s.digest_hour:02d}:00 ({zone})."
            )
        return (
            f"alerts on {search.describe()}: one message per development, within about "
            f"{s.alert_poll_minutes} minutes of it arriving (developments already known are "
            "not sent again). When one changes later (adopted, in force, corrected, more "
            "sources), the change is posted once in the thread of its alert."
        )

    # --- time zone ------------------------------------------------------------------------

    def _timezone(self, text: str, rest: Sequence[str], ctx: Where) -> Answer:
        if not rest:
            return Answer(
                kind=AnswerKind.NOTICE,
                query=text,
                headline="This channel's time zone",
                message=f"Schedules here run in {self._zone_name(ctx.channel_id)}. Change it "
                "with `/pi tz Europe/Berlin` (any IANA zone name), or `/pi tz default`.",
            )
        if ctx.surface == "console":
            return self._error(text, "Time zones are for Slack conversations", CONSOLE)
        if len(rest) > 1:
            return self._error(
                text, "Which time zone?", "Use one zone name, e.g. `/pi tz Asia/Tokyo`."
            )
        refused = self._refuse_unless_allowed(text, ctx)
        if refused:
            return refused
        name = rest[0]
        if name.lower() == "default":
            self.repo.set_timezone(ctx.channel_id, None, user_id=ctx.user_id, now=self.now())
            zone_name = self.settings.digest_timezone
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
            self.repo.set_timezone(ctx.channel_id, zone_name, user_id=ctx.user_id, now=self.now())
        return Answer(
            kind=AnswerKind.NOTICE,
            query=text,
            headline="Time zone saved",
            message=f"Digests and reminders here now follow {zone_name}.",
        )

    # --- the calendar feed and exports ---------------------------------------------------------

    def _calendar(self, text: str, rest: Sequence[str], ctx: Where) -> Answer:
        if ctx.surface == "console":
            return self._error(
                text,
                "The calendar feed is for Slack workspaces",
                "Here, run `python -m bot calendar > pi.ics` and import the file.",
            )
        if rest and [w.lower() for w in rest] != ["new"]:
            return self._error(text, "Which calendar?", "Use `/pi calendar` or `/pi calendar new`.")
        rotate = bool(rest)
        if rotate:
            refused = self._refuse_unless_allowed(text, ctx)
            if refused:
                return refused
        team = ctx.team_id or self.settings.slack_team_id or "default"
        token = self.repo.calendar_token(
            team,
            new_token=secrets.token_urlsafe(24),
            user_id=ctx.user_id,
            now=self.now(),
            rotate=rotate,
        )
        base = self.settings.public_url or "https://YOUR-HOST/"
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

    def _export(self, text: str, rest: Sequence[str], ctx: Where) -> Answer:
        client = self._client(ctx)
        if ctx.surface == "console" or client is None or self.store is None:
            return self._error(
                text,
                "Exports are uploaded to Slack conversations",
                "Here, run `python -m bot export-table [filters] --format csv|xlsx`.",
            )
        filters, fmt = split_format(list(rest))
        selection = select_for_export(self.store(), clean_text(filters), self.gazetteer)
        if not selection.ok:
            return Answer(
                kind=AnswerKind.ERROR,
                query=text,
                headline="I could not use those filters",
                message=" ".join(selection.problems)
                + " Exports take the query filters, e.g. `/pi export fines 2022 xlsx`.",
                understood=selection.understood,
                not_understood=selection.not_understood,
            )
        if not selection.developments:
            return Answer(
                kind=AnswerKind.NOTICE,
                query=text,
                headline="Nothing to export",
                message="No reviewed development matches those filters.",
                understood=selection.understood,
            )
        blocked = self._cannot_post_reason(ctx.channel_id, client, ctx.team_id)
        if blocked:
            return self._error(text, "I can't upload in this channel yet", blocked)
        from bot.edge.delivery.deliverer import Deliverer, DeliveryStopped, Outgoing
        from bot.edge.render.table import export_bytes

        now = self.now()
        data = export_bytes(selection.developments, fmt)
        name = f"pi-developments-{now:%Y-%m-%d}.{fmt}"
        count = len(selection.developments)
        digest = hashlib.sha256(f"{filters.lower()}|{fmt}".encode()).hexdigest()[:10]
        item = Outgoing(
            ctx.channel_id,
            "exports",
            f"{ctx.user_id}:{digest}:{now:%Y%m%dT%H%M}",  # a repeated request within a minute
            (
                {
                    "text": f"Export for <@{ctx.user_id}>: {count} development(s)",
                    "upload": {
                        "filename": name,
                        "title": f"Developments ({count})",
                        "content_b64": base64.b64encode(data).decode("ascii"),
                    },
                },
            ),
        )
        try:
            report = Deliverer(
                self.repo,
                client,
                pace_seconds=0.0,
                retry_delays=(1.0, 2.0),
                team_id=self._workspace(ctx),
            )
            outcome = report.deliver([item])
        except DeliveryStopped:
            outcome = None
        if outcome is None or outcome.failed:
            return self._error(
                text,
                "The export could not be uploaded",
                "Slack did not take the file; nothing was posted. Please try again in a minute "
                "(the app needs the files:write permission).",
            )
        return Answer(
            kind=AnswerKind.NOTICE,
            query=text,
            headline="Export uploaded",
            message=f"{count} development(s) as {name}"
            + (", with a second sheet of penalties." if fmt == "xlsx" else "."),
            understood=selection.understood,
        )

    # --- unsubscribe ---------------------------------------------------------------------

    def _unsubscribe(self, text: str, rest: Sequence[str], ctx: Where) -> Answer:
        target = rest[0].lower() if rest else "all"
        if target not in TARGETS or len(rest) > 1:
            return self._error(text, "Unsubscribe from what?", USAGE)
        if ctx.surface == "console":
            return self._error(text, "Subscriptions are for Slack conversations", CONSOLE)
        refused = self._refuse_unless_allowed(text, ctx)
        if refused:
            return refused
        removed = self.repo.unsubscribe(
            ctx.channel_id, TARGETS[target], team_id=self._workspace(ctx)
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

    # --- listing -------------------------------------------------------------------------

    def _list(self, text: str, rest: Sequence[str], ctx: Where) -> Answer:
        every = bool(rest) and rest[0].lower() == "all"
        if rest and not every:
            return self._error(text, "Which subscriptions?", USAGE)
        every = every or ctx.surface == "console"  # the console has no channel of its own
        if every and ctx.surface != "console":
            refused = self._refuse_unless_allowed(text, ctx)
            if refused:
                return refused
        # the console is the operator's: it sees every workspace; Slack, its own only
        team = None if ctx.surface == "console" else self._workspace(ctx)
        if every:
            subs = self.repo.subscriptions(team_id=team)
        else:
            subs = self.repo.subscriptions(team_id=team, channel_id=ctx.channel_id)
        if not subs:
            where = "No channel has any subscriptions" if every else "This channel has none yet"
            return Answer(
                kind=AnswerKind.NOTICE,
                query=text,
                headline="No subscriptions",
                message=f"{where}. {USAGE}",
            )
        paused = sum(1 for s in subs if s.paused)
        bot = self.bot_name_for(self._client(ctx), ctx.team_id) if paused else "pi"
        console = ctx.surface == "console"  # the operator's: every workspace's, named
        lines = [
            self._listing_line(sub, with_channel=every, bot=bot, with_workspace=console)
            for sub in subs
        ]
        headline = "Subscriptions in every channel" if every else "Subscriptions in this channel"
        if paused:
            headline += f" ({paused} paused)"
        return Answer(
            kind=AnswerKind.NOTICE, query=text, headline=headline, message="\n".join(lines)
        )

    def _listing_line(
        self, sub: Subscription, *, with_channel: bool, bot: str, with_workspace: bool = False
    ) -> str:
        where = f"{_channel_ref(sub.channel_id)}: " if with_channel else ""
        if with_workspace and sub.team_id:
            where = f"workspace {sub.team_id}, {where}"
        what = self._describe(sub).removeprefix("the ").rstrip(".")
        what = what[0].upper() + what[1:]
        line = f"• {where}{what} (since {sub.created_at:%Y-%m-%d}, by <@{sub.created_by}>)"
        if sub.paused and sub.paused_at is not None:
            line += (
                f"\n    PAUSED since {sub.paused_at:%Y-%m-%d %H:%M} UTC: "
                f"{sub.pause_reason or 'delivery failed'}. To resume, fix that (for example "
                f"`/invite @{bot}`), then run `/pi subscribe {sub.kind}` here again."
            )
        return line

    # --- checks ----------------------------------------------------------------------------

    def _refuse_unless_allowed(self, text: str, ctx: Where) -> Answer | None:
        admins = self.roles.admins(ctx.team_id)
        if not admins or ctx.user_id in admins:
            return None
        names = ", ".join(f"<@{a}>" for a in sorted(admins))
        return self._error(
            text,
            "Only subscription admins can do that",
            f"Subscriptions are managed by {names}. Please ask one of them.",
        )

    def bot_name_for(self, client: WebClient | None, team_id: str | None) -> str:
        """The bot's user name in a workspace (``auth.test``), "pi" if Slack does not say."""
        if team_id not in self._bot_names:
            name = "pi"
            if client is not None:
                try:
                    name = str(client.auth_test().get("user") or "pi")
                except (SlackApiError, OSError) as exc:
                    log.warning("auth.test failed, calling the bot @pi: %s", exc)
            self._bot_names[team_id] = name
        return self._bot_names[team_id]

    def _cannot_post_reason(
        self, channel_id: str, client: WebClient | None, team_id: str | None
    ) -> str | None:
        """Why the bot could not post in ``channel_id``, with the fix; None if it can (or
        when there is no Slack client, as in the local console)."""
        if client is None:
            return None
        invite = f"`/invite @{self.bot_name_for(client, team_id)}`"
        try:
            info = client.conversations_info(channel=channel_id)
        except SlackApiError as exc:
            code = str(exc.response.get("error") or "")
            if code == "channel_not_found":
                return (
                    "I can't see this channel: it is private and I'm not in it, or it no "
                    f"longer exists. Invite me with {invite}, then subscribe again."
                )
            if code == "missing_scope":
                return (
                    "I'm missing a permission to check this channel. Ask a workspace admin "
                    "to add the channels:read, groups:read and im:read scopes and reinstall "
                    "the app."
                )
            log.warning("conversations.info failed for %s: %s", channel_id, code)
            return None  # Slack hiccup: subscribe; delivery pauses the channel if needed
        except OSError as exc:
            log.warning("conversations.info unreachable for %s: %s", channel_id, exc)
            return None
        channel = info.get("channel") or {}
        if channel.get("is_im"):
            return None
        if channel.get("is_archived"):
            return (
                "This channel is archived, so nothing can be posted here. Unarchive it, or "
                "subscribe from another channel."
            )
        if channel.get("is_member") is False:
            return (
                "I'm not a member of this channel, so I couldn't post the digest or alerts "
                f"here. Invite me with {invite}, then run this command again."
            )
        return None

    @staticmethod
    def _error(text: str, headline: str, message: str) -> Answer:
        return Answer(kind=AnswerKind.ERROR, query=text, headline=headline, message=message)


if TYPE_CHECKING:

    def _is_a_subscription_handler(commands: SubscriptionCommands) -> SubscriptionHandler:
        return commands  # mypy checks that the router accepts this handler
