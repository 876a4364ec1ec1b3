"""The language to answer a Slack user in, from their Slack locale (``users.info`` with
``include_locale``): Chinese for a ``zh-*`` locale, otherwise the language of the question.
Looked up once per user per hour; a failed look-up (no ``users:read`` scope, Slack down)
leaves the choice to the question."""

from __future__ import annotations

import threading
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.labels import Language

TTL_SECONDS = 3600.0
MAX_USERS = 10_000


class UserLanguages:
    def __init__(self, ttl: float = TTL_SECONDS, max_users: int = MAX_USERS) -> None:
        self.ttl = ttl
        self.max_users = max_users
        self._known: dict[str, tuple[float, Language | None]] = {}
        self._lock = threading.Lock()

    def language(self, client: WebClient, user_id: str) -> Language | None:
        if not user_id:
            return None
        now = time.monotonic()
        with self._lock:
            known = self._known.get(user_id)
            if known is not None and now - known[0] < self.ttl:
                return known[1]
        language = _look_up(client, user_id)
        with self._lock:
            self._known[user_id] = (now, language)
            while len(self._known) > self.max_users:
                self._known.pop(next(iter(self._known)))
        return language


def _look_up(client: WebClient, user_id: str) -> Language | None:
    try:
        user = client.users_info(user=user_id, include_locale=True).get("user") or {}
    except (SlackApiError, OSError):
        return None
    locale = str(user.get("locale") or "")
    return "zh" if locale.lower().startswith("zh") else None


USER_LANGUAGES = UserLanguages()
"""One cache for the process (every listener thread)."""
