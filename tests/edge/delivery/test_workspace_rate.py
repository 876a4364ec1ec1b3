"""The workspace-wide rate: posting to many channels stays under Slack's workspace limit
instead of bursting into ``429`` and waiting out ``Retry-After``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.edge.delivery.deliverer import Deliverer, Outgoing, make_clients
from bot.edge.state import StateRepository, connect
from bot.settings import Settings
from tests.support.fake_slack import BOT_TOKEN, FakeSlack

CHANNELS = [f"C{i}" for i in range(12)]


@pytest.fixture
def repo(sqlite_url: str) -> Iterator[StateRepository]:
    engine = connect(sqlite_url)
    yield StateRepository(engine)
    engine.dispose()


def alerts() -> list[Outgoing]:
    return [Outgoing(c, "alerts", "dev-1", ({"text": f"alert for {c}"},)) for c in CHANNELS]


def run(repo: StateRepository, rate: float | None) -> list[int]:
    with FakeSlack(workspace_per_second=8) as slack:
        for channel in CHANNELS:
            slack.add_channel(channel)
        poster, reader = make_clients(BOT_TOKEN, slack.api_url)
        sender = Deliverer(repo, poster, reader, pace_seconds=0.0, workspace_per_second=rate)
        report = sender.deliver(alerts())
        assert len(report.sent) == len(CHANNELS)
        return [c.status for c in slack.calls_to("chat.postMessage")]


def test_a_workspace_rate_keeps_every_post_under_the_limit(repo: StateRepository) -> None:
    assert run(repo, rate=8) == [200] * len(CHANNELS)


def test_without_it_a_burst_is_refused_with_429(repo: StateRepository) -> None:
    statuses = run(repo, rate=None)
    assert 429 in statuses
    assert statuses.count(200) == len(CHANNELS)


def test_the_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().delivery_workspace_per_second is None
    monkeypatch.setenv("DELIVERY_WORKSPACE_PER_SECOND", "50")
    assert Settings().delivery_workspace_per_second == 50.0
    monkeypatch.setenv("DELIVERY_WORKSPACE_PER_SECOND", "0")
    with pytest.raises(ValueError):
        Settings()
