"""``python -m bot review``: the editors' review from the terminal, recorded in each
development's history as an approval in Slack is; nothing published until approved."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.core.knowledge.ingest.ingest import ingest
from bot.core.knowledge.store import read_knowledge
from tests.conftest import FIXTURE_FOOTNOTED
from tests.core.knowledge.ingest.conftest import NOW


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "developments.json"
    ingest([FIXTURE_FOOTNOTED], path, now=lambda: NOW)
    return path


def pending(store: Path) -> list[str]:
    return sorted(d.id for d in read_knowledge(store).developments if not d.reviewed)


def answer(store: Path, text: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    main(["ask", "--store", str(store), text])
    return capsys.readouterr().out


def test_the_queue_lists_each_waiting_development_with_its_flags(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    waiting = pending(store)
    assert main(["review", "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert f"{len(waiting)} development(s) from 1 newsletter(s) wait for review." in out
    assert all(dev_id in out for dev_id in waiting)
    flagged = [d for d in read_knowledge(store).developments if d.flags]
    assert all(f"flag: {d.flags[0]}" in out for d in flagged)


def test_approving_publishes_and_records_who(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = next(d for d in read_knowledge(store).developments if "henan" in d.id and d.penalties)
    assert target.title not in answer(store, "fines henan", capsys)  # nothing unreviewed
    assert main(["review", "--store", str(store), "approve", target.id, "--by", "cli:ana"]) == 0
    assert f"approved {target.id} (version 2)" in capsys.readouterr().out
    done = {d.id: d for d in read_knowledge(store).developments}[target.id]
    assert done.reviewed and done.history[-1].by == "cli:ana"
    assert target.id not in pending(store)
    assert target.title in answer(store, "fines henan", capsys)

    assert main(["review", "--store", str(store), "approve", target.id]) == 0
    assert "not waiting for review; left as it is" in capsys.readouterr().out
    assert main(["review", "--store", str(store), "withdraw", target.id, "--reason", "dup"]) == 0
    assert f"withdrawn {target.id} (version 3)" in capsys.readouterr().out
    assert target.title not in answer(store, "fines henan", capsys)


def test_merging_a_duplicate_gives_its_sources_to_the_target(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = pending(store)[:2]
    assert main(["review", "--store", str(store), "merge", first, second]) == 0
    assert f"merged {first} into {second}" in capsys.readouterr().out
    devs = {d.id: d for d in read_knowledge(store).developments}
    assert devs[first].merged_into == second and devs[first].withdrawn
    assert {s.ref for s in devs[first].sources} <= {s.ref for s in devs[second].sources}


def test_mistakes_change_nothing_and_say_what_to_type(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = store.read_bytes()
    waiting = pending(store)
    assert main(["review", "--store", str(store), "approve", waiting[0], "no-such-id"]) == 1
    assert "no development has the id no-such-id" in capsys.readouterr().err
    assert main(["review", "--store", str(store), "approve"]) == 2
    assert "name the development id" in capsys.readouterr().err
    assert main(["review", "--store", str(store), "merge", waiting[0]]) == 2
    # withdrawing twice in one go: the second fails, so the first is not written either
    assert main(["review", "--store", str(store), "withdraw", waiting[0], waiting[0]]) == 1
    assert "already withdrawn" in capsys.readouterr().err
    assert store.read_bytes() == before
