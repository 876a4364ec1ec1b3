"""Fixtures: the Slack app served over HTTP against the fake Slack Web API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.slack_harness import SlackHarness, serving


@pytest.fixture
def bot() -> Iterator[SlackHarness]:
    """The app acknowledging first and answering afterwards, as in production."""
    with serving() as harness:
        yield harness


@pytest.fixture
def sync_bot() -> Iterator[SlackHarness]:
    """The app handling each request fully before responding (Bolt's
    process_before_response), so a test knows nothing more will happen after a response."""
    with serving(process_before_response=True) as harness:
        yield harness
