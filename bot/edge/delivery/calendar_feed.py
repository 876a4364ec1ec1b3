"""The workspace calendar feed's secret: looked up by the web process for
``GET /calendar.ics?token=...`` on the process's state database, opened when first
needed and tried again after a failure. Tokens are never logged."""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from bot.edge.state.database import StateDatabase
from bot.edge.state.db import StateError, describe

log = logging.getLogger(__name__)


class CalendarTokens:
    def __init__(self, state: StateDatabase) -> None:
        self._state = state

    def team_for(self, token: str) -> str | None:
        """The workspace whose feed ``token`` opens; None for an unknown token. Raises
        ``StateError`` when the state database cannot be read."""
        if not token or len(token) > 64:
            return None
        try:
            team = self._state.repository().calendar_team(token)
        except SQLAlchemyError as exc:
            raise StateError(f"cannot read calendar tokens: {describe(exc)}") from exc
        return team
