"""The calendar, the table exports and the chart, read back with the libraries that wrote
them (icalendar, csv, openpyxl) and checked; the PNG checked as a PNG."""

from __future__ import annotations

import csv
import datetime as dt
import io
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from bot.core.knowledge.model import Category, Status
from bot.core.knowledge.store import Store
from bot.core.notify.chart_data import chart_data
from bot.core.notify.exports import select_for_export
from bot.edge.render.calendar import calendar_ics
from bot.edge.render.chart import chart_png
from bot.edge.render.table import DEVELOPMENT_COLUMNS, to_csv, to_xlsx
from tests.conftest import BUNDLED_STORE, REPO_ROOT
from tests.support.state import dev, store_of

NOW = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
LAW = dev(
    "rules-adopted",
    dt.date(2024, 5, 20),
    category=Category.REGULATION,
    status=Status.ADOPTED,
    effective_date=dt.date(2024, 9, 1),
    title='=HYPERLINK("http://x") rules adopted',
)
DRAFT = dev(
    "draft-measures",
    dt.date(2024, 5, 22),
    category=Category.REGULATION,
    status=Status.DRAFT,
    comment_deadline=dt.date(2024, 6, 21),
    title="Draft measures on audits",
)
FINE = dev("henan-fine", dt.date(2024, 5, 27), regions=("Henan",), fine=200_000)
HIDDEN = dev("unchecked", dt.date(2024, 5, 28), fine=9_000_000, reviewed=False)
STORE = store_of(LAW, DRAFT, FINE, HIDDEN)


def test_the_calendar_parses_back_with_one_event_per_deadline() -> None:
    calendar = Calendar.from_ical(calendar_ics(STORE, now=NOW))
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"{LAW.id}-effective@pi-bot", f"{DRAFT.id}-comments@pi-bot"}
    law = events[f"{LAW.id}-effective@pi-bot"]
    assert law.decoded("DTSTART") == dt.date(2024, 9, 1)
    assert law.decoded("DTEND") == dt.date(2024, 9, 2)
    assert str(law["SUMMARY"]).startswith("Takes effect: ")
    assert str(law["URL"]) == LAW.links[0]
    comments = events[f"{DRAFT.id}-comments@pi-bot"]
    assert str(comments["SUMMARY"]) == "Comments close: Draft measures on audits"


@pytest.mark.slow
def test_the_calendar_command_writes_the_bundled_deadlines(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "calendar", "--store", str(BUNDLED_STORE)],
        cwd=REPO_ROOT,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    [event] = Calendar.from_ical(done.stdout).walk("VEVENT")
    assert event.decoded("DTSTART") == dt.date(2022, 7, 1)


def test_csv_has_one_row_per_reviewed_development_with_every_field() -> None:
    selection = select_for_export(STORE, "")
    assert [d.id for d in selection.developments] == [LAW.id, DRAFT.id, FINE.id]
    rows = list(csv.DictReader(io.StringIO(to_csv(selection.developments).decode("utf-8-sig"))))
    assert list(rows[0]) == list(DEVELOPMENT_COLUMNS)
    assert [r["id"] for r in rows] == [LAW.id, DRAFT.id, FINE.id]
    assert rows[0]["title"].startswith("'=HYPERLINK")  # never a formula
    assert rows[0]["effective_date"] == "2024-09-01"
    assert rows[1]["comment_deadline"] == "2024-06-21"
    assert "CNY 200000 fine (Example Co.)" in rows[2]["penalties"]


def test_xlsx_has_developments_and_a_sheet_of_penalties() -> None:
    selection = select_for_export(STORE, "fines henan")
    book = load_workbook(io.BytesIO(to_xlsx(selection.developments)))
    assert book.sheetnames == ["Developments", "Penalties"]
    devs = list(book["Developments"].iter_rows(values_only=True))
    assert devs[0] == DEVELOPMENT_COLUMNS and [r[0] for r in devs[1:]] == [FINE.id]
    penalties = list(book["Penalties"].iter_rows(values_only=True))
    assert penalties[1][:3] == (FINE.id, FINE.title, 200000)


@pytest.mark.slow
def test_export_table_command_round_trips_the_bundled_store(tmp_path: Path) -> None:
    out = tmp_path / "fines.xlsx"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "export-table",
            "fines",
            "--format",
            "xlsx",
            "--output",
            str(out),
            "--store",
            str(BUNDLED_STORE),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    book = load_workbook(out)
    fined = [r for r in book["Developments"].iter_rows(min_row=2, values_only=True)]
    store = Store.load(BUNDLED_STORE)
    assert len(fined) == sum(1 for d in store.developments if d.penalties)
    assert book["Penalties"].max_row - 1 == sum(len(d.penalties) for d in store.developments)
    refused = subprocess.run(
        [sys.executable, "-m", "bot", "export-table", "zzyzx", "--store", str(BUNDLED_STORE)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 2 and "zzyzx" in refused.stderr


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_chart_is_a_png_of_sensible_size_with_alt_text() -> None:
    data = chart_data(STORE, "2024-05")
    assert data.per_category[Category.REGULATION][-1] == 2
    assert data.fines_by_region == (("Henan", 200000),)  # the unreviewed fine is left out
    png = chart_png(data)
    width, height = _png_size(png)
    assert (width, height) == (1200, 600)
    assert 10_000 < len(png) < 1_000_000
    assert "Henan CNY 200,000" in data.alt_text()


@pytest.mark.slow
def test_digest_chart_command_writes_the_png(tmp_path: Path) -> None:
    target = tmp_path / "may.png"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "digest",
            "--month",
            "2022-05",
            "--chart",
            str(target),
            "--store",
            str(BUNDLED_STORE),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Digest for May 2022")
    assert _png_size(target.read_bytes()) == (1200, 600)
