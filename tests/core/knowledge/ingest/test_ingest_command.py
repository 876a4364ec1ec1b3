"""``python -m bot ingest``: dry runs, idempotent writes, clear errors that touch nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.knowledge.ingest.ingest import IngestError, ingest
from bot.core.knowledge.store import read_knowledge
from tests.conftest import SEED_FOOTNOTED, SEED_NUMBERED
from tests.core.knowledge.ingest.conftest import NOW


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(*argv: str) -> int:
    return main(["ingest", *argv])


def test_dry_run_shows_changes_and_writes_nothing(
    tmp_path: Path, seeds: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "developments.json"
    assert run(str(seeds[0]), str(seeds[1]), "--dry-run", "--store", str(store)) == 0
    assert not store.exists()
    out = capsys.readouterr().out
    assert "new 2022-05-27-real-estate-sales-office-henan-fined-rmb (2022-05-27)" in out
    assert "(2022-05-01 (month)) The National Computer Virus Emergency Response Center" in out
    assert (
        'merge: adds source 002_02c25c3a61ce869d "Enforcement Developments #3" to '
        "2022-04-28-public-hearing-held-first-non-prosecution-case"
    ) in out
    assert out.count("  new ") == 38 and out.count("  merge: ") == 11
    assert "Dry run: would add 38 development(s) and 11 source(s)" in out

    # On an existing store too: the file stays byte for byte as it was.
    assert run(str(seeds[0]), "--store", str(store)) == 0
    before = digest(store)
    capsys.readouterr()
    assert run(str(seeds[0]), str(seeds[1]), "--dry-run", "--store", str(store)) == 0
    out = capsys.readouterr().out
    assert digest(store) == before
    assert "000_e7b1359a47fae4a1.txt: already ingested" in out
    assert "would add 14 new; 11 merged" in out


def test_ingest_writes_once_and_reingest_is_byte_identical(
    tmp_path: Path, seeds: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "developments.json"
    assert run(str(seeds[0]), str(seeds[1]), "--store", str(store), "--publisher", "Firm") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("000_e7b1359a47fae4a1.txt: 24 items (footnoted layout, 2022-05)")
    assert lines[1].startswith("002_02c25c3a61ce869d.txt: 25 items (numbered layout, 2022-05)")
    assert "added 14 new; 11 merged" in lines[1]
    assert lines[2].startswith("Added 38 development(s) and 11 source(s)")
    knowledge = read_knowledge(store)
    assert len(knowledge.developments) == 38
    assert {n.publisher for n in knowledge.newsletters} == {"Firm"}
    assert {n.title for n in knowledge.newsletters} == {
        "000_e7b1359a47fae4a1 (May 2022)",
        "002_02c25c3a61ce869d (May 2022)",
    }
    assert knowledge.newsletters[0].sha256 == digest(SEED_FOOTNOTED)
    first = store.read_bytes()

    assert run(str(seeds[1]), str(seeds[0]), "--store", str(store)) == 0
    out = capsys.readouterr().out
    assert store.read_bytes() == first
    assert out.count("already ingested") == 2
    assert "Nothing to change" in out


def test_now_is_injectable(tmp_path: Path) -> None:
    store = tmp_path / "s.json"
    outcome = ingest([SEED_NUMBERED], store, now=lambda: NOW)
    assert outcome.written
    knowledge = read_knowledge(store)
    assert {d.added_at for d in knowledge.developments} == {NOW}
    assert knowledge.newsletters[0].ingested_at == NOW


def broken_copy(tmp_path: Path) -> Path:
    """The footnoted seed without footnote 13's link."""
    lines = SEED_FOOTNOTED.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("13 https://")]
    assert len(kept) == len(lines) - 1
    bad = tmp_path / "newsletter.txt"
    bad.write_text("".join(kept), encoding="utf-8")
    return bad


def test_malformed_file_names_file_and_line_and_the_good_file_goes_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "developments.json"
    assert run(str(SEED_NUMBERED), "--store", str(store)) == 0
    capsys.readouterr()
    bad = broken_copy(tmp_path)
    # A good file alongside: it goes in; the bad one is left out; the status says so.
    assert run(str(SEED_FOOTNOTED), str(bad), "--store", str(store)) == 1
    out, err = capsys.readouterr()
    assert f"{bad}:55: footnote 13 referenced but no link for it at the end" in err
    assert "1 file(s) were left out" in err
    assert f"{SEED_FOOTNOTED.name}: " in out and "newsletter.txt" not in out
    assert len(read_knowledge(store).developments) == 25 + 13


def test_only_bad_files_touch_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "developments.json"
    assert run(str(SEED_NUMBERED), "--store", str(store)) == 0
    before = digest(store)
    capsys.readouterr()
    bad = broken_copy(tmp_path)
    assert run(str(bad), "--store", str(store)) == 1
    assert "Nothing was written" in capsys.readouterr().err
    assert digest(store) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Title\n\x00\x01\x02\x03binary\x00junk\n", ": binary data, not text (NUL bytes)"),
        (
            b"Dear readers,\n\nThis month was quiet. We wish you a good summer.\n",
            ":1: no developments found",
        ),
        (b"", ":1: the file is empty"),
        (
            b"Rules Issued\n\nOn May 3, 2022, the CAC issued rules.1\n\n2 https://example.com\n",
            ":3: footnote 1 referenced but no link",
        ),
    ],
)
def test_unparseable_files(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    store = tmp_path / "s.json"
    with pytest.raises(IngestError) as caught:
        ingest([bad], store)
    assert str(caught.value).startswith(f"{bad}{message}")
    assert not store.exists()


def test_missing_file_and_broken_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(str(tmp_path / "nope.txt"), "--store", str(tmp_path / "s.json")) == 1
    assert "nope.txt: cannot read the file" in capsys.readouterr().err
    store = tmp_path / "broken.json"
    store.write_text('{"developments": [', encoding="utf-8")
    assert run(str(SEED_NUMBERED), "--store", str(store)) == 1
    assert "not valid JSON" in capsys.readouterr().err
    assert store.read_text(encoding="utf-8") == '{"developments": ['


def test_bad_month_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(str(SEED_NUMBERED), "--month", "May 2022")
    assert "not a month (YYYY-MM)" in capsys.readouterr().err


def test_store_json_is_stable_and_valid(tmp_path: Path) -> None:
    store = tmp_path / "s.json"
    ingest([SEED_FOOTNOTED, SEED_NUMBERED], store, now=lambda: NOW)
    data = json.loads(store.read_text(encoding="utf-8"))
    fine = next(d for d in data["developments"] if d["id"].startswith("2022-05-27-real-estate"))
    assert fine["penalties"][0]["amount"] == "200000"
    assert fine["sources"][0]["url"] == "https://m.thepaper.cn/newsDetail_forward_18299237"
    assert fine["reviewed"] is False
