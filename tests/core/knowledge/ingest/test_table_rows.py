"""A table whose rows are the developments (a section's roundup of fines): each row's title
is its cells (the regulator, the company, the penalty), not the column labels the text
keeps ("Regulator: ..."), and without the date cell (the item's date is shown beside it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.confidence import NO_TEXT
from bot.core.knowledge.ingest.ingest import parse_read
from bot.core.knowledge.ingest.parse import ParsedNewsletter, parse_bytes
from bot.core.knowledge.ingest.readers import read_newsletter
from bot.core.knowledge.ingest.summary import machine_summary
from bot.core.knowledge.ingest.tables import row_headline

ROWS = [
    (
        "4 March 2024",
        "Tianjin Cyberspace Administration",
        "Tianjin Harbourline Shipping Co., Ltd.",
        "Fine of RMB 200,000 for an unreported data breach",
    ),
    (
        "18 March 2024",
        "Sichuan Communications Administration",
        "Chengdu Pandaleaf Games Co., Ltd.",
        "Warning and fine of RMB 30,000 for excessive app permissions",
    ),
]
HEADER = ("Date", "Regulator", "Company", "Penalty")


def _docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Privacy Roundup, March 2024", 0)
    document.add_heading("Enforcement", 1)
    document.add_paragraph("The penalties reported this month are set out below.")
    table = document.add_table(rows=1, cols=len(HEADER))
    for cell, label in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = label
    for row in ROWS:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    document.save(path)
    return path


def _markdown() -> bytes:
    lines = [
        "# Privacy Roundup, March 2024",
        "",
        "## Enforcement",
        "",
        "The penalties reported this month are set out below.",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    lines += ["| " + " | ".join(row) + " |" for row in ROWS]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(params=["docx", "markdown"])
def roundup(request: pytest.FixtureRequest, tmp_path: Path) -> ParsedNewsletter:
    if request.param == "docx":
        read = read_newsletter(_docx(tmp_path / "roundup.docx"), name="roundup.docx")
        return parse_read(read, "roundup.docx", default_gazetteer())
    return parse_bytes(_markdown(), "roundup.md", "roundup", default_gazetteer())


def test_each_row_is_titled_by_its_cells_not_its_labels(roundup: ParsedNewsletter) -> None:
    assert [item.headline for item in roundup.items] == [
        "Tianjin Cyberspace Administration – Tianjin Harbourline Shipping Co., Ltd. – "
        "Fine of RMB 200,000 for an unreported data breach",
        "Sichuan Communications Administration – Chengdu Pandaleaf Games Co., Ltd. – "
        "Warning and fine of RMB 30,000 for excessive app permissions",
    ]
    first, second = roundup.items
    assert (first.date, second.date) == (dt.date(2024, 3, 4), dt.date(2024, 3, 18))
    assert "Regulator: Tianjin Cyberspace Administration" in first.body  # labels kept there
    # the date cell is the row's date, not the start of its text and summary
    assert first.body.startswith("Regulator: ")
    assert "Date:" not in machine_summary(first.headline, first.body)
    assert [(p.amount, p.bearer) for p in first.penalties] == [
        (200_000, "Tianjin Harbourline Shipping Co., Ltd.")
    ]
    assert all(NO_TEXT not in item.flags for item in roundup.items)


def test_a_cell_that_only_gives_a_date_is_left_out_of_the_title() -> None:
    assert row_headline(["4 March 2024", "CAC", "fines X"]) == "CAC – fines X"
    assert row_headline(["2024-03-04", "CAC"]) == "CAC"
    # a cell with words beside its date stays
    assert row_headline(["Fined on 4 March 2024", "X"]) == "Fined on 4 March 2024 – X"
    assert row_headline(["4 March 2024"]) == "4 March 2024"  # nothing else to title it
