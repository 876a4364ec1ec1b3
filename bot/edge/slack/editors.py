"""Who is an editor: ``PI_EDITORS`` lists Slack user ids (``U...``/``W...``) and/or user
groups (``S...``); a group's members are asked of Slack (``usergroups.users.list``) and
kept for ``GROUP_TTL_SECONDS``. When Slack cannot be asked, the last known members stay.

``for_team`` is the whole rule where the workspace is known: ``PI_EDITORS`` plus the
editors the workspace stored (``/pi editors add``), and only in ``PI_EDITORS_TEAM`` when it
is set (a user id sent from another workspace is nobody's editor)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

GROUP_TTL_SECONDS = 300.0


def parse_editors(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(user ids, user group ids) from a comma- or space-separated list."""
    parts = [p.strip() for p in text.replace(",", " ").split() if p.strip()]
    groups = frozenset(p for p in parts if p.startswith("S"))
    return frozenset(parts) - groups, groups


class Editors:
    def __init__(self, users: Iterable[str], groups: Iterable[str], client: WebClient | None):
        self.users = frozenset(users)
        self.groups = frozenset(groups)
        self.client = client
        self.client_source: Callable[[], WebClient | None] | None = None
        """Where to get a client when ``client`` is None (OAuth: the operator's workspace)."""
        self._lock = threading.Lock()
        self._members: frozenset[str] = frozenset()
        self._fetched_at = float("-inf")
        self.home_team: str | None = None
        """``PI_EDITORS_TEAM``: editors act only there when set."""
        self.stored: Callable[[str], Iterable[str]] | None = None
        """The editors a workspace stored (``/pi editors add``), by team id."""

    @classmethod
    def from_setting(cls, text: str, client: WebClient | None) -> Editors:
        users, groups = parse_editors(text)
        return cls(users, groups, client)

    def __call__(self, user_id: str) -> bool:
        return self.is_editor(user_id)

    def for_team(self, user_id: str, team_id: str | None) -> bool:
        if not user_id or (self.home_team and team_id != self.home_team):
            return False
        if self.is_editor(user_id):
            return True
        if self.stored is None or not team_id:
            return False
        try:
            return user_id in frozenset(self.stored(team_id))
        except Exception as exc:  # the state database is down: only PI_EDITORS count
            log.warning("cannot read the workspace's stored editors: %s", type(exc).__name__)
            return False

    def is_editor(self, user_id: str) -> bool:
        if user_id in self.users:
            return True
        return bool(self.groups) and user_id in self._group_members()

    def _group_members(self) -> frozenset[str]:
        with self._lock:
            if time.monotonic() - self._fetched_at < GROUP_TTL_SECONDS:
                return self._members
            client = self.client
            if client is None and self.client_source is not None:
                client = self.client_source()
            if client is None:
                return self._members
            members: set[str] = set()
            try:
                for group in sorted(self.groups):
                    response = client.usergroups_users_list(usergroup=group)
                    members.update(response.get("users") or [])
            except (SlackApiError, OSError) as exc:
                log.warning("cannot list the editors' user group: %s", type(exc).__name__)
                return self._members
            self._members = frozenset(members)
            self._fetched_at = time.monotonic()
            return self._members
