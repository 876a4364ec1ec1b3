"""The limits every PostgreSQL session of the bot runs under: how long connecting may take,
and the server-side statement, lock and idle-transaction timeouts, added to whatever
``options`` the ``DATABASE_URL`` already carries."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import URL

PG_CONNECT_TIMEOUT_S = 10
"""How long a PostgreSQL connection attempt may take when the caller names no limit."""
PG_SESSION_TIMEOUTS = {
    "statement_timeout": "120s",
    "lock_timeout": "5s",
    "idle_in_transaction_session_timeout": "60s",
}
"""Every PostgreSQL session's limits: a statement (reading a store of 100,000 developments
at start is the longest), a wait for a lock, a transaction left idle. The server enforces
these; a server that does not answer at all is never waited for on a request thread (see
``knowledge.PostgresBackend``)."""


def postgres_connect_args(url: URL, connect_timeout_s: int | None) -> dict[str, Any]:
    """Connect timeout and session limits, added to any ``options`` the URL carries."""
    if url.get_backend_name() != "postgresql":
        return {"connect_timeout": connect_timeout_s} if connect_timeout_s else {}
    limits = " ".join(f"-c {name}={value}" for name, value in PG_SESSION_TIMEOUTS.items())
    given = url.query.get("options")
    given_text = " ".join(given) if isinstance(given, tuple) else (given or "")
    return {
        "connect_timeout": connect_timeout_s or PG_CONNECT_TIMEOUT_S,
        "options": f"{given_text} {limits}".strip(),
    }
