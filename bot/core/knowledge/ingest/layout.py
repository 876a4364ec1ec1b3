"""Splitting a newsletter's text into sections and items, in either known layout.

*Footnoted* layout: a headline line, then a paragraph that ends with a footnote number;
items before the first heading come first, then headings such as "Enforcement Cases";
the footnotes ("13 https://...") at the end give each item's link.

Any other layout (numbered items under section headings, Markdown, bulleted or bold
headlines, datelines, Chinese 【section】 newsletters) is split by ``outline``; it is
reported as *numbered* when every item was numbered, else as *outline*.

This module only finds the structure; dates, amounts and names are read elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.ingest.blocks import Block as TypedBlock
from bot.core.knowledge.ingest.blocks import box_starts, flow
from bot.core.knowledge.ingest.errors import ParseError, ParseWarning
from bot.core.knowledge.ingest.lexer import lex_blocks
from bot.core.knowledge.ingest.outline import parse_outline

HEADLINES_SECTION = "Headlines"
"""The section of items printed before the first heading."""

_FOOTNOTE_LINE = re.compile(r"^\s*(\d+)\s+(https?://\S+)\s*$")
_NUMBERED = re.compile(r"^(\d+)[.)]\s+(\S.*)$", re.DOTALL)
_TRAILING_NUMBER = re.compile(r"(?<!\d)(\d+)\s*$")
_REF_PUNCTUATION = tuple(".。!?！？;)）\"”’'」』》")
_DATE_LED = re.compile(r"^(?:On|In|During|Since|As of|It was reported|According to)\b")
_SENTENCE_END = tuple(".。!?！？;:：,，")

_BOILERPLATE = re.compile(
    r"intended to provide a general guide"
    r"|specialist advice should be sought"
    r"|does not constitute (?:legal )?advice"
    r"|for general information (?:purposes )?only"
    r"|\bsubscribe\b"
    r"|\bunsubscribe\b"
    r"|please read our articles"
    r"|please contact\b"
    r"|all rights reserved"
    r"|originated from outside (?:of )?(?:the|your|our) (?:organi[sz]ation|company|firm)"
    r"|^\W*(?:from|发件人)\s*[:：].{0,200}?\b(?:sent|date|发送时间|日期)\s*[:：].{0,200}?"
    r"(?:\bsubject|主题)\s*[:：]"
    r"|-{3,}\s*(?:original message|forwarded message)\s*-{3,}"
    r"|do not click (?:on )?links"
    r"|(?:scan|long[- ]press)\b.{0,30}\bQR code|扫码关注|长按(?:识别)?二维码|点击(?:上方)?蓝字关注"
    r"|\[email\s*protected\]",
    re.IGNORECASE,
)


class Layout(StrEnum):
    FOOTNOTED = "footnoted"
    NUMBERED = "numbered"
    OUTLINE = "outline"  # headings and items of any other form (see ``outline``)


@dataclass(frozen=True)
class Block:
    """A paragraph: lines between blank lines, joined with spaces."""

    line: int  # 1-based line of its first line
    text: str
    raw_lines: tuple[str, ...] = ()


@dataclass
class RawItem:
    section: str
    position: int
    headline: str
    line: int
    paragraphs: list[str] = field(default_factory=list)
    footnote: int | None = None
    url: str | None = None
    dateline: str | None = None  # the date the item is printed under ("22 Jun 2022 – ...")
    meta: list[str] = field(default_factory=list)  # labelled data under its headline
    authority_hints: list[str] = field(default_factory=list)  # the authorities it names

    @property
    def ref(self) -> str:
        return f"{self.section} #{self.position}"

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass
class Structure:
    layout: Layout
    items: list[RawItem]
    footnotes: dict[int, str]
    warnings: list[ParseWarning] = field(default_factory=list)


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def split_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append(Block(start, collapse(" ".join(current)), tuple(current)))
            current = []
    if current:
        blocks.append(Block(start, collapse(" ".join(current)), tuple(current)))
    return blocks


def is_boilerplate(text: str) -> bool:
    return bool(_BOILERPLATE.search(text))


def looks_like_heading(text: str) -> bool:
    """A short line that is not a sentence: a candidate section heading."""
    words = text.split()
    return (
        0 < len(words) <= 8
        and len(text) <= 70
        and not text.endswith(_SENTENCE_END)
        and not _NUMBERED.match(text)
        and not _TRAILING_NUMBER.search(text)
        and text[:1].isupper()
    )


def looks_like_headline(text: str) -> bool:
    """A title rather than a body paragraph: not led by a date, one sentence at most."""
    return (
        len(text.split()) <= 40
        and not _DATE_LED.match(text)
        and not re.search(r"[a-z)][.!?]\s+[A-Z]", text)
    )


def _footnote_block(block: Block) -> list[tuple[int, str]] | None:
    found = [_FOOTNOTE_LINE.match(line) for line in block.raw_lines]
    if not found or not all(found):
        return None
    return [(int(m.group(1)), m.group(2)) for m in found if m]


def detect_layout(blocks: list[Block]) -> Layout:
    if any(_footnote_block(b) for b in blocks):
        return Layout.FOOTNOTED
    return Layout.OUTLINE


def parse_structure(
    text: str,
    file_name: str,
    gazetteer: Gazetteer,
    typed: Sequence[TypedBlock] | None = None,
) -> Structure:
    """The structure of a newsletter: ``typed`` the blocks its reader handed over (None for
    plain text: ``text`` is lexed into blocks). ``text`` is what the footnoted layout is
    told by (a seed's footnote lines), and the text of messages."""
    blocks = split_blocks(text)
    if not blocks:
        raise ParseError(file_name, 1, "the file is empty: no developments found")
    if detect_layout(blocks) is Layout.FOOTNOTED:
        structure = _parse_footnoted(blocks, file_name, gazetteer)
    else:
        flowing = lex_blocks(text) if typed is None else flow(typed)
        breaks = box_starts(typed) if typed is not None else frozenset()
        structure = _parse_outline(flowing, file_name, gazetteer, breaks)
    if not structure.items:
        raise ParseError(
            file_name,
            blocks[0].line,
            "no developments found: no items were recognised (numbered, bulleted or bold "
            "headlines, datelines, sub-headings, or footnoted paragraphs) under any section",
        )
    return structure


def _known_heading(text: str, gazetteer: Gazetteer) -> bool:
    return gazetteer.section_category(text) is not None or gazetteer.is_commentary_heading(text)


# --- footnoted layout --------------------------------------------------------------------


def _footnote_ref(text: str, expected: int) -> int | None:
    """The footnote number a body paragraph ends with, or ``None``."""
    match = _TRAILING_NUMBER.search(text)
    if not match:
        return None
    number = int(match.group(1))
    prefix = text[: match.start()]
    stripped = prefix.rstrip()
    if not stripped:
        return None
    decimal_like = prefix.endswith(".") and len(prefix) > 1 and prefix[-2].isdigit()
    if number == expected and len(text) > 40:
        return number
    if stripped.endswith(_REF_PUNCTUATION) and not decimal_like:
        return number
    return None


def _parse_footnoted(blocks: list[Block], file_name: str, gazetteer: Gazetteer) -> Structure:
    footnotes: dict[int, str] = {}
    footnote_lines: dict[int, int] = {}
    first_footnote = len(blocks)
    for index, block in enumerate(blocks):
        notes = _footnote_block(block)
        if notes is None:
            continue
        first_footnote = min(first_footnote, index)
        for offset, (number, url) in enumerate(notes):
            if number in footnotes and footnotes[number] != url:
                raise ParseError(
                    file_name, block.line + offset, f"footnote {number} is given twice"
                )
            footnotes[number] = url
            footnote_lines[number] = block.line + offset
    content = blocks[:first_footnote]

    items: list[RawItem] = []
    warnings: list[ParseWarning] = []
    section = HEADLINES_SECTION
    commentary = False
    position = 0
    expected = 1
    i = 0
    while i < len(content):
        block = content[i]
        if is_boilerplate(block.text):
            i += 1
            continue
        if _known_heading(block.text, gazetteer) or (
            # An unknown heading: a short line, then a headline, then a footnoted body.
            looks_like_heading(block.text)
            and i + 2 < len(content)
            and _footnote_ref(content[i + 1].text, expected) is None
            and looks_like_headline(content[i + 1].text)
            and _footnote_ref(content[i + 2].text, expected) is not None
        ):
            section = block.text
            commentary = gazetteer.is_commentary_heading(block.text)
            position = 0
            i += 1
            continue
        if _footnote_ref(block.text, expected) is not None:
            raise ParseError(
                file_name, block.line, "a paragraph ending in a footnote number has no headline"
            )
        # The item: this headline, then paragraphs up to the one that ends with a footnote.
        headline = block
        paragraphs: list[str] = []
        footnote: int | None = None
        j = i + 1
        while j < len(content):
            candidate = content[j]
            if _known_heading(candidate.text, gazetteer):
                break
            if is_boilerplate(candidate.text):
                j += 1
                continue
            ref = _footnote_ref(candidate.text, expected)
            if ref is not None:
                paragraphs.append(_strip_ref(candidate.text))
                footnote = ref
                j += 1
                break
            paragraphs.append(candidate.text)
            j += 1
        i = j
        if commentary:
            continue
        if not paragraphs:
            raise ParseError(file_name, headline.line, f"headline without text: {headline.text!r}")
        position += 1
        item = RawItem(section, position, headline.text, headline.line, paragraphs, footnote)
        if footnote is None:
            warnings.append(
                ParseWarning(file_name, headline.line, f"{item.ref} has no footnote number")
            )
        else:
            link = footnotes.get(footnote)
            if link is None:
                raise ParseError(
                    file_name,
                    content[j - 1].line,
                    f"footnote {footnote} referenced but no link for it at the end",
                )
            item.url = link
            expected = footnote + 1
        items.append(item)
    return Structure(Layout.FOOTNOTED, items, footnotes, warnings)


def _strip_ref(text: str) -> str:
    return _TRAILING_NUMBER.sub("", text).rstrip()


# --- any other layout -------------------------------------------------------------------


def _parse_outline(
    blocks: Sequence[tuple[int, TypedBlock]],
    file_name: str,
    gazetteer: Gazetteer,
    breaks: frozenset[int],
) -> Structure:
    found, warnings = parse_outline(
        blocks, file_name, gazetteer, HEADLINES_SECTION, is_boilerplate, breaks
    )
    items = [
        RawItem(
            o.section,
            o.position,
            collapse(o.headline),
            o.line,
            o.paragraphs,
            url=o.url,
            dateline=o.dateline,
            meta=o.meta,
            authority_hints=o.authority_hints,
        )
        for o in found
    ]
    numbered = bool(found) and all(o.kind[0] == "numbered" for o in found)
    return Structure(Layout.NUMBERED if numbered else Layout.OUTLINE, items, {}, warnings)
