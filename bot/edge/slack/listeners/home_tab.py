"""Publishing the App Home dashboard, and keeping it current.

Every user who opens the Home tab is remembered (the most recent ``REMEMBERED``, in this
process). A watcher thread, started with the first visit, checks the knowledge store
every ``HOME_REFRESH_SECONDS`` (default 60) and, when a new snapshot has been loaded (an
ingest), republishes the Home of every remembered visitor, so nobody sees a stale
dashboard. The Home is also published afresh on every visit and after a subscription is
saved or removed.

Each visitor's workspace is remembered with them (and the Web API client of that workspace,
for republishing): the dashboard shows only that workspace's subscriptions, and *Remove*
to that workspace's subscription admins."""

from __future__ import annotations

import logging
import threading
import weakref
from collections import OrderedDict
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.answers import Router
from bot.core.knowledge.review import is_pending
from bot.core.knowledge.store import Store
from bot.core.notify import Subscription
from bot.edge.delivery.roles import WorkspaceRoles
from bot.edge.render.blocks.home import HomeSubscriptions, home_view
from bot.settings import Settings

log = logging.getLogger(__name__)

REMEMBERED = 1000
CHANNEL_PAGES = 5
"""At most this many pages of 200 of a user's channels are read to find subscriptions."""


def repository_of(handler: object) -> Any | None:
    """The state repository behind the router's subscription handler, if it has one (the
    subscription commands keep it as ``repo``; the lazy wrapper opens it on demand)."""
    repo = getattr(handler, "repo", None)
    if repo is None and callable(getattr(handler, "repository", None)):
        repo = handler.repository()  # type: ignore[attr-defined]
    return repo


class HomeTab:
    def __init__(self, router: Router, settings: Settings) -> None:
        self.router = router
        self.settings = settings
        self._viewers: OrderedDict[str, str | None] = OrderedDict()
        self._workspaces: dict[str, tuple[str | None, WebClient]] = {}
        """Each remembered visitor's workspace (team id) and its Web API client."""
        self._lock = threading.Lock()
        self._client: WebClient | None = None
        self._seen: Store | None = None
        self._watcher: threading.Thread | None = None
        self._stop = threading.Event()

    # --- who looks -------------------------------------------------------------------------

    def opened(
        self,
        client: WebClient,
        user: str,
        dm_channel: str | None,
        team_id: str | None = None,
    ) -> None:
        """``user`` opened the Home tab (``dm_channel``: their conversation with the bot;
        ``team_id``: their workspace)."""
        with self._lock:
            self._viewers[user] = dm_channel or self._viewers.get(user)
            self._viewers.move_to_end(user)
            self._workspaces[user] = (team_id, client)
            while len(self._viewers) > REMEMBERED:
                gone, _dm = self._viewers.popitem(last=False)
                self._workspaces.pop(gone, None)
            self._client = client
            if self._watcher is None:
                self._seen = self.router.store
                self._watcher = threading.Thread(
                    target=_watch, args=(weakref.ref(self),), name="pi-home-refresh", daemon=True
                )
                self._watcher.start()
        self.publish(client, user)

    def stop(self) -> None:
        self._stop.set()

    # --- publishing ------------------------------------------------------------------------

    def publish(self, client: WebClient, user: str, *, notice: str | None = None) -> None:
        queue = self._queue_line(user)
        notice = "\n".join(line for line in (notice, queue) if line) or None
        view = home_view(
            self.router.store.published,  # only what ordinary users may see
            today=self.router.today() if self.router.today else None,
            subscriptions=self._subscriptions(client, user),
            notice=notice,
        )
        client.views_publish(user_id=user, view=view)

    def _queue_line(self, user: str) -> str | None:
        """For an editor: how many developments wait for review (the store's count, so an
        ingest republishes it)."""
        check = self.router.is_editor
        if check is None or not check(user):
            return None
        waiting = sum(1 for d in self.router.store.developments if is_pending(d))
        return f"*Review queue:* {waiting} development(s) waiting. `/pi review` lists them."

    def refresh_if_changed(self) -> int:
        """Republish every remembered Home if the store changed; how many were published."""
        store = self.router.store
        with self._lock:
            if store is self._seen or self._client is None:
                return 0
            self._seen = store
            users, client = list(self._viewers), self._client
        log.info("knowledge store changed: republishing %d App Home tab(s)", len(users))
        for user in users:
            with self._lock:
                own = self._workspaces.get(user)
            try:
                self.publish(own[1] if own else client, user)
            except Exception as exc:  # one failure must not stop the others
                log.warning("republishing the App Home failed: %s", type(exc).__name__)
        return len(users)

    # --- subscriptions of the user's channels -----------------------------------------------

    def _subscriptions(self, client: WebClient, user: str) -> HomeSubscriptions | None:
        handler = self.router.subscriptions
        if handler is None:
            return None
        with self._lock:
            team = (self._workspaces.get(user) or (None, client))[0]
        try:
            repo = repository_of(handler)
            if repo is None:
                return HomeSubscriptions(unavailable=True)
            admins = WorkspaceRoles(repo, self.settings).admins(team)
            can_remove = not admins or user in admins
            # one workspace (a bot token): every subscription is its own
            scope = team if self.settings.oauth else None
            every: list[Subscription] = list(repo.subscriptions(team_id=scope))
        except Exception as exc:
            log.warning("reading subscriptions for the App Home failed: %s", type(exc).__name__)
            return HomeSubscriptions(unavailable=True)
        if not every:
            return HomeSubscriptions(can_remove=can_remove)
        with self._lock:
            dm = self._viewers.get(user)
        mine = self._channels_of(client, user) | ({dm} if dm else set())
        return HomeSubscriptions(
            subscriptions=tuple(s for s in every if s.channel_id in mine),
            can_remove=can_remove,
        )

    def _channels_of(self, client: WebClient, user: str) -> set[str]:
        channels: set[str] = set()
        cursor: str | None = None
        for _ in range(CHANNEL_PAGES):
            try:
                page = client.users_conversations(
                    user=user,
                    types="public_channel,private_channel",
                    exclude_archived=True,
                    limit=200,
                    cursor=cursor,
                )
            except (SlackApiError, OSError) as exc:
                log.warning("users.conversations failed for the App Home: %s", exc)
                break
            channels.update(str(c.get("id")) for c in page.get("channels") or [])
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                break
        return channels


def _watch(ref: weakref.ref[HomeTab]) -> None:
    """The watcher holds its ``HomeTab`` weakly: it ends with ``stop()`` or with the app."""
    while True:
        home = ref()
        if home is None:
            return
        stop, interval = home._stop, home.settings.home_refresh_seconds
        del home
        if stop.wait(interval):
            return
        home = ref()
        if home is None:
            return
        try:
            home.refresh_if_changed()
        except Exception as exc:
            log.warning("checking the store for the App Home failed: %s", exc)
        del home
