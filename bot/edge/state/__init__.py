"""The bot's own state in a SQL database: subscriptions, the delivery ledger, the developments
already seen by the alert poll, and the clock's bookkeeping.

``DATABASE_URL`` picks the database (SQLAlchemy URL): a SQLite file by default, PostgreSQL
when several instances share the state. ``db`` builds the engine and the schema;
``repository`` is the one interface the rest of the bot uses.
"""

from bot.core.notify import Claim, Delivery, Kind, Subscription
from bot.edge.state import intake_tables  # noqa: F401 - its tables join ``db.metadata``
from bot.edge.state.db import SCHEMA_VERSION, StateError, connect, init_schema, make_engine
from bot.edge.state.repository import StateRepository

__all__ = [
    "SCHEMA_VERSION",
    "Claim",
    "Delivery",
    "Kind",
    "StateError",
    "StateRepository",
    "Subscription",
    "connect",
    "init_schema",
    "make_engine",
]
