"""Developments as a table: CSV (one row per development) and XLSX (openpyxl; a sheet of
developments with every field and a sheet with one row per penalty).

Cells that a spreadsheet would read as a formula (starting ``=``, ``+``, ``-``, ``@``) are
prefixed with ``'`` so an exported title can never run as one."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal

from bot.core.knowledge import Development, Penalty, Source

DEVELOPMENT_COLUMNS: tuple[str, ...] = tuple(Development.model_fields)
PENALTY_COLUMNS: tuple[str, ...] = ("development_id", "development_title", *Penalty.model_fields)


def _safe(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _source_text(source: Source) -> str:
    parts = [source.newsletter, source.ref, source.headline]
    if source.reported_date:
        parts.append(source.reported_date.isoformat())
    if source.url:
        parts.append(source.url)
    return " | ".join(parts)


def _penalty_text(penalty: Penalty) -> str:
    amount = f"{penalty.amount}" + (f"-{penalty.amount_max}" if penalty.amount_max else "")
    return f"{penalty.currency} {amount} {penalty.kind.value} ({penalty.bearer})"


def _cell(value: object) -> object:
    """One field as a cell: dates as ISO text, lists joined by ``; ``, amounts as numbers."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, tuple | list):
        return _safe("; ".join(_text(v) for v in value))
    return _safe(_text(value))


def _text(value: object) -> str:
    if isinstance(value, Source):
        return _source_text(value)
    if isinstance(value, Penalty):
        return _penalty_text(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    if hasattr(value, "value"):
        return str(value.value)
    return str(value)


def development_row(dev: Development) -> list[object]:
    return [_cell(getattr(dev, name)) for name in DEVELOPMENT_COLUMNS]


def penalty_rows(dev: Development) -> list[list[object]]:
    return [
        [dev.id, _safe(dev.title), *(_cell(getattr(p, name)) for name in Penalty.model_fields)]
        for p in dev.penalties
    ]


def to_csv(devs: Sequence[Development]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads the Chinese names right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(DEVELOPMENT_COLUMNS)
    for dev in devs:
        writer.writerow(development_row(dev))
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(devs: Sequence[Development]) -> bytes:
    from openpyxl import Workbook  # here: a quarter of a second at every process's start

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Developments"
    sheet.append(list(DEVELOPMENT_COLUMNS))
    for dev in devs:
        sheet.append(development_row(dev))
    penalties = book.create_sheet("Penalties")
    penalties.append(list(PENALTY_COLUMNS))
    for dev in devs:
        for row in penalty_rows(dev):
            penalties.append(row)
    for ws in (sheet, penalties):
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_bytes(devs: Sequence[Development], fmt: str) -> bytes:
    return to_xlsx(devs) if fmt == "xlsx" else to_csv(devs)
