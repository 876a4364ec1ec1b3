"""The workspace calendar feed's secret: looked up by the web process for
``GET /calendar.ics?token=...`` on the state database (``DATABASE_URL``), opened when first
needed and tried again after a failure. Tokens are never logged."""

from __future__ import annotations

import logging
import threading

from sqlalchemy.exc import SQLAlchemyError

from bot.edge.state.db import StateError, connect, describe
from bot.edge.state.repository import StateRepository
from bot.settings import Settings

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 5
BUSY_TIMEOUT_MS = 5_000


class CalendarTokens:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._repo: StateRepository | None = None
        self._lock = threading.Lock()

    def _open(self) -> StateRepository:
        with self._lock:
            if self._repo is None:
                engine = connect(
                    self._settings.database_url.get_secret_value(),
                    busy_timeout_ms=BUSY_TIMEOUT_MS,
                    connect_timeout_s=CONNECT_TIMEOUT_S,
                )
                self._repo = StateRepository(engine)
            return self._repo

    def team_for(self, token: str) -> str | None:
        """The workspace whose feed ``token`` opens; None for an unknown token. Raises
        ``StateError`` when the state database cannot be read."""
        if not token or len(token) > 64:
            return None
        try:
            repo = self._open()
            team = repo.calendar_team(token)
        except SQLAlchemyError as exc:
            raise StateError(f"cannot read calendar tokens: {describe(exc)}") from exc
        return team
