"""The units the splitter works on: headings, list items, paragraphs, table rows, each with
its form.

A ``Unit`` is made from a typed block (``block_units``): its kind, level, number, cells and
position come from the block; what its inline text says is told here, the same for every
reader: ALL-CAPS and 【】 headings; numbers and bullets printed in a paragraph's text ("1.",
"1.1", "1、", "一、", "(一)", "•", "◆", "▌"); bold lines and bold leads; datelines ("22 Jun
2022 – ...", "6月22日，..."); "Read more" links. Which units are sections and which start
items is decided in ``outline``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core.knowledge.ingest.blocks import Block
from bot.core.knowledge.ingest.dates import find_dates
from bot.core.lexicon.numbers import CJK_SMALL_NUMERAL, parse_cjk_numeral

MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
BRACKET = re.compile(r"^【([^】]{1,30})】\s*[:：]?\s*$")
TABLE_ROW = re.compile(r"^\|(.*)\|\s*$")
PAGE_NUMBER = re.compile(
    r"^(?:(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?|-\s*\d+\s*-|\d+\s*/\s*\d+)$", re.I
)
RULE_LINE = re.compile(r"^(?:[=]{3,}|[-]{3,}|[*]{3,}|[_]{3,}|[~]{3,})$")
TABLE_RULE = re.compile(r"^\|[\s:|-]+\|\s*$")
_ARABIC = re.compile(
    r"^(?:(?P<path>\d+(?:\.\d+)+)\s+|(?P<num>\d+(?:\.\d+)*)[.)、．]\s*)(?P<text>\S.*)$"
)
"""A numbered line: "1. ", "12) ", "1000. ", "3、", "1.1. ", or a dotted number then a space
("1.1 Title"); numbers of any length. A bare number and a space ("120 apps were named") is
text."""
_CJK_NUMBER = re.compile(rf"^(?P<num>{CJK_SMALL_NUMERAL})[、.．]\s*(?P<text>\S.*)$")
_PAREN = re.compile(rf"^[(（](?P<num>\d{{1,2}}|{CJK_SMALL_NUMERAL})[)）]\s*(?P<text>\S.*)$")
_BULLET = re.compile(
    r"^(?:(?P<mark>[-*+])\s+|(?P<glyph>[•◆◇■□▪●○·►▶➢✓▌▍▎❖★☆✔➤])\s*)(?P<text>\S.*)$"
)
BOLD_LINE = re.compile(r"^(?:\*\*|__)(?P<text>[^*_].*?)(?:\*\*|__)\s*[:：.]?\s*$")
_BOLD_LEAD = re.compile(r"^(?:\*\*|__)(?P<head>[^*_].*?)(?:\*\*|__)\s*[:：.–—-]?\s*(?P<text>\S.*)$")
LEADING_TAG = re.compile(r"^【[^】]{1,12}】\s*")
_MORE_LINK = re.compile(
    r"^(?:\*\*|__)?\[\s*(?:read\s+more|more|read\s+on|source|link|details|full\s+text|here|"
    r"click\s+here|原文|阅读原文|详情|点击查看|链接)\s*[.:>»→]*\s*\]\((https?://[^)\s]+)\)"
    r"(?:\*\*|__)?\s*[.>»→]*$",
    re.IGNORECASE,
)
"""A line that is only a "Read more" link: the link of the item above, no text of it."""
_LINK = re.compile(r"\[([^\]]*)\]\((https?://[^)\s]+)\)")
_EMPHASIS = re.compile(r"\*\*|__")
_ITALIC = re.compile(r"(?<![\w*])[*_](?=\S)([^*_]+?)(?<=\S)[*_](?![\w*])")
_DATELINE_SEP = re.compile(r"^\s*(?:--|[–—:|-])\s*")
_CJK_DATELINE_SEP = re.compile(r"^\s*[，,：:\s–—-]\s*")
SENTENCE_END = tuple(".。!?！？;；:：")
CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class Unit:
    """One structural piece of the text: a heading, a list item, a paragraph, a table row."""

    kind: str  # heading | bold | numbered | bullet | text | table
    line: int
    text: str
    form: str = ""  # heading: md/caps/bracket/plain; numbered: arabic/cjk/paren
    level: int = 0  # heading: Markdown level; numbered: depth; bullet: indent level
    number: tuple[int, ...] = ()
    head: str | None = None  # a bold lead ("**Title.** text")
    dateline: str | None = None  # a leading date ("22 Jun 2022 – ...")
    links: list[str] = field(default_factory=list)
    last_line_length: int = 0
    indent: int = 0
    byline: str | None = None  # "30 June 2022 | CAC" under a headline: what follows the date
    cells: list[str] = field(default_factory=list)  # a table row's values, under a header
    values: list[str] = field(default_factory=list)  # a table row's cells as printed
    header: bool = False  # a table's header row: it labels the cells of the rows under it
    block: Block | None = field(default=None, compare=False, repr=False)
    """The block the unit was made from (its role, position, type size)."""

    @property
    def marker_key(self) -> tuple[object, ...] | None:
        """The form of item this unit would start, or ``None`` for plain text."""
        if self.kind == "numbered":
            return ("numbered", self.form, self.level)
        if self.kind == "bullet":
            return ("bullet", self.level)
        if self.kind == "heading" and self.form == "md":
            return ("heading", self.level)
        if self.kind == "heading" and self.form == "caps":
            return ("caps",)  # when not a section: an item's headline in capitals
        if self.kind == "bold" or (self.kind == "text" and self.head):
            return ("bold",)
        if self.kind == "text" and self.dateline:
            return ("dateline",)
        if self.kind == "table":
            return ("table",)
        return None


def strip_inline(text: str) -> tuple[str, list[str]]:
    """Text without Markdown links and emphasis, and the links it held."""
    links = [m.group(2) for m in _LINK.finditer(text)]
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _ITALIC.sub(lambda m: m.group(1), _EMPHASIS.sub("", text))
    return text.strip(), links


def _is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return (
        len(letters) >= 4
        and all(ch.isupper() for ch in letters if ch.isascii())
        and all(ch.isascii() for ch in letters)
        and len(text.split()) <= 10
        and not text.rstrip().endswith(SENTENCE_END[:2])
    )


def _is_date(text: str) -> bool:
    """A table cell that is a date and nothing else."""
    found = find_dates(text)
    return len(found) == 1 and found[0].start == 0 and found[0].end >= len(text.strip()) - 1


def split_dateline(text: str) -> tuple[str | None, str]:
    """A date that leads ``text`` as a dateline (after a 【北京】 tag, if any), and the text
    after it."""
    text = LEADING_TAG.sub("", text)
    dates = find_dates(text[:40])
    if not dates or dates[0].start != 0:
        return None, text
    mention = dates[0]
    rest = text[mention.end :]
    cjk = bool(CJK.search(text[: mention.end]))
    separator = (_CJK_DATELINE_SEP if cjk else _DATELINE_SEP).match(rest)
    if separator is None or mention.day is None and not cjk:
        return None, text
    body = rest[separator.end() :].strip()
    if not body:
        return None, text
    return text[: mention.end].strip(), body


def numeral(text: str) -> int | None:
    """ "3" or "三" -> 3; ``None`` for characters that make no numeral."""
    try:
        return int(text) if text.isdigit() else parse_cjk_numeral(text)
    except ValueError:
        return None


def marker(
    stripped: str, after: int | None = None
) -> tuple[str, str, int, tuple[int, ...], str] | None:
    """(kind, form, depth, number, text) of a numbered or bulleted line."""
    match = _ARABIC.match(stripped)
    if match and split_dateline(stripped)[0] is None:
        number = tuple(int(n) for n in (match.group("num") or match.group("path")).split("."))
        # a lone 1900 or more is a year a wrapped line starts with ("2022. The rules..."),
        # unless it is the next of the numbered items before it: items may number thousands
        year_like = len(number) == 1 and number[0] >= 1900
        if not year_like or (after is not None and number[0] == after + 1):
            return "numbered", "arabic", len(number), number, match.group("text")
    match = _CJK_NUMBER.match(stripped)
    if match and (value := numeral(match.group("num"))) is not None:
        return "numbered", "cjk", 1, (value,), match.group("text")
    match = _PAREN.match(stripped)
    if match and (value := numeral(match.group("num"))) is not None:
        return "numbered", "paren", 1, (value,), match.group("text")
    match = _BULLET.match(stripped)
    if match and not stripped.startswith(("**", "__")):
        return "bullet", match.group("mark") or match.group("glyph"), 0, (), match.group("text")
    return None


def classify_line(
    stripped: str, line: int, indent: int, bullet_indents: list[int], after: int | None = None
) -> Unit:
    """The unit one line of inline text (``**bold**``, ``[text](url)``) makes on its own: a
    heading (``#``, 【】, ALL CAPS), a table row or rule, a bold line, a numbered or bulleted
    item (``after``: the number of the last top-level item, so a year is not taken for one;
    ``bullet_indents``: the indents of the bullets above, for their depth), a "Read more"
    link, or text (with its bold lead)."""
    match = MD_HEADING.match(stripped)
    if match:
        clean, links = strip_inline(match.group(2))
        return Unit("heading", line, clean, "md", len(match.group(1)), links=links)
    match = BRACKET.match(stripped)
    if match:
        return Unit("heading", line, match.group(1).strip(), "bracket", 2)
    if TABLE_RULE.match(stripped):
        return Unit("rule", line, "")
    match = TABLE_ROW.match(stripped)
    if match:
        return table_row(split_cells(stripped), line)
    match = BOLD_LINE.match(stripped)
    if match:
        clean, links = strip_inline(match.group("text"))
        return Unit("bold", line, clean, links=links)
    found = marker(stripped, after)
    if found is not None:
        kind, form, depth, number, rest = found
        if kind == "bullet":
            while bullet_indents and bullet_indents[-1] > indent:
                bullet_indents.pop()
            if not bullet_indents or bullet_indents[-1] < indent:
                bullet_indents.append(indent)
            depth = len(bullet_indents) - 1
        unit = list_unit(kind, form, depth, number, rest, line)
        unit.last_line_length, unit.indent = len(stripped), indent
        return unit
    more = _MORE_LINK.match(stripped)
    if more:
        return Unit("link", line, "", links=[more.group(1)])
    head, rest_text, head_links = _bold_lead(stripped)
    clean, links = strip_inline(rest_text)
    links = head_links + links
    if head is None and _is_caps(clean) and not CJK.search(clean):
        return Unit("heading", line, clean, "caps", 2, links=links)
    unit = Unit("text", line, clean, head=head, links=links)
    unit.last_line_length, unit.indent = len(stripped), indent
    return unit


def list_unit(
    kind: str, form: str, depth: int, number: tuple[int, ...], inline: str, line: int
) -> Unit:
    """A numbered or bulleted item's unit from its inline text (without its marker)."""
    head, rest_text, head_links = _bold_lead(inline)
    clean, links = strip_inline(rest_text)
    return Unit(kind, line, clean, form, depth, number, head=head, links=head_links + links)


def split_cells(row: str) -> list[str]:
    """The inline text of each cell of a ``| a | b |`` row."""
    match = TABLE_ROW.match(row)
    return match.group(1).split("|") if match else [row]


def table_row(cells: list[str], line: int) -> Unit:
    """A table row's unit from its cells' inline text: its cells joined by "; ", a cell that
    is only a date taken as its dateline."""
    values = [strip_inline(c)[0] for c in cells]
    links = [link for c in cells for link in strip_inline(c)[1]]
    dates = [c for c in values if _is_date(c)]
    text = "; ".join(c for c in values if c and c not in dates[:1])
    unit = Unit("table", line, text, links=links, dateline=dates[0] if dates else None)
    unit.values = values
    return unit


def _bold_lead(text: str) -> tuple[str | None, str, list[str]]:
    """A bold lead ("**Title.** text"): the title, the text after it, and the title's links
    (a headline in bold that links to the story)."""
    match = _BOLD_LEAD.match(text)
    if not match:
        return None, text, []
    head, links = strip_inline(match.group("head"))
    return (head.rstrip(" .:：") or None), match.group("text"), links
