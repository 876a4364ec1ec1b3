"""Watched sources: when one is due, what a poll does to its record, and the one-time
"down" and "recovered" notices."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.knowledge.sources_command import SourcesUsageError, parse_sources_command
from bot.core.knowledge.watch import (
    FAILURES_BEFORE_REPORT,
    WatchedSource,
    after_failure,
    after_success,
    due_sources,
    is_due,
)

T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def source(**fields: object) -> WatchedSource:
    data: dict[str, object] = {
        "url": "https://example.org/feed.xml",
        "cadence": "daily",
        "name": "Example",
        "added_by": "U1",
        "added_at": T0,
    }
    data.update(fields)
    return WatchedSource(**data)  # type: ignore[arg-type]


def test_a_new_source_is_due_and_then_waits_for_its_cadence() -> None:
    assert is_due(source(), T0)
    polled = source(last_polled_at=T0)
    assert not is_due(polled, T0 + dt.timedelta(hours=23))
    assert is_due(polled, T0 + dt.timedelta(days=1))
    hourly = source(cadence="hourly", last_polled_at=T0)
    assert is_due(hourly, T0 + dt.timedelta(hours=1))
    weekly = source(cadence="weekly", last_polled_at=T0)
    assert not is_due(weekly, T0 + dt.timedelta(days=6))


def test_due_sources_come_longest_waiting_first() -> None:
    old = source(url="https://a.example/", last_polled_at=T0 - dt.timedelta(days=3))
    new = source(url="https://b.example/")
    recent = source(url="https://c.example/", last_polled_at=T0)
    assert [s.url for s in due_sources([recent, old, new], T0)] == [
        "https://b.example/",
        "https://a.example/",
    ]


def test_failures_are_reported_once_at_the_third_then_recovery_once() -> None:
    record = source()
    notices = []
    for attempt in range(FAILURES_BEFORE_REPORT + 2):
        record, notice = after_failure(record, T0 + dt.timedelta(hours=attempt), "HTTP 503")
        notices.append(notice)
    assert [n is not None for n in notices] == [False, False, True, False, False]
    down = notices[2]
    assert down is not None and down.kind == "down"
    assert "failed 3 times in a row" in down.text and "HTTP 503" in down.text
    assert record.failures == FAILURES_BEFORE_REPORT + 2 and record.reported_down

    record, notice = after_success(record, T0, added=2, etag='"v2"', last_modified=None)
    assert notice is not None and notice.kind == "recovered"
    assert record.failures == 0 and not record.reported_down and record.last_error is None
    assert record.items_added == 2 and record.etag == '"v2"'
    record, notice = after_success(record, T0, added=0, etag=None, last_modified=None)
    assert notice is None
    assert record.etag == '"v2"', "a 304 without an ETag keeps the one we had"


def test_two_failures_then_a_success_tell_nobody() -> None:
    record = source()
    for _ in range(2):
        record, notice = after_failure(record, T0, "timeout")
        assert notice is None
    record, notice = after_success(record, T0, added=0, etag=None, last_modified=None)
    assert notice is None and record.failures == 0


@pytest.mark.parametrize(
    ("text", "action", "url", "cadence", "name", "number"),
    [
        ("", "list", None, "daily", "", None),
        ("list", "list", None, "daily", "", None),
        ("add https://x.example/feed", "add", "https://x.example/feed", "daily", "", None),
        (
            "add <https://x.example/feed|x.example/feed> weekly Data Law Weekly",
            "add",
            "https://x.example/feed",
            "weekly",
            "Data Law Weekly",
            None,
        ),
        ("add https://x.example/ HOURLY", "add", "https://x.example/", "hourly", "", None),
        ("remove 2", "remove", None, "daily", "", 2),
        ("rm https://x.example/feed", "remove", "https://x.example/feed", "daily", "", None),
    ],
)
def test_sources_commands_are_read(
    text: str, action: str, url: str | None, cadence: str, name: str, number: int | None
) -> None:
    command = parse_sources_command(text)
    assert (command.action, command.url, command.cadence, command.name, command.number) == (
        action,
        url,
        cadence,
        name,
        number,
    )


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("add", "needs the address"),
        ("add ftp://x.example/feed", "http:// or https://"),
        ("add example.org", "http:// or https://"),
        ("remove", "one address or number"),
        ("remove 0", "numbered from 1"),
        ("remove feed", "an address or a number"),
        ("frobnicate", "I don't know `sources frobnicate`"),
        ("list everything", "takes nothing more"),
        ("add https://x.example/ daily " + "n" * 81, "80 characters"),
    ],
)
def test_malformed_sources_commands_say_what_to_type(text: str, said: str) -> None:
    with pytest.raises(SourcesUsageError, match=None) as caught:
        parse_sources_command(text)
    assert said in str(caught.value)
