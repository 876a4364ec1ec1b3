"""Splitting a newsletter in any outline layout into sections and items.

The text is the canonical structured text the readers produce (a Markdown subset: ``#``
headings, paragraphs between blank lines, ``- `` / ``1. `` / ``1.1 `` list items indented by
two spaces a level, ``**bold**``, ``[text](url)`` links, ``| a | b |`` table rows) or plain
text in any sensible layout.

Sections come from any heading form: Markdown headings, ALL-CAPS lines, 【监管执法】, a bold
or short line naming a section ("**Enforcement**", "Market Watch"), a numbered heading
whose items are numbered beneath it ("1. Legislation" over "1.1" ... "1.5"), or "一、".

Items: within a section, the first item marker found sets the form of its items —
numbered ("1.", "1.1", "1、", "(一)"), bulleted ("- ", "•", "◆"), bold headlines
("**Title**" alone or leading a paragraph), datelines ("22 Jun 2022 – CAC ...",
"6月22日，..."), sub-headings, table rows, or a short headline line over its text — and
each later marker of the same form (in sequence, for numbers) starts the next item; any
other marker is part of the item's text. Commentary sections ("Key highlights", "Action
points"), commentary inside an item ("Our view: ..."), introductions before a section's
first item and sign-offs are kept out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.ingest.dates import find_dates
from bot.core.knowledge.ingest.errors import ParseWarning
from bot.core.knowledge.ingest.penalties import split_sentences
from bot.core.knowledge.ingest.sections import (
    clean_heading,
    is_commentary,
    is_section_name,
    known_category,
)
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
    r"^(?:(?P<path>\d{1,2}(?:\.\d{1,2})+)\s+|(?P<num>\d{1,3}(?:\.\d{1,2})*)[.)、．]\s*)(?P<text>\S.*)$"
)
"""A numbered line: "1. ", "12) ", "3、", "1.1. ", or a dotted number then a space ("1.1 Title");
a bare number and a space ("120 apps were named") is text."""
_CJK_NUMBER = re.compile(rf"^(?P<num>{CJK_SMALL_NUMERAL})[、.．]\s*(?P<text>\S.*)$")
_PAREN = re.compile(rf"^[(（](?P<num>\d{{1,2}}|{CJK_SMALL_NUMERAL})[)）]\s*(?P<text>\S.*)$")
_BULLET = re.compile(
    r"^(?:(?P<mark>[-*+])\s+|(?P<glyph>[•◆◇■□▪●○·►▶➢✓▌▍▎❖★☆✔➤])\s*)(?P<text>\S.*)$"
)
_BOLD_LINE = re.compile(r"^(?:\*\*|__)(?P<text>[^*_].*?)(?:\*\*|__)\s*[:：.]?\s*$")
_BOLD_LEAD = re.compile(r"^(?:\*\*|__)(?P<head>[^*_].*?)(?:\*\*|__)\s*[:：.–—-]?\s*(?P<text>\S.*)$")
_LEADING_TAG = re.compile(r"^【[^】]{1,12}】\s*")
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
_SENTENCE_END = tuple(".。!?！？;；:：")
_COMMENTARY_LABEL = re.compile(
    r"^(?:\*\*|__)?(?:our\s+views?|our\s+comments?|our\s+take|comments?|commentary|"
    r"analysis|action\s+points?|key\s+takeaways?|takeaways?|what\s+this\s+means|"
    r"practical\s+tips|recommendations?|in\s+this\s+issue|contents|disclaimer|contacts?|"
    r"contact\s+us|about\s+us|点评|评论|律师点评|简评|分析|建议|观点|本期要点|目录|免责声明)"
    r"(?:\*\*|__)?\s*[:：]|^(?:编者按|导读|前言|引言|按语)",
    re.IGNORECASE,
)
"""A paragraph that opens commentary inside an item ("Our view: ...") or around the items."""
_SIGN_OFF = re.compile(
    r"^(?:thanks?\s+(?:you\s+)?for\s+reading|you\s+(?:are\s+)?receiv\w+\s+this|"
    r"we\s+will\s+(?:continue\s+to\s+)?(?:monitor|follow|keep)|if\s+you\s+have\s+any\s+"
    r"questions|should\s+you\s+have\s+any|for\s+(?:more|further)\s+information|"
    r"(?:kind|best|warm)\s+regards|feel\s+free\s+to\s+contact|do\s+not\s+hesitate|"
    r"this\s+(?:newsletter|update|alert|publication)\s+(?:is|was|does)|"
    r"如(?:需|有)(?:任何)?(?:疑问|问题|进一步)|本文(?:仅供|不构成)|欢迎(?:联系|垂询))",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_OPEN_END = re.compile(r"(?:[,;(\-–—、，；]|\b(?:and|or|of|the|to|for|on|in|a|an|by|with))$")
_OPENER = re.compile(
    r"^(?:On|In|The|This|These|According|It|A|An|During|As|Since|Last|Earlier|Recently|"
    r"Following|After|Under|\d)\b"
)
_DATE_OPENER = re.compile(
    r"^(?:On|In|During|As of)\s+[^,]{3,25}?(?:,\s*(?:19|20)\d\d)?,\s*(?:the\s+)?", re.IGNORECASE
)
_DATED_HEADLINE = re.compile(r"\s*[(（\[]([^()（）\[\]]{4,30})[)）\]]\s*$")
_HEADLINE_CHARS = 200


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
        and not text.rstrip().endswith(_SENTENCE_END[:2])
    )


def _is_date(text: str) -> bool:
    """A table cell that is a date and nothing else."""
    found = find_dates(text)
    return len(found) == 1 and found[0].start == 0 and found[0].end >= len(text.strip()) - 1


def _dateline(text: str) -> tuple[str | None, str]:
    """A date that leads ``text`` as a dateline (after a 【北京】 tag, if any), and the text
    after it."""
    text = _LEADING_TAG.sub("", text)
    dates = find_dates(text[:40])
    if not dates or dates[0].start != 0:
        return None, text
    mention = dates[0]
    rest = text[mention.end :]
    cjk = bool(_CJK.search(text[: mention.end]))
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


def _marker(stripped: str) -> tuple[str, str, int, tuple[int, ...], str] | None:
    """(kind, form, depth, number, text) of a numbered or bulleted line."""
    match = _ARABIC.match(stripped)
    if match and _dateline(stripped)[0] is None:
        number = tuple(int(n) for n in (match.group("num") or match.group("path")).split("."))
        if not (len(number) == 1 and number[0] >= 1900):
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
        if previous is not None and not blank and _continues(previous, stripped, indent, width):
            clean, links = strip_inline(stripped)
            previous.text = (
                f"{previous.text} {clean}"
                if _CJK.search(clean[:1]) is None
                else (previous.text + clean)
            )
            previous.links += links
            previous.last_line_length = len(stripped)
            blank = False
            continue
        units.append(_unit(stripped, number, indent, bullet_indents))
        blank = False
    for unit in units:
        if (
            unit.dateline is None
            and unit.kind in ("text", "bullet", "numbered", "bold")
            or (unit.kind == "heading" and unit.form == "md")
        ):
            unit.dateline, _ = _dateline(unit.text)
    return units


def _continues(previous: Unit, stripped: str, indent: int, width: int) -> bool:
    """Whether a line, with no blank line before it, goes on with the unit before it: the
    unit's last line was wrapped (near the text's width, or open-ended), or this line is
    indented under it or starts in lower case. A short line over text is a headline."""
    if previous.kind not in ("text", "numbered", "bullet"):
        return False
    if _marker(stripped) or _MD_HEADING.match(stripped) or _TABLE.match(stripped):
        return False
    if _BOLD_LINE.match(stripped) or _BRACKET.match(stripped):
        return False
    if indent > previous.indent or stripped[:1].islower() or _OPEN_END.search(previous.text):
        return True
    wrapped = previous.last_line_length >= width * 0.7
    if previous.kind == "text":
        return wrapped
    # A long numbered or bulleted title over a body that opens a sentence of its own.
    return wrapped and not previous.text.endswith(_SENTENCE_END) and not _OPENER.match(stripped)


def _wrap_width(lines: list[str]) -> int:
    """The width the text is wrapped at: the 90th percentile of its line lengths."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def _unit(stripped: str, line: int, indent: int, bullet_indents: list[int]) -> Unit:
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
    marker = _marker(stripped)
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
    if head is None and _is_caps(clean) and not _CJK.search(clean):
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


# --- which headings are sections ------------------------------------------------------------


def _section_flags(units: list[Unit], gazetteer: Gazetteer) -> list[bool]:
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
                or (nxt is not None and _plain_headline(nxt, units[index + 2 : index + 3]))
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
    headingish = len(unit.text.split()) <= 15 and not unit.text.endswith(_SENTENCE_END)
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
    short = 0 < len(text.split()) <= 8 and len(text) <= 70 and not text.endswith(_SENTENCE_END)
    if not short:
        return False
    if is_section_name(text, gazetteer):
        return True
    return (
        text[:1].isupper()
        and nxt is not None
        and nxt.marker_key is not None
        and nxt.kind != "table"
    )


# --- the walk ----------------------------------------------------------------------------


@dataclass
class _Section:
    name: str
    commentary: bool
    loose: list[Unit] = field(default_factory=list)  # paragraphs before any item
    items: int = 0


def parse_outline(
    text: str,
    file_name: str,
    gazetteer: Gazetteer,
    default_section: str,
    is_boilerplate: Callable[[str], bool],
) -> tuple[list[OutlineItem], list[ParseWarning]]:
    units = [u for u in lex(text) if u.kind != "rule"]
    _drop_table_headers(units)
    sections = _section_flags(units, gazetteer)
    any_section = any(sections)
    marked = _sections_with_markers(units, sections)
    items: list[OutlineItem] = []
    warnings: list[ParseWarning] = []
    section = _Section(default_section, False)
    item_key: tuple[object, ...] | None = None
    last_number = 0
    current: OutlineItem | None = None
    skipping = False

    def close() -> None:
        nonlocal current
        if current is None:
            return
        if not current.paragraphs:
            if current.kind[0] in ("numbered", "heading", "bold"):
                warnings.append(
                    ParseWarning(
                        file_name,
                        current.line,
                        f"{current.section} #{current.position} has no text under its title",
                    )
                )
            current.paragraphs.append(current.headline)
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
        if sections[index]:
            close_section()
            name = clean_heading(unit.text)
            section = _Section(name, is_commentary(name, gazetteer))
            item_key, last_number, skipping = None, 0, False
            continue
        if section.commentary:
            continue
        key = unit.marker_key
        # A short line over a paragraph is a headline only where no item has a marker (else
        # it is an introduction: "This month's enforcement actions").
        plain_allowed = not marked[index] and not (section.name == default_section and any_section)
        if key is None and plain_allowed and _plain_headline(unit, units[index + 1 : index + 2]):
            key = ("plain",)
        if key is not None and (item_key is None or key == item_key):
            number = unit.number[-1] if unit.number else None
            if number is None or number in (1, last_number + 1) or item_key is None:
                close()
                item_key, last_number = key, number or 0
                if is_commentary(unit.head or unit.text, gazetteer):
                    skipping = True
                    continue
                skipping = False
                section.items += 1
                current = _item_from(unit, section, key)
                continue
        if _COMMENTARY_LABEL.match(unit.text) or (
            unit.kind in ("bold", "heading") and is_commentary(unit.text, gazetteer)
        ):
            skipping = True
            continue
        if skipping or not unit.text or is_boilerplate(unit.text) or _sign_off(unit.text):
            continue
        if current is None:
            section.loose.append(unit)
            continue
        current.paragraphs.append(_paragraph(unit))
        if current.url is None and unit.links:
            current.url = unit.links[0]
    close_section()
    return items, warnings


def _sign_off(text: str) -> bool:
    """A closing line ("We will continue to monitor ...", "Thank you for reading.")."""
    return len(text) < 300 and any(_SIGN_OFF.match(sentence) for sentence in split_sentences(text))


def _sections_with_markers(units: list[Unit], sections: list[bool]) -> list[bool]:
    """For each unit: whether its section has any item marker (numbered, bulleted, bold...)."""
    out = [False] * len(units)
    start = 0
    for end in [*[i for i, is_section in enumerate(sections) if is_section], len(units)]:
        has = any(u.marker_key is not None for u in units[start:end])
        out[start:end] = [has] * (end - start)
        start = end
    return out


def _drop_table_headers(units: list[Unit]) -> None:
    """A table's first row, when a rule (``|---|``) followed it, is its header, not data."""
    for index, unit in enumerate(units):
        previous = units[index - 1] if index else None
        if unit.kind == "table" and (previous is None or previous.kind != "table"):
            following = units[index + 1] if index + 1 < len(units) else None
            if (
                following is not None
                and following.kind == "table"
                and unit.line + 2 == (following.line)
            ):
                unit.kind = "text"
                unit.text = ""


def _is_title(unit: Unit, following: list[Unit], gazetteer: Gazetteer) -> bool:
    """The newsletter's own title on its first line ("# Data Protection Monthly", "CHINA
    PRIVACY BRIEFING"): not a section name, not a heading right over items."""
    nxt = following[0] if following else None
    if is_section_name(unit.text, gazetteer) or (nxt is not None and nxt.marker_key):
        return False
    if unit.kind == "heading" and unit.form == "md":
        return unit.level == 1 or bool(nxt and nxt.kind != "heading")
    return unit.kind in ("heading", "bold", "text") and not unit.text.endswith(_SENTENCE_END)


def _plain_headline(unit: Unit, following: list[Unit]) -> bool:
    """A short line of its own over a paragraph of text: a headline without marker."""
    if unit.kind != "text" or unit.head or unit.dateline or not following:
        return False
    nxt = following[0]
    text = unit.text
    return (
        nxt.kind == "text"
        and not nxt.head
        and len(nxt.text) > len(text)
        and 2 <= len(text.split()) + len(_CJK.findall(text)) // 2 <= 40
        and len(text) <= 250
        and not text.endswith((*_SENTENCE_END, ",", "，"))
    )


def _item_from(unit: Unit, section: _Section, key: tuple[object, ...]) -> OutlineItem:
    text = unit.text
    paragraphs: list[str] = []
    dateline = unit.dateline
    if unit.head:
        headline = unit.head
        paragraphs = [text] if text else []
    elif dateline is not None:
        _, rest = _dateline(text)
        headline = first_sentence(rest)
        paragraphs = [rest]
    elif key[0] in ("bullet", "table", "paragraph") or _is_long(text):
        headline = first_sentence(_DATE_OPENER.sub("", _LEADING_TAG.sub("", text)))
        headline = headline[:1].upper() + headline[1:]
        paragraphs = [text] if headline != text else []
    elif key[0] == "heading":
        headline = clean_heading(text)  # "### 1.1 Title": the title without its number
        if dateline is not None:
            headline = _dateline(headline)[1]  # "### 22 June 2022: CAC fines ..."
    elif key[0] == "bold" and dateline is not None:
        headline = _dateline(text)[1]
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
    )


def _weight(text: str) -> int:
    """Length with a Chinese character counted twice (it carries about a word)."""
    return len(text) + len(_CJK.findall(text))


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
