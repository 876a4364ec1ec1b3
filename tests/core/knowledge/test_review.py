"""Review: only published developments are answered, digested or alerted; editors' actions
keep a history, refuse stale versions, and never delete (ids are never reused)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.core.answers.answer import AnswerKind
from bot.core.answers.router import Context, Router
from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.ingest import ingest
from bot.core.knowledge.intake import flags
from bot.core.knowledge.model import Confidence, KnowledgeFile, ReviewAction
from bot.core.knowledge.review import (
    Actor,
    Conflict,
    ReviewError,
    approve,
    edit,
    is_published,
    merge_into,
    withdraw,
)
from bot.core.knowledge.store import FileBackend, LiveStore, Store, read_knowledge
from bot.core.knowledge.validate import check_knowledge
from bot.core.notify.alerts import due_alerts, first_seen_times
from bot.core.notify.records import Subscription
from bot.core.periods.digest import build_digest
from tests.conftest import FIXTURE_FOOTNOTED
from tests.support.state import dev, write_store

NOW = dt.datetime(2024, 6, 10, 8, 0, tzinfo=dt.UTC)
ALICE = Actor("UALICE", NOW)
BOB = Actor("UBOB", NOW + dt.timedelta(minutes=1))

FINE = dev("henan-fine", dt.date(2024, 6, 5), regions=("Henan",), fine=800_000, reviewed=False)
OLD = dev("beijing-case", dt.date(2024, 6, 4), regions=("Beijing",), fine=100_000)


def knowledge() -> KnowledgeFile:
    return KnowledgeFile(developments=(FINE, OLD))


def ask(router: Router, text: str, user: str = "UREADER") -> AnswerKind:
    return router.handle(text, Context("C1", user, None, "slash")).kind


def test_unreviewed_developments_are_not_answered_until_approved(tmp_path: Path) -> None:
    path = write_store(tmp_path / "developments.json", FINE, OLD)
    router = Router(LiveStore(path), is_editor=lambda user: user == "UEDITOR")
    assert ask(router, f"show {FINE.id}") == AnswerKind.NO_MATCH
    assert [d.id for d in router.handle("fines", Context("C1", "U", None, "dm")).results] == [
        OLD.id
    ]
    # an editor asks for them explicitly
    pending = router.handle("unreviewed", Context("C1", "UEDITOR", None, "dm"))
    assert [d.id for d in pending.results] == [FINE.id]
    assert ask(router, f"show {FINE.id}", "UEDITOR") == AnswerKind.DETAIL
    assert ask(router, "unreviewed") != AnswerKind.RESULTS  # a reader: an ordinary search

    FileBackend(path).update(lambda current: approve(current, FINE.id, ALICE, expected_version=1))
    assert ask(router, f"show {FINE.id}") == AnswerKind.DETAIL
    assert router.store.revision == 1
    shown = router.handle(f"show {FINE.id}", Context("C1", "UEDITOR", None, "dm"))
    assert shown.message is not None and "approved by UALICE" in shown.message
    history = router.handle(f"history {FINE.id}", Context("C1", "UREADER", None, "dm"))
    assert history.message is not None and "v2 2024-06-10 08:00 UTC approved" in history.message
    refused = router.handle("ingest https://example.com/feed", Context("C1", "U", None, "slash"))
    assert refused.headline == "This is an editors' command."
    assert refused.message is not None and "Only editors can add newsletters" in refused.message
    # words that start a search are still searches
    assert ask(router, "history of henan fines") in (AnswerKind.RESULTS, AnswerKind.NO_MATCH)
    assert router.handle("history of henan", Context("C", "U", None, "dm")).headline != (
        "No development has that id."
    )


def test_the_digest_leaves_out_what_is_not_published() -> None:
    store = Store.from_knowledge(knowledge())
    digest = build_digest(store, "2024-06")
    assert [d.id for _, devs in digest.sections for d in devs] == [OLD.id]


def test_approval_is_what_makes_an_alert_due() -> None:
    subscribed = NOW - dt.timedelta(days=1)
    subs = [Subscription("CALL", "alerts", "", "U1", subscribed)]
    store = Store.from_knowledge(knowledge())
    seen = first_seen_times(store.developments, set(), NOW, first_poll=False)
    assert FINE.id not in seen  # unreviewed: not seen at all
    approved, _ = approve(knowledge(), FINE.id, ALICE, expected_version=1)
    later = NOW + dt.timedelta(minutes=5)
    store = Store.from_knowledge(approved)
    seen.update(first_seen_times(store.developments, set(seen), later, first_poll=False))
    assert seen[FINE.id] == ALICE.at  # the approval time
    due = due_alerts(store, subs, seen, set(), later, window_days=45)
    assert [d.development.id for d in due.due] == [OLD.id, FINE.id]
    withdrawn, _ = withdraw(approved, FINE.id, BOB, expected_version=2)
    due = due_alerts(Store.from_knowledge(withdrawn), subs, seen, set(), later, window_days=45)
    assert [d.development.id for d in due.due] == [OLD.id]


def test_an_edit_keeps_who_when_and_what_changed() -> None:
    approved, _ = approve(knowledge(), FINE.id, ALICE, expected_version=1)
    penalties = [{"amount": "5500000", "bearer": "Example Co."}]
    edited, done = edit(approved, FINE.id, {"penalties": penalties}, BOB, expected_version=2)
    assert done.version == 3 and done.penalties[0].amount == 5_500_000
    assert [r.action for r in done.history] == [ReviewAction.APPROVED, ReviewAction.EDITED]
    change = done.history[-1]
    assert change.by == "UBOB" and change.at == BOB.at
    assert [c.field for c in change.changes] == ["penalties"]
    assert "800000" in change.changes[0].before and "5500000" in change.changes[0].after


def test_a_bad_value_is_refused_by_the_model_with_its_field() -> None:
    with pytest.raises(ValidationError) as caught:
        edit(knowledge(), FINE.id, {"title": "x"}, ALICE, expected_version=1)
    assert caught.value.errors()[0]["loc"] == ("title",)


def test_the_second_editor_on_the_same_version_gets_the_current_values() -> None:
    first, _ = edit(knowledge(), FINE.id, {"title": "Henan firm fined"}, ALICE, expected_version=1)
    with pytest.raises(Conflict) as caught:
        edit(first, FINE.id, {"title": "Another title here"}, BOB, expected_version=1)
    assert caught.value.current.title == "Henan firm fined"
    assert caught.value.current.version == 2


def test_withdrawn_is_kept_and_never_answered_and_its_id_is_not_reused(tmp_path: Path) -> None:
    path = tmp_path / "developments.json"
    ingest([FIXTURE_FOOTNOTED], path, now=lambda: NOW, approve_by="cli:ops")
    store = read_knowledge(path)
    assert store.revision == 1 and all(is_published(d) for d in store.developments)
    victim = store.developments[0]
    FileBackend(path).update(
        lambda current: withdraw(current, victim.id, ALICE, expected_version=victim.version)
    )
    after = read_knowledge(path)
    kept = next(d for d in after.developments if d.id == victim.id)
    assert kept.withdrawn and kept.history[-1].action == ReviewAction.WITHDRAWN
    assert len(after.developments) == len(store.developments)
    assert Store.from_knowledge(after).published.get(victim.id) is None
    # re-ingesting the file adds nothing: the withdrawn record still holds its report
    outcome = ingest([FIXTURE_FOOTNOTED], path, now=lambda: NOW)
    assert not outcome.written
    with pytest.raises(ReviewError):
        approve(after, victim.id, ALICE, expected_version=None)


def test_ingest_adds_unreviewed_unless_approved(tmp_path: Path) -> None:
    path = tmp_path / "developments.json"
    ingest([FIXTURE_FOOTNOTED], path, now=lambda: NOW)
    assert not any(is_published(d) for d in read_knowledge(path).developments)


def test_merge_into_moves_the_report_and_withdraws_the_duplicate() -> None:
    merged, gone = merge_into(knowledge(), FINE.id, OLD.id, ALICE, expected_version=1)
    target = next(d for d in merged.developments if d.id == OLD.id)
    assert gone.withdrawn and gone.merged_into == OLD.id
    assert len(target.sources) == 2 and target.version == 2


def test_a_new_report_of_a_withdrawn_development_gets_a_new_id_for_review(
    tmp_path: Path,
) -> None:
    from tests.conftest import FIXTURE_NUMBERED
    from tests.core.knowledge.ingest.conftest import FIXTURE_MERGED_REFS

    path = tmp_path / "developments.json"
    ingest([FIXTURE_FOOTNOTED], path, now=lambda: NOW, approve_by="cli:ops")
    footnoted_ref = FIXTURE_MERGED_REFS[0][0]
    victim = next(d for d in read_knowledge(path).developments if d.sources[0].ref == footnoted_ref)
    FileBackend(path).update(
        lambda k: withdraw(k, victim.id, ALICE, expected_version=victim.version)
    )
    ingest([FIXTURE_NUMBERED], path, now=lambda: NOW)
    after = {d.id: d for d in read_knowledge(path).developments}
    assert len(after[victim.id].sources) == 1  # the withdrawn record is left as it was
    again = [d for d in after.values() if d.sources[0].ref == FIXTURE_MERGED_REFS[0][1]]
    assert len(again) == 1 and again[0].id != victim.id and not again[0].reviewed


def test_an_idle_process_notices_a_change_without_a_request(tmp_path: Path) -> None:
    import time

    path = write_store(tmp_path / "developments.json", FINE, OLD)
    live = LiveStore(path)
    live.refresh_every(0.05)
    FileBackend(path).update(lambda k: approve(k, FINE.id, ALICE, expected_version=1))
    deadline = time.monotonic() + 10
    while live.revision != 1:  # ``revision`` reads the snapshot served, reloading nothing
        assert time.monotonic() < deadline, "the change was never picked up"
        time.sleep(0.01)


def test_a_flagged_record_shows_its_flags_and_approving_clears_them_into_the_history() -> None:
    unsure = FINE.model_copy(update={"flags": ("amount 800000 CNY has no payer named",)})
    store = KnowledgeFile(developments=(unsure, OLD))
    gazetteer = default_gazetteer()
    assert "check: amount 800000 CNY has no payer named" in flags(unsure, store, gazetteer)

    approved, done = approve(store, unsure.id, ALICE, expected_version=1)
    assert done.reviewed and done.flags == ()
    [cleared] = done.history[-1].changes
    assert (cleared.field, cleared.before, cleared.after) == (
        "flags",
        "amount 800000 CNY has no payer named",
        "",
    )
    assert not any("payer" in f for f in flags(done, approved, gazetteer))
    problems = check_knowledge(approved, gazetteer)
    assert not any("still flagged" in p.message for p in problems)


def test_a_record_that_is_probably_not_a_development_is_flagged_for_approve_all() -> None:
    doubtful = FINE.model_copy(
        update={"confidence": Confidence(score=0.2, reasons=("no date in the item",))}
    )
    found = flags(doubtful, KnowledgeFile(developments=(doubtful, OLD)), default_gazetteer())
    assert any("probably not a development" in f for f in found)
