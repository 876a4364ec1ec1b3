"""One dispatch for every surface: the slash command, direct messages, mentions, the App
Home buttons and the local console all ask the ``Router``, so they all give the same answers.

Subscription commands (``subscribe``, ``unsubscribe``, ``subscriptions`` and their short
forms) go to the ``SubscriptionHandler`` when one is set; everything else, and those too
when none is set, goes to the answer engine. No Slack imports.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal, Protocol

from bot.core.answers.answer import Answer, apology
from bot.core.answers.engine import answer
from bot.core.knowledge.store import LiveStore, Store

log = logging.getLogger(__name__)

Surface = Literal["slash", "dm", "mention", "console", "home"]

SUBSCRIPTION_VERBS = frozenset(
    {"subscribe", "unsubscribe", "subscriptions", "sub", "unsub", "subs", "admins", "editors"}
)
DEFAULT_PAGE_SIZE = 5

_LEADING_COMMAND = re.compile(r"^\s*/pi\b", re.IGNORECASE)


@dataclass(frozen=True)
class Context:
    """Where a request comes from. ``channel_id`` is the conversation the answer goes to
    (a DM's ``D...`` id for direct messages; ``"console"`` in the console)."""

    channel_id: str
    user_id: str
    team_id: str | None
    surface: Surface
    enterprise_id: str | None = None  # the Enterprise Grid org of the workspace, if any


class SubscriptionHandler(Protocol):
    def handle(self, text: str, ctx: Context) -> Answer: ...


def first_word(text: str) -> str:
    body = _LEADING_COMMAND.sub("", text, count=1).strip()
    return body.split(maxsplit=1)[0].lower() if body else ""


class Router:
    def __init__(
        self,
        live_store: LiveStore,
        subscriptions: SubscriptionHandler | None = None,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        today: Callable[[], date] | None = None,
    ) -> None:
        self.live_store = live_store
        self.subscriptions = subscriptions
        self.page_size = page_size
        self.today = today

    @property
    def store(self) -> Store:
        """The current snapshot of the knowledge store."""
        return self.live_store.current()

    def handle(self, text: str, ctx: Context, *, offset: int = 0) -> Answer:
        """The answer to ``text``; never raises."""
        try:
            if self.subscriptions is not None and first_word(text) in SUBSCRIPTION_VERBS:
                return self.subscriptions.handle(text, ctx)
            today = self.today() if self.today is not None else None
            return answer(text, self.store, offset=offset, page_size=self.page_size, today=today)
        except Exception as exc:
            log.error(
                "answering a %s request failed: %s", ctx.surface, type(exc).__name__, exc_info=True
            )
            return apology(text)
