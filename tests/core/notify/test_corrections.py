"""Corrections under alerts: due once per channel and correction made after the alert, and
worded from the corrected record."""

from __future__ import annotations

import datetime as dt

from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.review import Actor, approve, edit, withdraw
from bot.core.knowledge.store import Store
from bot.core.notify.corrections import Alerted, correction_text, due_corrections
from tests.support.state import dev

AT = dt.datetime(2024, 6, 10, 8, 0, tzinfo=dt.UTC)
CASE = dev("bank-fine", dt.date(2024, 6, 5), fine=5_000_000, reviewed=False)


def test_a_fine_corrected_after_the_alert_is_due_once_per_channel() -> None:
    knowledge, _ = approve(
        KnowledgeFile(developments=(CASE,)), CASE.id, Actor("UA", AT), expected_version=1
    )
    sent = AT + dt.timedelta(minutes=5)
    alerted = [Alerted("C1", CASE.id, sent, "1.1"), Alerted("C2", CASE.id, sent, "2.2")]
    assert due_corrections(Store.from_knowledge(knowledge), alerted, set()) == []
    fixed, done = edit(
        knowledge,
        CASE.id,
        {"penalties": [{"amount": "5500000", "bearer": "Example Co."}]},
        Actor("UB", sent + dt.timedelta(minutes=1)),
        expected_version=2,
    )
    due = due_corrections(Store.from_knowledge(fixed), alerted, {("C2", f"{CASE.id}@v3")})
    assert [(d.channel_id, d.thread_ts, d.key) for d in due] == [("C1", "1.1", f"{CASE.id}@v3")]
    assert correction_text(done, done.history[-1]) == (
        "Correction: the fine was CNY 5,500,000 (Example Co.)."
    )
    gone, withdrawn = withdraw(
        fixed, CASE.id, Actor("UB", sent + dt.timedelta(hours=1)), expected_version=3
    )
    assert correction_text(withdrawn, withdrawn.history[-1]).startswith(
        "Correction: this development has been withdrawn"
    )
    assert len(due_corrections(Store.from_knowledge(gone), alerted, set())) == 4
