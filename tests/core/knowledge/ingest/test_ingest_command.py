"""``python -m bot ingest``: dry runs, idempotent writes, clear errors that touch nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.knowledge.ingest.ingest import IngestError, ingest
from bot.core.knowledge.store import read_knowledge
from tests.conftest import FIXTURE_FOOTNOTED, FIXTURE_NUMBERED
from tests.core.knowledge.ingest.conftest import NOW, NewsletterFiles


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(*argv: str) -> int:
    return main(["ingest", *argv])


DRY_RUN = {
    # lines the dry run of both newsletters prints, per source
    "seeds": [
        "new 2022-05-27-real-estate-sales-office-henan-fined-rmb (2022-05-27)",
        "(2022-05-01 (month)) The National Computer Virus Emergency Response Center",
        'merge: adds source 002_02c25c3a61ce869d "Enforcement Developments #4" to '
        "2022-05-10-first-web-crawler-case-short-video-platform",
        # the hearing and its outcome 12 days later: kept apart, flagged
        "flag: near miss: reads like 2022-04-28-public-hearing-held-first-non-pr",
    ],
    "fixtures": [
        "new 2022-05-27-henan-property-sales-office-fined-rmb-200 (2022-05-27)",
        "new 2021-12-20-travel-agency-must-compensate-traveller-passing-his (2021-12-20)",
        "(2022-05-01 (month)) CVERC reports 30 apps breaching privacy rules in May",
        'merge: adds source numbered_layout "Enforcement Developments #3" to '
        "2022-05-10-court-wuxi-decides-first-web-crawler-case",
        "flag: near miss: reads like 2022-04-28-hearing-backs-non-prosecution-first",
    ],
}
ITEMS = {"seeds": (24, 25), "fixtures": (22, 16)}
"""Items of the footnoted and the numbered newsletter."""
DEVELOPMENTS = {"seeds": 39, "fixtures": 28}
NEW_IN_NUMBERED = {"seeds": 15, "fixtures": 6}
MERGED = 10  # of the 11 shared reports: all but the hearing and its outcome (a near miss)
HENAN_FINE = {
    "seeds": "2022-05-27-real-estate-sales-office-henan-fined-rmb",
    "fixtures": "2022-05-27-henan-property-sales-office-fined-rmb-200",
}


def test_dry_run_shows_changes_and_writes_nothing(
    tmp_path: Path, newsletter_files: NewsletterFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    name, footnoted, numbered = newsletter_files
    store = tmp_path / "developments.json"
    both = (str(footnoted), str(numbered))
    assert run(*both, "--dry-run", "--store", str(store)) == 0
    assert not store.exists()
    out = capsys.readouterr().out
    for line in DRY_RUN[name]:
        assert line in out
    developments = DEVELOPMENTS[name]
    assert out.count("  new ") == developments and out.count("  merge: ") == MERGED
    assert f"Dry run: would add {developments} development(s) and {MERGED} source(s)" in out

    # On an existing store too: the file stays byte for byte as it was.
    assert run(str(footnoted), "--store", str(store)) == 0
    before = digest(store)
    capsys.readouterr()
    assert run(*both, "--dry-run", "--store", str(store)) == 0
    out = capsys.readouterr().out
    assert digest(store) == before
    assert f"{footnoted.name}: already ingested" in out
    assert f"would add {NEW_IN_NUMBERED[name]} new; {MERGED} merged" in out


def test_ingest_writes_once_and_reingest_is_byte_identical(
    tmp_path: Path, newsletter_files: NewsletterFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    name, footnoted, numbered = newsletter_files
    store = tmp_path / "developments.json"
    assert run(str(footnoted), str(numbered), "--store", str(store), "--publisher", "Firm") == 0
    lines = capsys.readouterr().out.splitlines()
    footnoted_items, numbered_items = ITEMS[name]
    assert lines[0].startswith(
        f"{footnoted.name}: {footnoted_items} items (footnoted layout, 2022-05)"
    )
    assert lines[1].startswith(
        f"{numbered.name}: {numbered_items} items (numbered layout, 2022-05)"
    )
    assert f"added {NEW_IN_NUMBERED[name]} new; {MERGED} merged" in lines[1]
    assert lines[2].startswith(f"Added {DEVELOPMENTS[name]} development(s) and {MERGED} source(s)")
    knowledge = read_knowledge(store)
    assert len(knowledge.developments) == DEVELOPMENTS[name]
    assert sum(len(d.sources) == 2 for d in knowledge.developments) == MERGED
    assert {n.publisher for n in knowledge.newsletters} == {"Firm"}
    assert {n.title for n in knowledge.newsletters} == {
        f"{footnoted.stem} (May 2022)",
        f"{numbered.stem} (May 2022)",
    }
    assert knowledge.newsletters[0].sha256 == digest(footnoted)
    first = store.read_bytes()

    assert run(str(numbered), str(footnoted), "--store", str(store)) == 0
    out = capsys.readouterr().out
    assert store.read_bytes() == first
    assert out.count("already ingested") == 2
    assert "Nothing to change" in out


def test_store_json_is_stable_and_valid(tmp_path: Path, newsletter_files: NewsletterFiles) -> None:
    name, footnoted, numbered = newsletter_files
    store = tmp_path / "s.json"
    ingest([footnoted, numbered], store, now=lambda: NOW)
    data = json.loads(store.read_text(encoding="utf-8"))
    by_id = {d["id"]: d for d in data["developments"]}
    fine = by_id[HENAN_FINE[name]]
    assert fine["penalties"][0]["amount"] == "200000"
    assert fine["sources"][0]["url"] == "https://m.thepaper.cn/newsDetail_forward_18299237"
    assert fine["reviewed"] is False
    bank = by_id["2022-05-20-shaoxing-bank-fined-5-5-million-cny"]
    assert [(p["amount"], p.get("amount_max")) for p in bank["penalties"]] == [
        ("5500000", None),
        ("10000", "70000"),
    ]
    assert bank["sources"][0]["url"] is None


def test_now_is_injectable(tmp_path: Path) -> None:
    store = tmp_path / "s.json"
    outcome = ingest([FIXTURE_NUMBERED], store, now=lambda: NOW)
    assert outcome.written
    knowledge = read_knowledge(store)
    assert {d.added_at for d in knowledge.developments} == {NOW}
    assert knowledge.newsletters[0].ingested_at == NOW


@pytest.mark.parametrize("together", [True, False], ids=["one batch", "one after the other"])
def test_two_files_of_the_same_name_are_two_newsletters(tmp_path: Path, together: bool) -> None:
    # every month's issue saved as "newsletter.txt" in its own folder
    first, second = tmp_path / "may" / "newsletter.txt", tmp_path / "june" / "newsletter.txt"
    for path, fixture in ((first, FIXTURE_FOOTNOTED), (second, FIXTURE_NUMBERED)):
        path.parent.mkdir()
        path.write_bytes(fixture.read_bytes())
    store = tmp_path / "s.json"
    if together:
        ingest([second, first], store, now=lambda: NOW)
    else:
        ingest([first], store, now=lambda: NOW)
        ingest([second], store, now=lambda: NOW)
    knowledge = read_knowledge(store)
    by_file = {n.sha256: n.id for n in knowledge.newsletters}
    assert len(by_file) == 2 and len(set(by_file.values())) == 2
    cited = {s.newsletter for d in knowledge.developments for s in d.sources}
    assert cited == set(by_file.values())  # each report cites the file it came from
    reports = sum(len(d.sources) for d in knowledge.developments)
    assert reports == 22 + 16  # every item of both, none dropped as "already in the store"
    again = digest(store)
    ingest([first, second], store, now=lambda: NOW)
    assert digest(store) == again  # the same files again change nothing


def broken_copy(tmp_path: Path) -> Path:
    """The footnoted fixture newsletter without footnote 12's link."""
    lines = FIXTURE_FOOTNOTED.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("12 https://")]
    assert len(kept) == len(lines) - 1
    bad = tmp_path / "newsletter.txt"
    bad.write_text("".join(kept), encoding="utf-8")
    return bad


def test_malformed_file_names_file_and_line_and_the_good_file_goes_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "developments.json"
    assert run(str(FIXTURE_NUMBERED), "--store", str(store)) == 0
    capsys.readouterr()
    bad = broken_copy(tmp_path)
    # A good file alongside: it goes in; the bad one is left out; the status says so.
    assert run(str(FIXTURE_FOOTNOTED), str(bad), "--store", str(store)) == 1
    out, err = capsys.readouterr()
    assert f"{bad}:51: footnote 12 referenced but no link for it at the end" in err
    assert "1 file(s) were left out" in err
    assert f"{FIXTURE_FOOTNOTED.name}: " in out and "newsletter.txt" not in out
    assert len(read_knowledge(store).developments) == 28


def test_only_bad_files_touch_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "developments.json"
    assert run(str(FIXTURE_NUMBERED), "--store", str(store)) == 0
    before = digest(store)
    capsys.readouterr()
    bad = broken_copy(tmp_path)
    assert run(str(bad), "--store", str(store)) == 1
    assert "Nothing was written" in capsys.readouterr().err
    assert digest(store) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"Title\n\x00\x01\x02\x03binary\x00junk\n",
            ": binary data, not text (control characters)",
        ),
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
    assert run(str(FIXTURE_NUMBERED), "--store", str(store)) == 1
    assert "not valid JSON" in capsys.readouterr().err
    assert store.read_text(encoding="utf-8") == '{"developments": ['


def test_bad_month_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(str(FIXTURE_NUMBERED), "--month", "May 2022")
    assert "not a month (YYYY-MM)" in capsys.readouterr().err


def test_a_month_that_does_not_exist_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(str(FIXTURE_NUMBERED), "--month", "2024-13")
    assert "2024-13 is not a month" in capsys.readouterr().err


IMPOSSIBLE = """Enforcement Developments

1. Regulator fines a shop

On 31 February 2024, the Henan regulator fined a shop RMB 10,000 for collecting faces.

2. Regulator fines a bank

The bank was fined RMB 20,000 on 2024-13-45 for leaking account data.

3. Regulator fines an app

On 29 February, the Beijing regulator fined an app RMB 30,000.
"""


def test_impossible_dates_are_named_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newsletter = tmp_path / "dates.txt"
    newsletter.write_text(IMPOSSIBLE, encoding="utf-8")
    store = tmp_path / "s.json"
    assert run(str(newsletter), "--month", "2023-03", "--store", str(store)) == 0
    err = capsys.readouterr().err
    assert "Enforcement Developments #1: 31 February 2024 is not a date" in err
    assert "Enforcement Developments #2: 2024-13-45 is not a date" in err
    # a day without a year that the inferred year lacks
    assert "Enforcement Developments #3: 29 February 2023 is not a date" in err
    assert len(read_knowledge(store).developments) == 3


def test_control_characters_are_removed_at_ingest_and_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newsletter = tmp_path / "nul.txt"
    text = IMPOSSIBLE.replace("fines a shop", "fines a\x00 shop\x1b[31m").replace(
        "31 February", "3 February"
    )
    newsletter.write_text(text, encoding="utf-8")
    store = tmp_path / "s.json"
    assert run(str(newsletter), "--month", "2024-03", "--store", str(store)) == 0
    assert "nul.txt:3: warning: removed 2 control character(s)" in capsys.readouterr().err
    titles = [d.title for d in read_knowledge(store).developments]
    assert not any(ch in t for t in titles for ch in "\x00\x1b")
    assert main(["validate", "--store", str(store)]) in (0, 1)
    assert "control character" not in capsys.readouterr().out


def _with_file_size_limit(limit: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # writes past it fail (EFBIG)


@pytest.mark.slow
@pytest.mark.parametrize("log_level", ["WARNING", "DEBUG"])
def test_a_store_that_cannot_be_written_is_one_line_and_left_intact(
    tmp_path: Path, log_level: str
) -> None:
    """The disk fills while the change is written (to the change log beside the file): one
    line, exit 1, the old store as it was (the log holds nothing, the temporary file is
    gone); the traceback only at DEBUG."""
    import subprocess
    import sys

    from tests.conftest import REPO_ROOT

    store = tmp_path / "developments.json"
    assert run(str(FIXTURE_NUMBERED), "--store", str(store)) == 0
    before = digest(store)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "--log-level", log_level, "ingest", str(FIXTURE_FOOTNOTED)]
        + ["--store", str(store)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: _with_file_size_limit(1024),  # less than the change's log line
    )
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: cannot write {store}: File too large; the store was left as it was"]
    if log_level == "WARNING":
        assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert digest(store) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    log = store.with_name(store.name + ".changes")
    assert not log.exists() or log.read_bytes() == b""
