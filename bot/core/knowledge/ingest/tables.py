"""Tables in a newsletter: a header row labels the cells under it ("Fine: RMB 60,000"), and a
row that names a payer and an amount is a fine of its own (a table of fines)."""

from __future__ import annotations

import re

from bot.core.knowledge.ingest.amounts import find_money
from bot.core.knowledge.ingest.units import Unit


def drop_table_headers(units: list[Unit]) -> None:
    """A table's header row (a ``|---|`` rule under it, or one the reader saw) labels the
    rows under it and is no data."""
    for index, unit in enumerate(units):
        if unit.kind == "table" and unit.header:
            _label_rows(unit.text.split("; "), units[index + 1 :])
            unit.kind = "text"
            unit.text = ""


def _label_rows(header: list[str], rows: list[Unit]) -> None:
    """Each cell of the rows under a header, labelled by its column ("Fine: RMB 60,000"), so
    that what a column holds is read ("Fine" is a penalty's cue); ``cells`` keeps the bare
    values."""
    for row in rows:
        if row.kind != "table":
            break
        cells = row.text.split("; ")
        row.cells = cells
        if len(cells) == len(header) and all(header):
            row.text = "; ".join(
                f"{name}: {cell}" for name, cell in zip(header, cells, strict=True)
            )


def fine_row(unit: Unit) -> bool:
    """A table row naming a payer and an amount ("Qingdao Sunrise Hotel Co., Ltd.; RMB
    200,000; unlawful guest records")."""
    return bool(find_money(unit.text)) and bool(_NAMED_ROW.search(unit.text))


_NAMED_ROW = re.compile(
    r"\b(?:Co\.|Ltd|Inc\.|Corp|Company|Group|Bank|[A-Z][a-z]+\s+[A-Z][a-z]+)|有限公司|公司|集团|某"
)
