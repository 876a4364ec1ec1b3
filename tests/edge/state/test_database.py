"""One state engine per process: opened on first use, tried again after a failure, and a
shorter SQLite lock wait for the uses that must answer quickly."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from bot.edge.state import StateError
from bot.edge.state.database import StateDatabase


def test_nothing_is_created_before_first_use_and_one_engine_serves_all(tmp_path):
    path = tmp_path / "state.db"
    state = StateDatabase(f"sqlite:///{path}")
    assert not path.exists()
    first = state.engine()
    assert path.exists()
    assert state.engine() is first
    assert state.repository().engine is first
    assert state.engine(busy_timeout_ms=100).pool is first.pool  # same engine, same pool


def test_an_unusable_database_is_tried_again_on_the_next_use(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database's folder should be")
    state = StateDatabase(f"sqlite:///{blocker / 'state.db'}")
    with pytest.raises(StateError):
        state.engine()
    blocker.unlink()
    assert state.repository().get_state("anything") is None


def test_each_use_waits_for_a_lock_as_long_as_it_asked_on_the_same_engine(tmp_path):
    state = StateDatabase(f"sqlite:///{tmp_path / 'state.db'}", busy_timeout_ms=5_000)

    def wait_ms(engine: Engine) -> int:
        with engine.begin() as conn:
            return int(conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one())

    assert wait_ms(state.engine(busy_timeout_ms=200)) == 200
    assert wait_ms(state.engine()) == 5_000  # a pooled connection does not keep the short wait
    assert wait_ms(state.engine(busy_timeout_ms=1_000)) == 1_000
