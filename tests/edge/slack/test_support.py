"""Small parts of the Slack edge: the record of handled events and log redaction."""

from __future__ import annotations

import logging
import threading

import pytest

from bot.edge.slack.handled import HandledEvents
from bot.edge.slack.redact import MASK, RedactSecrets


def test_handled_events_are_remembered_once_and_bounded() -> None:
    handled = HandledEvents(capacity=3)
    assert handled.first_time("Ev1") is True
    assert handled.first_time("Ev1") is False
    for n in range(2, 6):
        assert handled.first_time(f"Ev{n}")
    assert len(handled) == 3
    assert handled.first_time("Ev1") is True  # forgotten once out of the window


def test_handled_events_under_concurrency_answer_true_exactly_once() -> None:
    handled = HandledEvents()
    results: list[bool] = []
    lock = threading.Lock()

    def claim() -> None:
        outcome = handled.first_time("EvSAME")
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=claim) for _ in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(True) == 1


def test_tokens_and_secrets_are_masked_in_logs(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("tests.redact")
    redactor = RedactSecrets(["my-signing-secret-42"])
    handler = caplog.handler
    handler.addFilter(redactor)
    try:
        logger.error("calling with xoxb-1234-abcd and secret %s", "my-signing-secret-42")
        try:
            raise RuntimeError("token xapp-1-A1-99 rejected")
        except RuntimeError:
            logger.exception("failed")
    finally:
        handler.removeFilter(redactor)
    text = caplog.text
    assert "xoxb-1234-abcd" not in text and "my-signing-secret-42" not in text
    assert "xapp-1-A1-99" not in text
    assert text.count(MASK) >= 3
