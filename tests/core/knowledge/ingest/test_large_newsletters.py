"""Newsletters of any number of items: each numbered item is its own development, however
many digits its number has, up to the stated limits (``MAX_FILE_BYTES``, ``MAX_ITEMS``);
past them the file is refused at once, with a clear line, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.core.knowledge.ingest.parse import MAX_ITEMS
from bot.core.knowledge.ingest.readers.limits import MAX_FILE_BYTES
from bot.core.knowledge.store import read_knowledge
from tests.support.newsletters import MONTH, write_newsletter


@pytest.mark.slow
def test_a_two_thousand_item_newsletter_gives_two_thousand_developments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newsletter = write_newsletter(tmp_path / "big.txt", 2_000)
    store = tmp_path / "developments.json"
    assert main(["ingest", str(newsletter), "--month", MONTH, "--store", str(store)]) == 0
    assert "2000 items (numbered layout, 2024-06); added 2000 new" in capsys.readouterr().out
    developments = read_knowledge(store).developments
    refs = {d.sources[0].ref for d in developments}
    assert refs == {f"Enforcement Developments #{n}" for n in range(1, 2_001)}
    for dev in developments:
        number = int(dev.sources[0].ref.rsplit("#", 1)[1])
        [penalty] = dev.penalties  # its own fine, no other company's
        assert penalty.bearer is not None and f"Company{number:05d}" in penalty.bearer


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newsletter = write_newsletter(tmp_path / "huge.txt", 100_000)
    assert newsletter.stat().st_size > MAX_FILE_BYTES
    store = tmp_path / "developments.json"
    assert main(["ingest", str(newsletter), "--month", MONTH, "--store", str(store)]) == 1
    err = capsys.readouterr().err
    size_mb = newsletter.stat().st_size // 1024 // 1024
    assert f"{newsletter}: a file of {size_mb} MB (the limit is 20 MB)" in err
    assert "Nothing was written" in err and not store.exists()


def test_a_file_with_more_items_than_the_limit_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    count = MAX_ITEMS + 1
    lines = ["Enforcement Developments", ""]
    for n in range(1, count + 1):
        lines += [f"{n}. Fine {n}", "", f"On 3 June, case {n} was fined.", ""]
    newsletter = tmp_path / "many.txt"
    newsletter.write_text("\n".join(lines), encoding="utf-8")
    assert newsletter.stat().st_size <= MAX_FILE_BYTES
    store = tmp_path / "developments.json"
    assert main(["ingest", str(newsletter), "--month", MONTH, "--store", str(store)]) == 1
    err = capsys.readouterr().err
    assert f"{count:,} items; a newsletter may hold at most {MAX_ITEMS:,}" in err
    assert not store.exists()
