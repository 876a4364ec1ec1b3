"""Acknowledgements never wait for answers: with more slow answers in flight than Bolt has
listener threads, every /pi is still acknowledged before any answer is sent."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from bot.core.answers.router import Router
from tests.support.slack_harness import serving

IN_FLIGHT = 16  # more than Bolt's 10 listener threads


def test_acks_are_not_held_by_answers_in_flight(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    release = threading.Event()
    real_handle = Router.handle

    def slow_handle(self: Router, *args: Any, **kwargs: Any) -> Any:
        release.wait(timeout=30)  # an answer that takes long (a large store, a slow Slack)
        return real_handle(self, *args, **kwargs)

    monkeypatch.setattr(Router, "handle", slow_handle)
    caplog.set_level(logging.WARNING, logger="bot.edge.slack.bolt")
    with serving() as bot:
        with ThreadPoolExecutor(max_workers=IN_FLIGHT) as clients:
            replies = list(
                clients.map(lambda i: bot.command("fines henan", hook=f"h{i}"), range(IN_FLIGHT))
            )
        try:
            assert [r.status for r in replies] == [200] * IN_FLIGHT
            assert all(r.body == "" for r in replies)
            assert bot.slack.calls_to("response_url") == [], "acked before any answer"
            # Bolt gives up waiting for an ack() it could not schedule after 3 seconds and
            # says so; with answers off its listener threads, that never happens.
            late = [r.getMessage() for r in caplog.records if "ack()" in r.getMessage()]
            assert late == []
        finally:
            release.set()
        answers = bot.slack.wait_for("response_url", IN_FLIGHT, timeout=60)
        assert len({c.params.get("text") for c in answers}) == 1
        assert len(answers) == IN_FLIGHT
