"""Two ingests at once into one store lose nothing; a killed writer's leftovers go away."""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import bot.core.knowledge.ingest.ingest as ingest_module
from bot.core.knowledge.ingest.ingest import ingest
from bot.core.knowledge.store import read_knowledge
from tests.conftest import FIXTURE_FOOTNOTED, FIXTURE_NUMBERED, seed_paths
from tests.core.knowledge.ingest.conftest import NOW


@dataclass(frozen=True)
class Pair:
    """Two newsletters (footnoted, numbered) and what ingesting them gives."""

    newsletters: tuple[Path, Path]
    developments: int
    merged: int
    footnoted_items: int


@pytest.fixture(params=["fixtures", "seeds"])
def pair(request: pytest.FixtureRequest) -> Pair:
    # (the hearing and its outcome 12 days later are a near miss, kept apart)
    if request.param == "seeds":
        return Pair(seed_paths(), developments=39, merged=10, footnoted_items=24)
    return Pair(
        (FIXTURE_FOOTNOTED, FIXTURE_NUMBERED), developments=28, merged=10, footnoted_items=22
    )


def test_concurrent_ingests_do_not_lose_each_others_changes(
    tmp_path: Path, pair: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "developments.json"
    real_merge = ingest_module.merge
    both_merging = threading.Barrier(2)

    def slow_merge(*args: Any, **kwargs: Any) -> Any:
        # Without the writer lock both ingests read the empty store here, and the one that
        # writes last drops the other's newsletter. With it, the second waits its turn.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_merging.wait(timeout=1.0)
        return real_merge(*args, **kwargs)

    monkeypatch.setattr(ingest_module, "merge", slow_merge)
    errors: list[BaseException] = []

    def run(path: Path) -> None:
        try:
            ingest([path], store, now=lambda: NOW)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(path,)) for path in pair.newsletters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    knowledge = read_knowledge(store)
    assert {n.id for n in knowledge.newsletters} == {p.stem for p in pair.newsletters}
    assert len(knowledge.developments) == pair.developments
    assert sum(len(d.sources) == 2 for d in knowledge.developments) == pair.merged


def test_leftovers_of_a_killed_writer_are_removed_by_the_next_ingest(
    tmp_path: Path, pair: Pair
) -> None:
    store = tmp_path / "developments.json"
    leftover = tmp_path / ".developments.json.k1ll3d.tmp"
    leftover.write_text('{"half": ', encoding="utf-8")
    ingest([pair.newsletters[0]], store, now=lambda: NOW)
    assert not leftover.exists()
    assert len(read_knowledge(store).developments) == pair.footnoted_items
