"""Fixtures: a fresh state database on SQLite and, when PI_TEST_POSTGRES_URL is given, on
PostgreSQL (a fresh schema per test)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.edge.state import StateRepository, connect
from tests.support.state import POSTGRES_ENV, postgres_schema_url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'state' / 'pi-bot.sqlite3'}"
        return
    if not os.environ.get(POSTGRES_ENV):
        pytest.skip(f"{POSTGRES_ENV} is not set (.ci/run sets it)")
    yield from postgres_schema_url()


@pytest.fixture
def repo(db_url: str) -> Iterator[StateRepository]:
    engine = connect(db_url)
    yield StateRepository(engine)
    engine.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'state' / 'pi-bot.sqlite3'}"
