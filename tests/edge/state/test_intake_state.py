"""The intake's records in the state database (SQLite, and PostgreSQL when given)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.knowledge.publisher_memory import Remembered
from bot.core.knowledge.watch import WatchedSource, after_failure
from bot.edge.state import connect
from bot.edge.state.sources import IntakeRepository, SourceExists

AT = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def intake(db_url: str) -> IntakeRepository:
    return IntakeRepository(connect(db_url))


def new_source(url: str) -> WatchedSource:
    return WatchedSource(url=url, cadence="hourly", name="", added_by="U1", added_at=AT)


def test_sources_are_added_listed_saved_and_removed(intake: IntakeRepository) -> None:
    first = intake.add_source(new_source("https://a.example/feed"))
    intake.add_source(new_source("https://b.example/feed"))
    with pytest.raises(SourceExists):
        intake.add_source(new_source("https://a.example/feed"))
    failed, _ = after_failure(first, AT, "HTTP 500")
    intake.save_poll(failed)
    listed = intake.sources()
    assert [s.url for s in listed] == ["https://a.example/feed", "https://b.example/feed"]
    assert listed[0].failures == 1 and listed[0].last_error == "HTTP 500"
    assert listed[0].last_polled_at == AT
    assert listed[0].id is not None and intake.remove_source(listed[0].id)
    assert [s.url for s in intake.sources()] == ["https://b.example/feed"]


def test_the_publisher_memory_remembers_and_forgets(intake: IntakeRepository) -> None:
    entry = Remembered("lexwell", "in this issue", "heading", "IN THIS ISSUE")
    intake.remember(entry, by="U1", at=AT)
    intake.remember(entry, by="U2", at=AT)  # twice is once
    assert intake.memory() == [entry]
    assert intake.forget(entry)
    assert intake.memory() == []


def test_an_emailed_message_is_read_once(intake: IntakeRepository) -> None:
    assert intake.first_time_read(["msgid:<a@x>", "file:F1"], now=AT)
    assert not intake.first_time_read(["msgid:<a@x>", "file:F2"], now=AT)  # same message
    assert not intake.first_time_read(["file:F1"], now=AT)  # same Slack file
    assert intake.first_time_read(["file:F3"], now=AT)
