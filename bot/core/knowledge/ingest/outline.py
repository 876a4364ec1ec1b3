"""Splitting a newsletter in any outline layout into sections and items.

It reads typed blocks (``blocks.py``): the ones a reader handed over, or those the lexer
made of plain text (``lexer.py``), as units (``block_units.py``). Sections come from any
heading form: Markdown headings, ALL-CAPS lines, 【监管执法】, a bold or short line naming
a section ("**Enforcement**", "Market Watch"), a numbered heading whose items are numbered
beneath it ("1. Legislation" over "1.1" ... "1.5"), or "一、".

Items: within a section, the first item marker found (numbered, bulleted, a bold headline,
a dateline, a sub-heading, a table row, a short headline line over its text) sets the form
of its items; each later marker of that form (in sequence, for numbers) starts the next
item; any other marker is part of the item's text. Commentary ("Key highlights", "Our
view: ..."), introductions before a section's first item and sign-offs are kept out. A
table of fines under items of another form gives a development per row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.ingest.block_units import units_from_blocks
from bot.core.knowledge.ingest.blocks import Block
from bot.core.knowledge.ingest.closing import COMMENTARY_LABEL, FURNITURE, SITE_POST, sign_off
from bot.core.knowledge.ingest.contents import entry, is_contents, unconfirmed
from bot.core.knowledge.ingest.dates import find_dates
from bot.core.knowledge.ingest.endnotes import cited, take_endnotes, without_markers
from bot.core.knowledge.ingest.errors import ParseWarning
from bot.core.knowledge.ingest.headings import plain_headline, section_flags, without_kicker
from bot.core.knowledge.ingest.mail_headers import without_mail_headers
from bot.core.knowledge.ingest.meta_lines import Meta, item_data, read_meta
from bot.core.knowledge.ingest.penalties import split_sentences
from bot.core.knowledge.ingest.sections import (
    clean_heading,
    is_commentary,
    is_section_name,
    is_sub_heading,
    known_category,
)
from bot.core.knowledge.ingest.tables import (
    drop_table_headers,
    fine_row,
    fine_row_text,
    row_headline,
)
from bot.core.knowledge.ingest.units import (
    CJK,
    LEADING_TAG,
    SENTENCE_END,
    Unit,
    split_dateline,
)

_DATE_OPENER = re.compile(
    r"^(?:On|In|During|As of)\s+[^,]{3,25}?(?:,\s*(?:19|20)\d\d)?,\s*(?:the\s+)?", re.IGNORECASE
)
_DATED_HEADLINE = re.compile(r"\s*[(（\[]([^()（）\[\]]{4,30})[)）\]]\s*$")
_HEADLINE_CHARS = 200


@dataclass
class OutlineItem:
    section: str
    position: int
    headline: str
    line: int
    paragraphs: list[str]
    url: str | None
    dateline: str | None
    kind: tuple[object, ...]
    meta: list[str] = field(default_factory=list)  # "Authority: CAC" under the headline
    authority_hints: list[str] = field(default_factory=list)  # ... the authorities it names


# --- the walk ----------------------------------------------------------------------------


@dataclass
class _Section:
    name: str
    commentary: bool
    loose: list[Unit] = field(default_factory=list)  # paragraphs before any item
    items: int = 0


def parse_outline(
    blocks: Sequence[tuple[int, Block]],
    file_name: str,
    gazetteer: Gazetteer,
    default_section: str,
    is_boilerplate: Callable[[str], bool],
    breaks: frozenset[int] = frozenset(),
) -> tuple[list[OutlineItem], list[ParseWarning]]:
    """The items of a newsletter's ``blocks`` (each with the line it starts on: a reader's
    ``blocks.flow``, or plain text's ``lexer.lex_blocks``); ``breaks``: the lines where a
    box's content starts (``blocks.box_starts``)."""
    units = [
        u
        for u in units_from_blocks(blocks)
        if u.kind != "rule" and not _inner_heading(u, gazetteer)
    ]
    units, notes = take_endnotes(without_kicker(without_mail_headers(units), gazetteer))
    drop_table_headers(units)
    sections = section_flags(units, gazetteer)
    title = bool(units) and _is_title(units[0], units[1:2], gazetteer)
    if title:
        sections[0] = False  # the newsletter's own title, not a section over items
    any_section = any(sections)
    marked = _sections_with_markers(units, sections, title)
    items: list[OutlineItem] = []
    warnings: list[ParseWarning] = []
    section = _Section(default_section, False)
    item_key: tuple[object, ...] | None = None
    last_number = 0
    current: OutlineItem | None = None
    context: str | None = None  # the date of the item a table of fines follows
    caption = ""  # ... and its text
    listed: list[str] = []  # the entries of a table of contents
    skipping = boxed = False

    def close() -> None:
        nonlocal current
        if current is None:
            return
        if not current.paragraphs and current.kind == ("plain",):
            current = None  # a short line over another headline ("October 2023"): no item
            section.items -= 1
            return
        current.paragraphs, current.dateline, meta = item_data(current.paragraphs, current.dateline)
        current.meta += meta.text
        current.authority_hints += meta.authorities
        untexted = not current.paragraphs and current.kind[0] in ("numbered", "heading", "bold")
        current.paragraphs = current.paragraphs or [current.headline]
        if not (section.name == default_section and any_section and _masthead(current)):
            if untexted:  # (a masthead left out is no item to warn about)
                warnings.append(
                    ParseWarning(
                        file_name,
                        current.line,
                        f"{current.section} #{current.position} has no text under its title",
                    )
                )
            items.append(current)
        current = None

    def close_section() -> None:
        close()
        if section.items or section.commentary or section.name == default_section:
            return
        if known_category(section.name, gazetteer) is None:
            return
        # A section of plain paragraphs: each paragraph is one development.
        for unit in section.loose:
            if unit.kind == "text" and _weight(unit.text) >= 40 and not is_boilerplate(unit.text):
                section.items += 1
                items.append(_item_from(unit, section, ("paragraph",)))

    for index, unit in enumerate(units):
        if index == 0 and _is_title(unit, units[1:2], gazetteer):
            continue
        if unit.kind == "link":
            if current is not None and current.url is None:
                current.url = unit.links[0]
            continue
        if breaks and unit.line >= min(breaks):  # a box (sidebar) starts: never the text
            breaks = frozenset(b for b in breaks if b > unit.line)  # of the item above it
            close()
            item_key, last_number, skipping, boxed = None, 0, False, True
        if sections[index]:
            close_section()
            name = clean_heading(unit.text)
            furniture = bool(FURNITURE.match(name))  # "Site news", "往期推荐" as a section
            section = _Section(name, is_commentary(name, gazetteer) or furniture)
            item_key, last_number, skipping = None, 0, False
            continue
        if section.commentary:
            if is_contents(section.name) and unit.text:
                listed.append(entry(unit.text))
            continue
        if FURNITURE.match(unit.text):
            close()  # "Related posts", "Site news": no item, and not the last item's text
            skipping = True
            continue
        key = unit.marker_key
        # A short line over a paragraph is a headline only where no item has a marker (else
        # it is an introduction: "This month's enforcement actions").
        plain_allowed = boxed or not (
            marked[index] or (section.name == default_section and any_section)
        )
        if key is None and plain_allowed and plain_headline(unit, units[index + 1 : index + 2]):
            key = ("plain",)
        if key is None and boxed and current is None and _weight(unit.text) >= 40:
            key = ("paragraph",)  # a box's story without a headline of its own
        if unit.kind == "table" and item_key not in (None, ("table",)) and fine_row(unit):
            # A table of fines under items of another form: each row is a development of
            # its own (dated as the item it follows, unless it has a date), not text and
            # penalties of the item above it.
            if current is not None and current.kind != ("table",):
                caption = " ".join([current.headline, *current.paragraphs])
            context = _date_of(current) if current is not None else context
            close()
            section.items += 1
            current = _item_from(unit, section, ("table",))
            current.headline = row_headline(unit.cells) if unit.cells else current.headline
            current.paragraphs = [fine_row_text(unit.text, caption)]
            current.dateline = current.dateline or context
            skipping = False
            continue
        if key is not None and (item_key is None or key == item_key):
            number = unit.number[-1] if unit.number else None
            if number is None or number in (1, last_number + 1) or item_key is None:
                close()
                item_key, last_number = key, number or 0
                if is_commentary(unit.head or unit.text, gazetteer) or SITE_POST.match(
                    unit.head or unit.text
                ):
                    skipping = True
                    continue
                skipping = False
                section.items += 1
                current = _item_from(unit, section, key)
                continue
        if COMMENTARY_LABEL.match(unit.text) or (
            unit.kind in ("bold", "heading") and is_commentary(unit.text, gazetteer)
        ):
            skipping = True
            continue
        if unit.text and (is_boilerplate(unit.text) or sign_off(unit.text)):
            # Closing matter (a disclaimer, a sign-off): what follows it, up to the next
            # item, is the newsletter's footer, not the last item's text.
            close()
            skipping = True
            continue
        if skipping or not unit.text:
            continue
        if current is None:
            section.loose.append(unit)
            continue
        current.paragraphs.append(_paragraph(unit))
        if current.url is None and unit.links:
            current.url = unit.links[0]
    close_section()
    for name in unconfirmed(listed, [item.headline for item in items]):
        warnings.append(
            ParseWarning(file_name, 1, f"the contents list {name[:80]!r} but no item has it")
        )
    for item in items if notes else ():
        item.url = item.url or cited([item.headline, *item.paragraphs], notes)
        item.headline = without_markers(item.headline, notes)
        item.paragraphs = [without_markers(p, notes) for p in item.paragraphs]
    return items, warnings


def _date_of(item: OutlineItem) -> str | None:
    """The text of the first date an item gives (its dateline, else in its text)."""
    if item.dateline:
        return item.dateline
    for text in (item.headline, *item.paragraphs):
        found = find_dates(text)
        if found and found[0].day is not None:
            return text[found[0].start : found[0].end]
    return None


def _inner_heading(unit: Unit, gazetteer: Gazetteer) -> bool:
    """A sub-heading inside an item ("WHAT HAPPENED", "WHY IT MATTERS", "背景"): left out,
    so that the text under it stays in its item (commentary and furniture headings are
    kept: they end the item)."""
    return (
        unit.kind in ("heading", "bold", "text")
        and not unit.head
        and is_sub_heading(unit.text)
        and not is_commentary(unit.text, gazetteer)
        and not FURNITURE.match(unit.text)
    )


def _masthead(item: OutlineItem) -> bool:
    """An "item" before the first section of a newsletter that has sections, with no text
    of its own or no date at all: the masthead, a memo's header, a one-line summary."""
    if item.paragraphs == [item.headline]:
        return True
    text = " ".join([item.headline, item.dateline or "", *item.paragraphs])
    return not find_dates(text)


def _sections_with_markers(
    units: list[Unit], sections: list[bool], title: bool = False
) -> list[bool]:
    """For each unit: whether its section has any item marker (numbered, bulleted, bold...);
    the headings themselves and the newsletter's ``title`` (its first unit) do not count."""
    out = [False] * len(units)
    start = 0
    for end in [*[i for i, is_section in enumerate(sections) if is_section], len(units)]:
        has = any(
            u.marker_key is not None and not sections[k] and not (title and k == 0)
            for k, u in enumerate(units[start:end], start=start)
        )
        out[start:end] = [has] * (end - start)
        start = end
    return out


def _is_title(unit: Unit, following: list[Unit], gazetteer: Gazetteer) -> bool:
    """The newsletter's own title on its first line ("# Data Protection Monthly", "CHINA
    PRIVACY BRIEFING"): not a section name, not a heading right over items."""
    nxt = following[0] if following else None
    if is_section_name(unit.text, gazetteer) or (nxt is not None and nxt.marker_key):
        return False
    if unit.kind == "heading" and unit.form == "md":
        return unit.level == 1 or bool(nxt and nxt.kind != "heading")
    return unit.kind in ("heading", "bold", "text") and not unit.text.endswith(SENTENCE_END)


def _item_from(unit: Unit, section: _Section, key: tuple[object, ...]) -> OutlineItem:
    text = unit.text
    paragraphs: list[str] = []
    meta, hints = [], []
    dateline = unit.dateline
    if unit.head:
        headline = unit.head
        paragraphs = [text] if text else []
    elif unit.byline is not None:  # "30 June 2022 | CAC": data, not the item's text
        headline = clean_heading(text) if unit.kind == "heading" else text
        labelled = read_meta(unit.byline) or Meta(text=[unit.byline], authorities=[unit.byline])
        meta, hints, dateline = labelled.text, labelled.authorities, labelled.date or dateline
    elif key[0] == "table" and len(unit.cells) > 1:
        headline = row_headline(unit.cells)  # not "Date: ...; Regulator: ..." (the text)
        paragraphs = [text]
    elif dateline is not None:
        _, rest = split_dateline(text)
        headline = first_sentence(rest)
        paragraphs = [rest]
    elif key[0] in ("bullet", "table", "paragraph") or _is_long(text):
        headline = first_sentence(_DATE_OPENER.sub("", LEADING_TAG.sub("", text)))
        headline = headline[:1].upper() + headline[1:]
        paragraphs = [text] if headline != text else []
    elif key[0] == "heading":
        headline = clean_heading(text)  # "### 1.1 Title": the title without its number
        if dateline is not None:
            headline = split_dateline(headline)[1]  # "### 22 June 2022: CAC fines ..."
    elif key[0] == "bold" and dateline is not None:
        headline = split_dateline(text)[1]
    else:
        headline = text
    dated = _DATED_HEADLINE.search(headline)
    if dated and find_dates(dated.group(1)) and len(headline) > dated.end() - dated.start() + 10:
        # "Beijing Data Exchange Opens ... (30 June 2022)": the date is the dateline.
        headline = headline[: dated.start()]
        dateline = dateline or dated.group(1)
    return OutlineItem(
        section=section.name,
        position=section.items,
        headline=headline,
        line=unit.line,
        paragraphs=paragraphs,
        url=unit.links[0] if unit.links else None,
        dateline=dateline,
        kind=key,
        meta=meta,
        authority_hints=hints,
    )


def _weight(text: str) -> int:
    """Length with a Chinese character counted twice (it carries about a word)."""
    return len(text) + len(CJK.findall(text))


def _is_long(text: str) -> bool:
    return len(text) > 300 or bool(re.search(r"[a-z)][.!?]\s+[A-Z]|[。！？].", text))


def first_sentence(text: str) -> str:
    """The text's first sentence, cut at a word near ``_HEADLINE_CHARS``."""
    sentences = split_sentences(text)
    sentence = (sentences[0] if sentences else text).rstrip(" .。")
    if len(sentence) <= _HEADLINE_CHARS:
        return sentence
    cut = sentence[:_HEADLINE_CHARS]
    space = cut.rfind(" ")
    return (cut[:space] if space > 100 else cut).rstrip(" ,;:") + " …"


def _paragraph(unit: Unit) -> str:
    if unit.head:
        return f"{unit.head}: {unit.text}"
    return unit.text
