"""Tables in a newsletter: a header row labels the cells under it ("Fine: RMB 60,000"), and a
row that names a payer and an amount is a fine of its own (a table of fines)."""

from __future__ import annotations

import re

from bot.core.knowledge.ingest.amounts import find_money
from bot.core.knowledge.ingest.dates import find_dates
from bot.core.knowledge.ingest.units import Unit


def drop_table_headers(units: list[Unit]) -> None:
    """A table's header row (a ``|---|`` rule under it, or one the reader saw) labels the
    rows under it and is no data."""
    for index, unit in enumerate(units):
        if unit.kind == "table" and unit.header:
            _label_rows(unit.values, units[index + 1 :])
            unit.kind = "text"
            unit.text = ""


def _label_rows(header: list[str], rows: list[Unit]) -> None:
    """Each cell of the rows under a header, labelled by its column ("Fine: RMB 60,000"), so
    that what a column holds is read ("Fine" is a penalty's cue); ``cells`` keeps the bare
    values."""
    for row in rows:
        if row.kind != "table":
            break
        row.cells = row.text.split("; ")
        if len(row.values) == len(header) and any(header):
            # (the date cell is the row's dateline: data, not the start of its summary)
            row.text = "; ".join(
                f"{name}: {cell}" if name else cell
                for name, cell in zip(header, row.values, strict=True)
                if cell and cell != row.dateline
            )


def row_headline(cells: list[str]) -> str:
    """A table row as a headline: its cells joined by dashes, but for a cell that gives only
    a date (the item's date, shown beside its title) and the column labels (kept in the
    text: "Regulator: ...")."""
    kept = [cell for cell in cells if cell and not _only_date(cell)]
    return " – ".join(kept or cells)


def _only_date(cell: str) -> bool:
    dates = find_dates(cell)
    return len(dates) == 1 and not _WORDY.search(cell[: dates[0].start] + cell[dates[0].end :])


_WORDY = re.compile(r"\w")


def fine_row_text(text: str, caption: str) -> str:
    """A row of a table of fines as the text of a development of its own: when the text the
    table follows speaks of fines ("the fines of June are listed below") and the row names
    no penalty itself (its column says "Amount"), its amount is marked as a fine."""
    if not _FINE_CUE.search(caption) or _FINE_CUE.search(text):
        return text
    found = find_money(text)
    if not found:
        return text
    return f"{text[: found[0].end]} (fine){text[found[0].end :]}"


def fine_row(unit: Unit) -> bool:
    """A table row naming a payer and an amount ("Qingdao Sunrise Hotel Co., Ltd.; RMB
    200,000; unlawful guest records")."""
    return bool(find_money(unit.text)) and bool(_NAMED_ROW.search(unit.text))


_FINE_CUE = re.compile(r"\bfin(?:e|ed|es)\b|\bpenalt(?:y|ies)\b|罚款|处罚|罚金", re.IGNORECASE)
_NAMED_ROW = re.compile(
    r"\b(?:Co\.|Ltd|Inc\.|Corp|Company|Group|Bank|[A-Z][a-z]+\s+[A-Z][a-z]+)|有限公司|公司|集团|某"
)
