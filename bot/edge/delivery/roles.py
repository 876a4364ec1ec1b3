"""Who manages subscriptions (admins) and who reviews (editors), per workspace.

    admins | editors                              (list this workspace's)
    admins add @user [@user...]                    (a Slack workspace admin or owner, or
    admins remove @user [@user...]                  one of this workspace's admins)
    editors add | remove @user [@user...]          (the same people; only in the operator's
                                                    workspace when PI_EDITORS_TEAM is set)

A workspace that has set no admins uses ``PI_ADMINS`` (empty: anyone may manage its
subscriptions). Users are given as mentions (``<@U123>``, as Slack sends them in messages,
and in commands when the app escapes them) or as member ids (``U123``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Sequence
from typing import Literal, Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.answers import Answer, AnswerKind
from bot.core.utc import utcnow
from bot.edge.state.repository import StateRepository
from bot.settings import Settings

log = logging.getLogger(__name__)

Role = Literal["admin", "editor"]
ROLE_OF: dict[str, Role] = {"admins": "admin", "editors": "editor"}
LABEL: dict[Role, str] = {"admin": "subscription admins", "editor": "editors"}
USER_REF = re.compile(r"^(?:<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>|([UW][A-Z0-9]{2,}))$")
USAGE = (
    "`/pi admins` lists who manages subscriptions here; `/pi admins add @user` and "
    "`/pi admins remove @user` change it (workspace admins and current subscription admins "
    "only). `/pi editors ...` works the same for editors."
)


class Asker(Protocol):
    @property
    def user_id(self) -> str: ...

    @property
    def team_id(self) -> str | None: ...

    @property
    def surface(self) -> str: ...


class WorkspaceRoles:
    """Each workspace's admins and editors, with the environment's lists as defaults."""

    def __init__(self, repo: StateRepository, settings: Settings) -> None:
        self.repo = repo
        self.settings = settings

    def admins(self, team_id: str | None) -> frozenset[str]:
        own = self.repo.role_holders(team_id, "admin") if team_id else []
        return frozenset(own) or self.settings.admins

    def editors_allowed(self, team_id: str | None) -> bool:
        """Reviews stay in the operator's workspace (``PI_EDITORS_TEAM``) when it is set."""
        home = self.settings.pi_editors_team
        return not home or team_id == home

    def editors(self, team_id: str | None) -> frozenset[str]:
        if not team_id or not self.editors_allowed(team_id):
            return frozenset()
        return frozenset(self.repo.role_holders(team_id, "editor"))


def _names(users: Sequence[str] | frozenset[str]) -> str:
    return ", ".join(f"<@{u}>" for u in sorted(users))


class RoleCommands:
    def __init__(self, roles: WorkspaceRoles, *, now: Callable[[], dt.datetime] = utcnow) -> None:
        self.roles = roles
        self.now = now

    def handle(
        self, text: str, verb: str, rest: Sequence[str], ctx: Asker, client: WebClient | None
    ) -> Answer:
        role = ROLE_OF[verb]
        if ctx.surface == "console" or not ctx.team_id:
            return _error(text, "Admins and editors are set in Slack", USAGE)
        if role == "editor" and not self.roles.editors_allowed(ctx.team_id):
            return _error(
                text,
                "Editors work in the operator's workspace",
                "Reviews of the knowledge base happen in the workspace of the team running "
                "this bot, so editors cannot be set here.",
            )
        if not rest:
            return self._list(text, role, ctx.team_id)
        action = rest[0].lower()
        if action not in ("add", "remove") or len(rest) < 2:
            return _error(text, f"What should I do with {LABEL[role]}?", USAGE)
        users, unreadable = [], []
        for word in rest[1:]:
            found = USER_REF.match(word)
            if found:
                users.append(found.group(1) or found.group(2))
            else:
                unreadable.append(word)
        if unreadable:
            return Answer(
                kind=AnswerKind.ERROR,
                query=text,
                headline="I could not tell who that is",
                message="Mention people with @ in a message to me, or give their member ID "
                "(their profile, ⋮, Copy member ID). Nothing was changed.",
                not_understood=tuple(unreadable),
            )
        if not self._may_change(ctx, client):
            return _error(
                text,
                "Only workspace admins can do that",
                f"{LABEL[role].capitalize()} are set by the workspace's admins and owners "
                "and by its current subscription admins. Nothing was changed.",
            )
        team = ctx.team_id
        changed = []
        for user in users:
            if action == "add":
                done = self.roles.repo.add_role(
                    team, role, user, added_by=ctx.user_id, now=self.now()
                )
            else:
                done = self.roles.repo.remove_role(team, role, user)
            if done:
                changed.append(user)
        verb_done = "Added to" if action == "add" else "Removed from"
        summary = f"{verb_done} this workspace's {LABEL[role]}: {_names(changed)}."
        if not changed:
            summary = "Nothing changed: " + (
                "they already were." if action == "add" else "they were not."
            )
        return Answer(
            kind=AnswerKind.NOTICE,
            query=text,
            headline=f"{LABEL[role].capitalize()} updated" if changed else "No change",
            message=summary + " " + self._describe(role, team),
        )

    def _list(self, text: str, role: Role, team: str) -> Answer:
        return Answer(
            kind=AnswerKind.NOTICE,
            query=text,
            headline=f"{LABEL[role].capitalize()} in this workspace",
            message=self._describe(role, team),
        )

    def _describe(self, role: Role, team: str) -> str:
        own = self.roles.repo.role_holders(team, role)
        if own:
            return f"Now: {_names(own)}."
        if role == "editor":
            return "No editors are set in this workspace."
        defaults = self.roles.settings.admins
        if defaults:
            return f"None set here, so the bot's default admins apply: {_names(defaults)}."
        return "None set here, so anyone may manage this workspace's subscriptions."

    def _may_change(self, ctx: Asker, client: WebClient | None) -> bool:
        if ctx.user_id in self.roles.admins(ctx.team_id):
            return True
        if client is None:
            return False
        try:
            user = client.users_info(user=ctx.user_id).get("user") or {}
        except (SlackApiError, OSError) as exc:
            log.warning("users.info failed, so workspace admin rights are unknown: %s", exc)
            return False
        return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))


def _error(text: str, headline: str, message: str) -> Answer:
    return Answer(kind=AnswerKind.ERROR, query=text, headline=headline, message=message)
