"""The units of a newsletter's text: headings, list items, paragraphs, table rows.

``lex`` reads canonical structured text (a Markdown subset: ``#`` headings, paragraphs
between blank lines, ``- `` / ``1. `` / ``1.1 `` list items indented two spaces a level,
``**bold**``, ``[text](url)``, ``| a | b |`` rows) or plain text, joins wrapped lines to the
unit they continue, and tells each unit's form: Markdown, setext, ALL-CAPS and 【】 headings;
numbered ("1.", "1.1", "1、", "一、", "(一)") and bulleted ("- ", "•", "◆", "▌") items; bold
lines and bold leads; datelines ("22 Jun 2022 – ...", "6月22日，..."); "Read more" links.
Which units are sections and which start items is decided in ``outline``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core.knowledge.ingest.dates import find_dates
from bot.core.lexicon.numbers import CJK_SMALL_NUMERAL, parse_cjk_numeral

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_BRACKET = re.compile(r"^【([^】]{1,30})】\s*[:：]?\s*$")
_TABLE = re.compile(r"^\|(.*)\|\s*$")
_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?|-\s*\d+\s*-|\d+\s*/\s*\d+)$", re.I
)
_RULE_LINE = re.compile(r"^(?:[=]{3,}|[-]{3,}|[*]{3,}|[_]{3,}|[~]{3,})$")
_TABLE_RULE = re.compile(r"^\|[\s:|-]+\|\s*$")
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
_BOLD_LINE = re.compile(r"^(?:\*\*|__)(?P<text>[^*_].*?)(?:\*\*|__)\s*[:：.]?\s*$")
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
_OPEN_END = re.compile(r"(?:[,;(\-–—、，；]|\b(?:and|or|of|the|to|for|on|in|a|an|by|with))$")
_OPENER = re.compile(
    r"^(?:On|In|The|This|These|According|It|A|An|During|As|Since|Last|Earlier|Recently|"
    r"Following|After|Under|\d)\b"
)


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


def _indent(line: str) -> int:
    expanded = line.replace("\t", "    ")
    return len(expanded) - len(expanded.lstrip(" "))


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


def _numeral(text: str) -> int | None:
    """ "3" or "三" -> 3; ``None`` for characters that make no numeral."""
    try:
        return int(text) if text.isdigit() else parse_cjk_numeral(text)
    except ValueError:
        return None


def _marker(
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
    if match and (value := _numeral(match.group("num"))) is not None:
        return "numbered", "cjk", 1, (value,), match.group("text")
    match = _PAREN.match(stripped)
    if match and (value := _numeral(match.group("num"))) is not None:
        return "numbered", "paren", 1, (value,), match.group("text")
    match = _BULLET.match(stripped)
    if match and not stripped.startswith(("**", "__")):
        return "bullet", match.group("mark") or match.group("glyph"), 0, (), match.group("text")
    return None


def lex(text: str) -> list[Unit]:
    """The text's units, with wrapped lines joined to the unit they continue."""
    units: list[Unit] = []
    blank = True
    bullet_indents: list[int] = []
    last_item: int | None = None  # the last top-level arabic item number seen
    lines = text.splitlines()
    width = _wrap_width(lines)
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            blank = True
            continue
        indent = _indent(raw)
        stripped = raw.strip()
        previous = units[-1] if units else None
        if _PAGE_NUMBER.match(stripped):
            continue  # "Page 2 of 5", "- 3 -": a page's footer in text taken from a PDF
        if _RULE_LINE.match(stripped):
            # "Title\n=====" (a setext heading) or a horizontal rule between items.
            if previous is not None and not blank and previous.kind == "text":
                previous.kind, previous.form = "heading", "md"
                previous.level = 1 if stripped[0] == "=" else 2
            blank = True
            continue
        after = last_item
        if (
            previous is not None
            and not blank
            and _continues(previous, stripped, indent, width, after)
        ):
            clean, links = strip_inline(stripped)
            previous.text = (
                f"{previous.text} {clean}"
                if CJK.search(clean[:1]) is None
                else (previous.text + clean)
            )
            previous.links += links
            previous.last_line_length = len(stripped)
            blank = False
            continue
        unit = _unit(stripped, number, indent, bullet_indents, after)
        if unit.kind == "numbered" and unit.form == "arabic" and len(unit.number) == 1:
            last_item = unit.number[0]
        units.append(unit)
        blank = False
    for unit in units:
        if (
            unit.dateline is None
            and unit.kind in ("text", "bullet", "numbered", "bold")
            or (unit.kind == "heading" and unit.form == "md")
        ):
            unit.dateline, _ = split_dateline(unit.text)
    return _attach_bylines(units)


def _attach_bylines(units: list[Unit]) -> list[Unit]:
    """A dateline that is no sentence ("30 June 2022 | Cyberspace Administration of China")
    right under a title (a heading, a bold or linked line) is the title's byline: the
    title becomes an item's headline dated by it, whatever marker the title has."""
    out: list[Unit] = []
    for unit in units:
        previous = out[-1] if out else None
        if (
            previous is not None
            and is_byline(unit)
            and previous.byline is None
            and previous.dateline is None
            and _title_like(previous)
        ):
            previous.dateline = unit.dateline
            previous.byline = split_dateline(unit.text)[1]
            previous.links += unit.links
            continue
        out.append(unit)
    return out


def is_byline(unit: Unit) -> bool:
    """A short dated line that is no sentence: a date and a source or place."""
    if unit.kind != "text" or unit.dateline is None or unit.head:
        return False
    rest = split_dateline(unit.text)[1]
    return len(rest.split()) <= 12 and len(rest) <= 90 and not rest.endswith(SENTENCE_END)


def _title_like(unit: Unit) -> bool:
    if unit.kind == "heading":
        return unit.form in ("md", "caps")
    if unit.kind not in ("text", "bold") or unit.head:
        return False
    return len(unit.text) <= 250 and not unit.text.endswith(SENTENCE_END)


def _continues(
    previous: Unit, stripped: str, indent: int, width: int, after: int | None = None
) -> bool:
    """Whether a line, with no blank line before it, goes on with the unit before it: the
    unit's last line was wrapped (near the text's width, or open-ended), or this line is
    indented under it or starts in lower case. A short line over text is a headline."""
    if previous.kind not in ("text", "numbered", "bullet"):
        return False
    if _marker(stripped, after) or _MD_HEADING.match(stripped) or _TABLE.match(stripped):
        return False
    if _BOLD_LINE.match(stripped) or _BRACKET.match(stripped):
        return False
    if indent > previous.indent or stripped[:1].islower() or _OPEN_END.search(previous.text):
        return True
    wrapped = previous.last_line_length >= width * 0.7
    if previous.kind == "text":
        return wrapped
    # A long numbered or bulleted title over a body that opens a sentence of its own.
    return wrapped and not previous.text.endswith(SENTENCE_END) and not _OPENER.match(stripped)


def _wrap_width(lines: list[str]) -> int:
    """The width the text is wrapped at: the 90th percentile of its line lengths."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def _unit(
    stripped: str, line: int, indent: int, bullet_indents: list[int], after: int | None = None
) -> Unit:
    match = _MD_HEADING.match(stripped)
    if match:
        clean, links = strip_inline(match.group(2))
        return Unit("heading", line, clean, "md", len(match.group(1)), links=links)
    match = _BRACKET.match(stripped)
    if match:
        return Unit("heading", line, match.group(1).strip(), "bracket", 2)
    if _TABLE_RULE.match(stripped):
        return Unit("rule", line, "")
    match = _TABLE.match(stripped)
    if match:
        cells = [strip_inline(c)[0] for c in match.group(1).split("|")]
        links = [link for c in match.group(1).split("|") for link in strip_inline(c)[1]]
        dates = [c for c in cells if _is_date(c)]
        text = "; ".join(c for c in cells if c and c not in dates[:1])
        return Unit("table", line, text, links=links, dateline=dates[0] if dates else None)
    match = _BOLD_LINE.match(stripped)
    if match:
        clean, links = strip_inline(match.group("text"))
        return Unit("bold", line, clean, links=links)
    marker = _marker(stripped, after)
    if marker is not None:
        kind, form, depth, number, rest = marker
        if kind == "bullet":
            while bullet_indents and bullet_indents[-1] > indent:
                bullet_indents.pop()
            if not bullet_indents or bullet_indents[-1] < indent:
                bullet_indents.append(indent)
            depth = len(bullet_indents) - 1
        head, rest_text = _bold_lead(rest)
        clean, links = strip_inline(rest_text)
        unit = Unit(kind, line, clean, form, depth, number, head=head, links=links)
        unit.last_line_length, unit.indent = len(stripped), indent
        return unit
    more = _MORE_LINK.match(stripped)
    if more:
        return Unit("link", line, "", links=[more.group(1)])
    head, rest_text = _bold_lead(stripped)
    clean, links = strip_inline(rest_text)
    if head is None and _is_caps(clean) and not CJK.search(clean):
        return Unit("heading", line, clean, "caps", 2, links=links)
    unit = Unit("text", line, clean, head=head, links=links)
    unit.last_line_length, unit.indent = len(stripped), indent
    return unit


def _bold_lead(text: str) -> tuple[str | None, str]:
    match = _BOLD_LEAD.match(text)
    if not match:
        return None, text
    head = strip_inline(match.group("head"))[0].rstrip(" .:：")
    return (head or None), match.group("text")
