"""The state database: engine, tables and schema versioning.

SQLite (the default, a file under ``state/``) runs in WAL mode with a busy timeout, and every
transaction starts with ``BEGIN IMMEDIATE`` so two processes never deadlock upgrading a read
lock to a write lock; PostgreSQL needs nothing special. All times are stored as UTC.

The schema is created on start. ``schema_version`` holds one row; ``MIGRATIONS[n]`` brings
version n-1 up to n: a change adds an entry there and bumps ``SCHEMA_VERSION``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    inspect,
    select,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, SQLAlchemyError

from bot.edge.state.pg_limits import postgres_connect_args
from bot.edge.state.utc import UTCDateTime

SCHEMA_VERSION = 7
SQLITE_BUSY_TIMEOUT_MS = 30_000
BUSY_TIMEOUT_OPTION = "pi_sqlite_busy_timeout_ms"  # an execution option: this use's lock wait


class StateError(Exception):
    """The state database cannot be used; the message says which and why (never a password)."""


metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("applied_at", UTCDateTime, nullable=False),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # the workspace the subscription belongs to ("" for rows made before version 5)
    Column("team_id", String(32), nullable=False, default="", server_default=""),
    Column("enterprise_id", String(32), nullable=True),  # Enterprise Grid org, if any
    Column("channel_id", String(32), nullable=False),
    Column("kind", String(16), nullable=False),  # "digest" | "alerts" | "reminders"
    Column("filters", Text, nullable=False, default=""),
    Column("created_by", String(32), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("paused_at", UTCDateTime, nullable=True),
    Column("pause_reason", String(200), nullable=True),
    Column("cadence", String(16), nullable=False, server_default="monthly"),  # digests
    UniqueConstraint("team_id", "channel_id", "kind", name="uq_subscriptions_team_channel_kind"),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("channel_id", String(32), nullable=False),
    Column("kind", String(16), nullable=False),  # "digest" | "alerts" | "reminders" | "updates"
    Column("key", String(160), nullable=False),  # digest period, development id, ...
    Column("status", String(16), nullable=False),  # "sending" | "sent" | "failed"
    Column("parts_total", Integer, nullable=False),
    Column("parts_sent", Integer, nullable=False, default=0),
    Column("payload", Text, nullable=False),  # the messages, frozen when first claimed
    Column("owner", String(200), nullable=False),  # host:pid:run of the claiming run
    Column("first_claimed_at", UTCDateTime, nullable=False),
    Column("claimed_at", UTCDateTime, nullable=False),  # refreshed after every part
    Column("sent_at", UTCDateTime, nullable=True),
    Column("slack_ts", String(32), nullable=True),  # ts of the first part
    Column("attempts", Integer, nullable=False, default=1),
    Column("last_error", String(300), nullable=True),
    Column("facts", Text, nullable=True),  # alerts/updates: the development's facts as sent
    UniqueConstraint("channel_id", "kind", "key", name="uq_deliveries_channel_kind_key"),
)

seen_developments = Table(
    "seen_developments",
    metadata,
    Column("development_id", String(160), primary_key=True),
    Column("first_seen_at", UTCDateTime, nullable=False),
)

clock_state = Table(
    "clock_state",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

handled_requests = Table(
    "handled_requests",
    metadata,
    Column("key", String(200), primary_key=True),  # "event:<event_id>" or "sig:<signature>"
    Column("seen_at", UTCDateTime, nullable=False),
)
"""Slack requests already handled by any web process: event ids (Slack's retries) and
request signatures (replays), so several workers or instances answer each once."""

conversations = Table(
    "conversations",
    metadata,
    Column("key", String(300), primary_key=True),  # team|channel|user|thread
    Column("request", Text, nullable=False),  # the last request, as resolved
    Column("base", Text, nullable=False, default=""),  # without a follow-up question
    Column("next_offset", Integer, nullable=True),
    Column("shown", Integer, nullable=True),  # where the page last seen starts (version 7)
    Column("updated_at", UTCDateTime, nullable=False, index=True),
)
"""The last request of each user in each conversation (DM, thread, console), so a
follow-up ("more", "how much?", "what about Zhejiang?") continues it on any worker."""

channel_settings = Table(
    "channel_settings",
    metadata,
    Column("channel_id", String(32), primary_key=True),
    Column("timezone", String(64), nullable=True),  # IANA name; None: the default setting
    Column("updated_by", String(32), nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)
"""Per-channel preferences (``/pi tz Europe/Berlin``)."""

calendar_tokens = Table(
    "calendar_tokens",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("token", String(64), nullable=False, unique=True),
    Column("created_by", String(32), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)
"""The secret of each workspace's calendar feed (``GET /calendar.ics?token=...``)."""


STATE_INDEXES = (
    Index("ix_subscriptions_channel_kind", subscriptions.c.channel_id, subscriptions.c.kind),
    Index("ix_subscriptions_kind_paused", subscriptions.c.kind, subscriptions.c.paused_at),
    Index("ix_subscriptions_enterprise", subscriptions.c.enterprise_id),
    Index("ix_deliveries_kind_status", deliveries.c.kind, deliveries.c.status),
    Index("ix_handled_requests_seen_at", handled_requests.c.seen_at),
)
"""What 10,000 channels and a year of deliveries need (version 6): a channel's subscriptions
without its workspace, the active ones of a kind, a workspace's under an Enterprise Grid,
deliveries of a kind by status, and expiring handled requests (conversations expire by
their own ``updated_at`` index)."""


def _add_indexes(conn: Connection) -> None:
    for index in STATE_INDEXES:
        index.create(conn, checkfirst=True)


def _add_column(conn: Connection, table: str, column: str, ddl: str) -> None:
    """``ALTER TABLE ... ADD COLUMN`` unless the column is there already."""
    if column not in {c["name"] for c in inspect(conn).get_columns(table)}:
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}")


def _to_version_4(conn: Connection) -> None:
    """Digest cadence and per-channel time zones; calendar feed tokens; the facts each alert
    told, for updates in its thread; alert filters that meant "enforcement only" keep meaning
    it (filters now select any category, so the old ones get the category spelled out)."""
    _add_column(conn, "subscriptions", "cadence", "VARCHAR(16) NOT NULL DEFAULT 'monthly'")
    _add_column(conn, "deliveries", "facts", "TEXT")
    channel_settings.create(conn, checkfirst=True)
    calendar_tokens.create(conn, checkfirst=True)
    conn.execute(
        subscriptions.update()
        .where(subscriptions.c.kind == "alerts", subscriptions.c.filters != "")
        .values(filters="enforcement " + subscriptions.c.filters)
    )


workspace_roles = Table(
    "workspace_roles",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("role", String(16), primary_key=True),  # "admin" | "editor"
    Column("user_id", String(32), primary_key=True),
    Column("added_by", String(32), nullable=False),
    Column("added_at", UTCDateTime, nullable=False),
)
"""Who manages subscriptions (admins) and reviews (editors) in each workspace, set with
``/pi admins add @user``; a workspace without any uses the environment's lists."""

_SUBSCRIPTION_COLUMNS = (
    "id, channel_id, kind, filters, created_by, created_at, paused_at, pause_reason, cadence"
)
"""The columns of ``subscriptions`` at version 4, copied when SQLite rebuilds the table."""


def _subscriptions_per_workspace(conn: Connection) -> None:
    """Version 5: subscriptions belong to a workspace (``team_id``, ``enterprise_id``), one
    per (workspace, channel, kind); per-workspace admins and editors."""
    if conn.dialect.name == "postgresql":
        _add_column(conn, "subscriptions", "team_id", "VARCHAR(32) NOT NULL DEFAULT ''")
        _add_column(conn, "subscriptions", "enterprise_id", "VARCHAR(32)")
        conn.exec_driver_sql(
            "ALTER TABLE subscriptions DROP CONSTRAINT IF EXISTS uq_subscriptions_channel_kind"
        )
        conn.exec_driver_sql(
            "ALTER TABLE subscriptions DROP CONSTRAINT IF EXISTS uq_subscriptions_team_channel_kind"
        )
        conn.exec_driver_sql(
            "ALTER TABLE subscriptions ADD CONSTRAINT uq_subscriptions_team_channel_kind "
            "UNIQUE (team_id, channel_id, kind)"
        )
    else:  # SQLite cannot change a constraint: the table is rebuilt
        conn.exec_driver_sql("ALTER TABLE subscriptions RENAME TO subscriptions_v2")
        for index in subscriptions.indexes:  # renamed with it; the new table makes them
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index.name}")
        subscriptions.create(conn)
        conn.exec_driver_sql(
            f"INSERT INTO subscriptions ({_SUBSCRIPTION_COLUMNS}, team_id) "
            f"SELECT {_SUBSCRIPTION_COLUMNS}, '' FROM subscriptions_v2"
        )
        conn.exec_driver_sql("DROP TABLE subscriptions_v2")
    workspace_roles.create(conn, checkfirst=True)


Migration = Callable[[Connection], None]
MIGRATIONS: dict[int, Migration] = {
    2: lambda conn: handled_requests.create(conn, checkfirst=True),
    3: lambda conn: conversations.create(conn, checkfirst=True),
    4: _to_version_4,
    5: _subscriptions_per_workspace,
    6: _add_indexes,
    7: lambda conn: _add_column(conn, "conversations", "shown", "INTEGER"),
}
"""``MIGRATIONS[n]`` upgrades a database at version n-1 to version n."""


def _redacted(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparseable DATABASE_URL)"


def describe(exc: BaseException) -> str:
    """A one-line description of a database error, without SQL or parameters."""
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    first_line = (str(cause).strip().splitlines() or [""])[0][:200]
    return f"{type(cause).__name__}: {first_line}" if first_line else type(cause).__name__


def make_engine(
    url: str,
    *,
    busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS,
    connect_timeout_s: int | None = None,
) -> Engine:
    """An engine for ``url``; a SQLite file's folder is created, WAL and busy timeout set.

    ``busy_timeout_ms``: how long a SQLite statement waits for another connection's lock
    before failing; ``connect_timeout_s``: how long a PostgreSQL connection attempt may take
    (for callers that must answer quickly, such as the web workers)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StateError(
            "DATABASE_URL is not a database URL (e.g. sqlite:///state/pi-bot.sqlite3 or "
            "postgresql+psycopg://user@host/db)"
        ) from exc
    try:
        backend = parsed.get_backend_name()
        if backend != "sqlite":
            return create_engine(
                parsed,
                pool_pre_ping=True,
                future=True,
                connect_args=postgres_connect_args(parsed, connect_timeout_s),
            )
        engine = create_engine(
            parsed, connect_args={"timeout": busy_timeout_ms / 1000}, future=True
        )
    except (ImportError, ArgumentError) as exc:  # NoSuchModuleError is an ArgumentError
        raise StateError(
            f"DATABASE_URL {_redacted(url)} needs the database driver {parsed.drivername!r}, "
            f"which is not installed or not known ({type(exc).__name__}: "
            f"{(str(exc).splitlines() or [''])[0][:120]})"
        ) from exc
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        folder = Path(database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StateError(
                f"DATABASE_URL {_redacted(url)}: cannot create the folder {folder} for the "
                f"state database ({exc.strerror or type(exc).__name__})"
            ) from exc

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let the "begin" hook below start transactions
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin_immediate(conn: Connection) -> None:
        wait = conn.get_execution_options().get(BUSY_TIMEOUT_OPTION, busy_timeout_ms)
        conn.exec_driver_sql(f"PRAGMA busy_timeout={int(wait)}")
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def check_url(url: str) -> None:
    """Raise ``StateError`` if ``url`` cannot name a usable database here (malformed, no
    driver, a SQLite folder that cannot be created); reaching the server is not tried."""
    make_engine(url).dispose()


def init_schema(engine: Engine, *, now: dt.datetime | None = None) -> int:
    """Create missing tables, record or migrate the schema version; return the version."""
    stamp = now or dt.datetime.now(dt.UTC)
    try:
        for attempt in range(2):
            try:
                with engine.begin() as conn:
                    metadata.create_all(conn, checkfirst=True)
                break
            except DBAPIError:
                # another process created the same tables between our check and create
                if attempt:
                    raise
        for attempt in range(2):
            try:
                return _record_version(engine, stamp)
            except IntegrityError:
                # another process recorded the first version at the same moment
                if attempt:
                    raise
        raise AssertionError("unreachable")
    except SQLAlchemyError as exc:
        raise StateError(
            f"cannot prepare the state database {_redacted(str(engine.url))}: {describe(exc)}"
        ) from exc


def _record_version(engine: Engine, stamp: dt.datetime) -> int:
    with engine.begin() as conn:
        row = conn.execute(select(schema_version.c.version).where(schema_version.c.id == 1))
        current = row.scalar_one_or_none()
        if current is None:
            conn.execute(
                schema_version.insert().values(id=1, version=SCHEMA_VERSION, applied_at=stamp)
            )
            return SCHEMA_VERSION
        if current > SCHEMA_VERSION:
            raise StateError(
                f"the state database is at schema version {current}, newer than this "
                f"code ({SCHEMA_VERSION}); upgrade the bot before running it"
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[version](conn)
        if current < SCHEMA_VERSION:
            conn.execute(
                schema_version.update()
                .where(schema_version.c.id == 1)
                .values(version=SCHEMA_VERSION, applied_at=stamp)
            )
        return SCHEMA_VERSION


def connect(
    url: str,
    *,
    busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS,
    connect_timeout_s: int | None = None,
) -> Engine:
    """``make_engine`` then ``init_schema``: what every process does on start."""
    engine = make_engine(url, busy_timeout_ms=busy_timeout_ms, connect_timeout_s=connect_timeout_s)
    init_schema(engine)
    return engine
