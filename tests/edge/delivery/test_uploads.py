"""Files through the delivery ledger, end to end against the fake Web API's external upload
flow (files.getUploadURLExternal, the upload URL, files.completeUploadExternal): the monthly
digest's chart, an upload whose answer was lost (not shared twice), and ``/pi export``."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from openpyxl import load_workbook
from slack_sdk import WebClient

from bot.core.answers.answer import AnswerKind
from bot.core.answers.router import Context
from bot.core.knowledge.model import Category
from bot.edge.delivery.clock import Clock
from bot.edge.delivery.deliverer import Deliverer, make_clients
from bot.edge.delivery.schedule import Schedule
from bot.edge.delivery.subscriptions import SubscriptionCommands
from bot.edge.state import StateRepository
from bot.settings import Settings
from tests.support.fake_slack import BOT_TOKEN, FakeSlack
from tests.support.state import dev, store_of

UTC = dt.UTC
JUNE_1 = dt.datetime(2024, 6, 1, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai: May's digest is due
STORE = store_of(
    *(
        dev(f"may-{i}", dt.date(2024, 5, 1 + i), category=list(Category)[i % 4], fine=10_000 * i)
        for i in range(1, 9)
    )
)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.add_channel("C1")
        fake.add_channel("C2")
        yield fake


def chart_clock(repo: StateRepository, slack: FakeSlack) -> Clock:
    poster, reader = make_clients(BOT_TOKEN, slack.api_url, server_retries=1)
    sender = Deliverer(repo, poster, reader, pace_seconds=0.0, retry_delays=(0.01, 0.01))
    return Clock(
        repo=repo, store=lambda: STORE, deliverer=sender, schedule=Schedule(digest_chart=True)
    )


def test_the_monthly_digest_carries_its_chart_once_with_alt_text(
    repo: StateRepository, slack: FakeSlack
) -> None:
    for channel in ("C1", "C2"):
        repo.subscribe(channel, "digest", filters="", user_id="U1", now=JUNE_1 - dt.timedelta(9))
    clock = chart_clock(repo, slack)
    report = clock.run_due(JUNE_1)
    assert sorted(report.sent) == [("C1", "digest", "2024-05"), ("C2", "digest", "2024-05")]
    for channel in ("C1", "C2"):
        [chart] = slack.shared_files(channel)
        assert chart["data"][:8] == b"\x89PNG\r\n\x1a\n" and len(chart["data"]) > 10_000
        assert chart["name"].startswith("pi-digest-2024-05--p")
        assert "per category" in chart["alt_txt"] and "Fines by region" in chart["alt_txt"]
        last = slack.messages_in(channel)[-1]
        assert last["files"][0]["id"] == chart["id"]  # after the digest's text
    assert clock.run_due(JUNE_1 + dt.timedelta(hours=1)).sent == []
    assert len(slack.calls_to("files.completeUploadExternal")) == 2


def test_an_upload_whose_answer_was_lost_is_not_shared_twice(
    repo: StateRepository, slack: FakeSlack
) -> None:
    repo.subscribe("C1", "digest", filters="", user_id="U1", now=JUNE_1 - dt.timedelta(days=9))
    slack.fail("files.completeUploadExternal", status=500, times=1, acted=True)
    report = chart_clock(repo, slack).run_due(JUNE_1)
    assert report.sent == [("C1", "digest", "2024-05")]
    assert len(slack.shared_files("C1")) == 1
    assert len(slack.calls_to("files.completeUploadExternal")) == 1  # found in history


def test_a_failed_upload_is_retried_on_a_later_run_and_shared_once(
    repo: StateRepository, slack: FakeSlack
) -> None:
    repo.subscribe("C1", "digest", filters="", user_id="U1", now=JUNE_1 - dt.timedelta(days=9))
    slack.fail("files.completeUploadExternal", status=500, times=3)  # not acted on
    clock = chart_clock(repo, slack)
    first = clock.run_due(JUNE_1)
    assert first.sent == [] and first.failed
    assert slack.shared_files("C1") == []
    texts_before = len(slack.messages_in("C1"))
    again = clock.run_due(JUNE_1 + dt.timedelta(minutes=5))
    assert again.sent == [("C1", "digest", "2024-05")]
    assert len(slack.shared_files("C1")) == 1
    assert len(slack.messages_in("C1")) == texts_before + 1  # the text parts were not re-sent


def test_pi_export_uploads_an_xlsx_to_the_conversation(
    repo: StateRepository, slack: FakeSlack
) -> None:
    client = WebClient(token=BOT_TOKEN, base_url=slack.api_url)
    pi = SubscriptionCommands(
        repo, Settings(), client=client, now=lambda: JUNE_1, store=lambda: STORE
    )
    ctx = Context(channel_id="C1", user_id="U1", team_id="T0TEST", surface="slash")
    answer = pi.handle("export enforcement xlsx", ctx)
    assert answer.kind == AnswerKind.NOTICE, answer.message
    [file] = slack.shared_files("C1")
    assert file["name"].startswith("pi-developments-2024-06-01--p0-")
    book = load_workbook(io.BytesIO(file["data"]))
    enforcement = [d for d in STORE.developments if d.category == Category.ENFORCEMENT]
    assert book["Developments"].max_row - 1 == len(enforcement)
    assert book["Penalties"].max_row - 1 == sum(len(d.penalties) for d in enforcement)
    # a double click within the minute is the same ledger entry: nothing more is shared
    assert pi.handle("export enforcement xlsx", ctx).kind == AnswerKind.NOTICE
    assert len(slack.shared_files("C1")) == 1
    refused = pi.handle("export zzyzx csv", ctx)
    assert refused.kind == AnswerKind.ERROR and refused.not_understood == ("zzyzx",)
