"""Endnotes: "[1] https://..." or "[^2]: https://..." lines after the items give the link of
the item that cites them ("... fined RMB 50,000.[1]"); the lines are no item's text and the
markers are taken out of the text."""

from __future__ import annotations

import re

from bot.core.knowledge.ingest.units import Unit

_ENDNOTE = re.compile(r"^\[\^?(\d{1,3})\]:?\s*(?:.*?\s)?(https?://\S+?)[.)]?\s*$")
_MARKER = re.compile(r"\[\^?(\d{1,3})\](?!\()")


def take_endnotes(units: list[Unit]) -> tuple[list[Unit], dict[int, str]]:
    """The units without the endnote lines, and each endnote's link by its number."""
    notes: dict[int, str] = {}
    kept: list[Unit] = []
    for unit in units:
        match = _ENDNOTE.match(unit.text) if unit.kind == "text" else None
        link = match.group(2) if match else None
        if match and link is not None:
            notes.setdefault(int(match.group(1)), link)
        else:
            kept.append(unit)
    return kept, notes


def cited(texts: list[str], notes: dict[int, str]) -> str | None:
    """The link of the first endnote ``texts`` cite."""
    for text in texts:
        for marker in _MARKER.finditer(text):
            link = notes.get(int(marker.group(1)))
            if link is not None:
                return link
    return None


def without_markers(text: str, notes: dict[int, str]) -> str:
    """``text`` without the markers of known endnotes."""
    if not notes:
        return text
    return _MARKER.sub(lambda m: "" if int(m.group(1)) in notes else m.group(0), text)
