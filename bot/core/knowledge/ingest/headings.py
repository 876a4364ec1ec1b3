"""Which units of a newsletter's text are section headings (the others are items or
text): Markdown, ALL-CAPS, 【】, bold, numbered ("1. Legislation" over "1.1"), "一、" and
short plain lines that name a section or head a run of items."""

from __future__ import annotations

import re

from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.ingest.sections import is_commentary, is_section_name
from bot.core.knowledge.ingest.units import CJK, SENTENCE_END, Unit

_ADDRESS = re.compile(r"https?://|www\.|\S@\S")
_MID_SENTENCE_END = re.compile(r"[a-z][.!?。！？]\s+\S")


def section_flags(units: list[Unit], gazetteer: Gazetteer) -> list[bool]:
    """Which units are section headings (the others are items or text)."""
    flags = [False] * len(units)
    shallowest_md_section: int | None = None
    for index, unit in enumerate(units):
        nxt = units[index + 1] if index + 1 < len(units) else None
        if unit.kind == "heading" and unit.form == "bracket":
            flags[index] = True
        elif unit.kind == "heading" and unit.form == "caps":
            # "ENFORCEMENT" over items; not "CAC FINES DIDI" over the text of one.
            flags[index] = (
                is_section_name(unit.text, gazetteer)
                or _heads_items(unit, nxt)
                or (nxt is not None and plain_headline(nxt, units[index + 2 : index + 3]))
                or nxt is None
            )
        elif unit.kind == "heading":
            # A sub-heading over plain text under a section is an item's headline, even
            # when it reads like a section name ("### News update" under "## Legislation").
            nested = shallowest_md_section is not None and unit.level > shallowest_md_section
            flags[index] = (
                is_commentary(unit.text, gazetteer)
                or _heads_items(unit, nxt)
                or (is_section_name(unit.text, gazetteer) and not nested)
            )
            if flags[index] and (index > 0 or is_section_name(unit.text, gazetteer)):
                # (a first heading that names no section is the newsletter's own title)
                shallowest_md_section = min(shallowest_md_section or unit.level, unit.level)
        elif unit.kind == "bold":
            flags[index] = is_section_name(unit.text, gazetteer)
        elif unit.kind == "numbered":
            flags[index] = _numbered_section(unit, nxt, gazetteer)
        elif unit.kind == "text" and not unit.head and not unit.dateline:
            flags[index] = _plain_heading(unit, nxt, gazetteer)
    return flags


def _heads_items(heading: Unit, nxt: Unit | None) -> bool:
    """A Markdown heading whose content starts with a sub-heading or an item marker."""
    if nxt is None:
        return False
    if nxt.kind == "heading":
        return not (nxt.form == "md" and nxt.level <= heading.level)
    return nxt.marker_key is not None


def _numbered_section(unit: Unit, nxt: Unit | None, gazetteer: Gazetteer) -> bool:
    headingish = len(unit.text.split()) <= 15 and not unit.text.endswith(SENTENCE_END)
    if nxt is not None and nxt.kind == "numbered" and nxt.form == unit.form:
        child = nxt.number[: len(unit.number)] == unit.number and nxt.level == unit.level + 1
        if child and nxt.number[-1] == 1 and headingish:
            return True
    if not headingish or nxt is None:
        return False
    if is_section_name(unit.text, gazetteer):
        return True
    return unit.form == "cjk" and nxt.marker_key is not None


def _plain_heading(unit: Unit, nxt: Unit | None, gazetteer: Gazetteer) -> bool:
    text = unit.text
    short = 0 < len(text.split()) <= 8 and len(text) <= 70 and not text.endswith(SENTENCE_END)
    if not short or _MID_SENTENCE_END.search(text) or _ADDRESS.search(text):
        # "Team, the issue is below. Grace", "Source: https://..." are no section's name
        return False
    if is_section_name(text, gazetteer):
        return True
    return (
        text[:1].isupper()
        and nxt is not None
        and nxt.marker_key is not None
        and nxt.kind != "table"
    )


def plain_headline(unit: Unit, following: list[Unit]) -> bool:
    """A short line of its own over a paragraph of text: a headline without marker."""
    if unit.kind != "text" or unit.head or unit.dateline or not following:
        return False
    nxt = following[0]
    text = unit.text
    return (
        nxt.kind == "text"
        and not nxt.head
        and len(nxt.text) > len(text)
        and 2 <= len(text.split()) + len(CJK.findall(text)) // 2 <= 40
        and len(text) <= 250
        and not text.endswith((*SENTENCE_END, ",", "，"))
    )


def without_kicker(units: list[Unit], gazetteer: Gazetteer) -> list[Unit]:
    """The units without short lines printed above the newsletter's own title (a running
    header, "Issue 14", a firm's name): the title is then the first unit. The title is the
    one top-level heading, within the first three units, over sections of a lower level."""
    tops = [
        i for i, u in enumerate(units) if u.kind == "heading" and u.form == "md" and u.level == 1
    ]
    if len(tops) != 1 or not 0 < tops[0] < 3 or is_section_name(units[tops[0]].text, gazetteer):
        return units
    lower = any(u.kind == "heading" and u.form == "md" and u.level > 1 for u in units)
    kicker = all(
        u.kind == "text" and len(u.text.split()) <= 10 and not u.text.endswith(SENTENCE_END)
        for u in units[: tops[0]]
    )
    return units[tops[0] :] if lower and kicker else units
