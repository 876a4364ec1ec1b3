"""Periods longer or shorter than one date, in English and Chinese: day ranges ("from 10 to
12 May 2022", "5月10日至12日"), year ranges ("between 2020 and 2022", "2021年到2022年"),
month ranges ("May to July 2022"), weeks ("the first week
of May 2022", "the week of 16 May"), thirds of a month ("early May", "上旬"), quarters
("Q2 2022", "第二季度"), halves of a year ("the second half of 2022", "下半年") and of a month
("the first half of May", "5月下半月"); each may follow
"before", "after", "since", "until" (or 以前, 以后, 以来).

``find_periods`` returns each period found with its span in the text; the parser blanks
the spans and folds the periods into its date filter. A period without a year takes the
year written elsewhere in the question, else it is the most recent such period (for
deadlines and effective dates the coming one), marked as a guess. No I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.lexicon.months import month_alternation, month_end, month_number

_MN = month_alternation() + r"\.?"
_Y = r"(?:19|20)\d\d"
_ORD = {
    "first": 1, "1st": 1, "one": 1, "second": 2, "2nd": 2, "two": 2, "third": 3, "3rd": 3,
    "fourth": 4, "4th": 4, "last": -1, "final": -1,
    "一": 1, "1": 1, "二": 2, "2": 2, "三": 3, "3": 3, "四": 4, "4": 4,
}  # fmt: skip
_PREP = (
    r"(?:(?P<prep>before|prior\s+to|after|since|from|until|till|through|up\s+to|by|"
    r"in|during|within|for|over)\s+)?(?:the\s+)?"
)
_SUF = r"(?P<suf>\s*(?:以来|之后|以后|之前|以前|起))?"
_ORDS = r"(?P<ord>first|1st|second|2nd|third|3rd|fourth|4th|last|final)"

_SPECS: list[tuple[str, str]] = [
    # 10 to 12 May 2022 / between 5 and 9 May / 10-12 May 2022
    (
        "dd_m",
        rf"(?:between\s+|from\s+)?(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to|and|until"
        rf"|till|through)\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mn>{_MN}),?"
        rf"(?:\s+(?P<y>{_Y}))?",
    ),
    # May 10-12, 2022 / May 10 to 12
    (
        "m_dd",
        rf"(?:between\s+|from\s+)?(?P<mn>{_MN})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*"
        rf"(?:-|–|to|and|until|through)\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>{_Y}))?",
    ),
    # 2022年5月10日至12日 / 5月10日至5月12日
    (
        "zh_dd",
        rf"(?:(?P<y>{_Y})\s*年)?\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d1>\d{{1,2}})\s*[日号]?\s*"
        r"(?:至|到|-|–|~|—)\s*(?:(?P<m2>\d{1,2})\s*月)?\s*(?P<d2>\d{1,2})\s*[日号]",
    ),
    # May to July 2022 / from May 2022 to July 2022
    (
        "mm",
        rf"(?:between\s+|from\s+)?(?P<mn>{_MN})(?:\s+(?P<y1>{_Y}))?\s*(?:-|–|to|and|until"
        rf"|through|till)\s*(?P<mn2>{_MN}),?(?:\s+(?P<y>{_Y}))?",
    ),
    (
        "zh_mm",
        rf"(?:(?P<y>{_Y})\s*年)?\s*(?P<m>\d{{1,2}})\s*月(?:份)?\s*(?:至|到|-|–|~)\s*"
        r"(?P<m2>\d{1,2})\s*月(?:份)?",
    ),
    # between 2021 and 2022 / 2020-2022 / from 2020 to 2022 / 2021年到2022年
    (
        "yy",
        rf"(?:between\s+|from\s+)?(?P<y1>{_Y})\s*年?\s*(?:-|–|—|~|to|and|until|through|till"
        rf"|至|到)\s*(?P<y>{_Y})(?![-/.]\d)(?:\s*年)?(?:\s*之间)?",
    ),
    # the first half of May 2022 / 2022年5月下半月
    ("month_half", rf"{_PREP}{_ORDS}\s+half\s+of\s+(?P<mn>{_MN}),?(?:\s+(?P<y>{_Y}))?"),
    (
        "zh_month_half",
        rf"(?:(?P<y>{_Y})\s*年)?\s*(?P<m>\d{{1,2}})\s*月\s*(?P<mhalf>上半月|下半月){_SUF}",
    ),
    # the first week of May 2022
    ("week", rf"{_PREP}{_ORDS}\s+week\s+(?:of|in)\s+(?P<mn>{_MN}),?(?:\s+(?P<y>{_Y}))?"),
    # the week of 16 May 2022
    (
        "week_of",
        rf"{_PREP}week\s+of\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mn>{_MN}),?"
        rf"(?:\s+(?P<y>{_Y}))?",
    ),
    # early / mid / late May 2022; the end of May; the beginning of May
    (
        "third",
        rf"{_PREP}(?P<part>early|mid|middle\s+of|late|end\s+of|beginning\s+of|start\s+of)"
        rf"[\s-]*(?P<mn>{_MN}),?(?:\s+(?P<y>{_Y}))?",
    ),
    (
        "zh_third",
        rf"(?:(?P<y>{_Y})\s*年)?\s*(?P<m>\d{{1,2}})\s*月\s*(?P<part>上旬|中旬|下旬|初|底|末)"
        rf"{_SUF}",
    ),
    # Q2 2022 / the second quarter of 2022 / 2022 Q2
    ("quarter", rf"{_PREP}(?:q(?P<q>[1-4])|{_ORDS}\s+quarter)(?:\s+of)?(?:\s+(?P<y>{_Y}))?"),
    ("quarter", rf"{_PREP}(?P<y>{_Y})\s+q(?P<q>[1-4])"),
    (
        "zh_quarter",
        rf"(?:(?P<y>{_Y})\s*年|(?P<rel>去年|今年|前年|明年))?\s*(?:第\s*)?"
        rf"(?P<q>[一二三四1-4])\s*季度{_SUF}",
    ),
    # H1 2022 / the second half of 2022
    ("half", rf"{_PREP}(?:h(?P<h>[12])|{_ORDS}\s+half)(?:\s+of)?(?:\s+(?P<y>{_Y}))?"),
    ("half", rf"{_PREP}(?P<y>{_Y})\s+h(?P<h>[12])"),
    (
        "zh_half",
        rf"(?:(?P<y>{_Y})\s*年|(?P<rel>去年|今年|前年|明年))?\s*(?P<half>上半年|下半年){_SUF}",
    ),
]

PATTERNS = [
    (kind, re.compile(rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])", re.IGNORECASE))
    for kind, body in _SPECS
]
_RELATIVE_YEARS = {"前年": -2, "去年": -1, "今年": 0, "明年": 1}
_ANY_YEAR = re.compile(rf"(?<!\d)({_Y})(?!\d)")


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    span: tuple[int, int]
    prep: str  # "", "before", "after", "since", "until"
    guessed: bool = False  # no year typed: the most recent such period (the coming one)


def _month(groups: dict[str, str | None], key: str = "mn", digits: str = "m") -> int:
    if groups.get(key):
        return month_number(groups[key] or "")
    return int(groups[digits] or 0)


def _int(groups: dict[str, str | None], key: str) -> int:
    return int(groups.get(key) or 0)


def _ord(word: str | None) -> int:
    return _ORD.get((word or "").lower(), 0)


def _span(kind: str, g: dict[str, str | None], year: int) -> tuple[date, date] | None:
    if kind in {"dd_m", "m_dd", "zh_dd"}:
        month = _month(g)
        month2 = _int(g, "m2") or month
        start, end = date(year, month, _int(g, "d1")), date(year, month2, _int(g, "d2"))
        return (start, end) if start <= end else None
    if kind == "yy":
        first_year = _int(g, "y1")
        return (date(first_year, 1, 1), date(year, 12, 31)) if first_year <= year else None
    if kind in {"mm", "zh_mm"}:
        first = _month(g)
        final = month_number(g["mn2"] or "") if g.get("mn2") else _int(g, "m2")
        first_year = _int(g, "y1") if g.get("y1") else year
        return date(first_year, first, 1), month_end(year, final)
    if kind in {"month_half", "zh_month_half"}:
        month, last = _month(g), month_end(year, _month(g))
        which = 1 if g.get("mhalf") == "上半月" else 2 if g.get("mhalf") else _ord(g.get("ord"))
        if which == 1:
            return date(year, month, 1), date(year, month, 15)
        return (date(year, month, 16), last) if which in {2, -1} else None
    if kind == "week":
        month, which = _month(g), _ord(g.get("ord"))
        last = month_end(year, month)
        if which == -1:
            return last - timedelta(days=6), last
        start = date(year, month, 1) + timedelta(days=7 * (which - 1))
        return start, min(start + timedelta(days=6), last)
    if kind == "week_of":
        start = date(year, _month(g), _int(g, "d1"))
        return start, start + timedelta(days=6)
    if kind in {"third", "zh_third"}:
        month = _month(g)
        part = (g.get("part") or "").lower()
        last = month_end(year, month)
        if part in {"early", "beginning of", "start of", "上旬", "初"}:
            return date(year, month, 1), date(year, month, 10)
        if part.startswith(("mid", "中旬")):
            return date(year, month, 11), date(year, month, 20)
        return date(year, month, 21), last
    if kind in {"quarter", "zh_quarter"}:
        q = _ORD.get(g.get("q") or "", 0) if g.get("q") else _ord(g.get("ord"))
        q = 4 if q == -1 else q
        return date(year, 3 * q - 2, 1), month_end(year, 3 * q)
    if kind in {"half", "zh_half"}:
        if g.get("half"):
            h = 1 if g["half"] == "上半年" else 2
        else:
            h = _int(g, "h") if g.get("h") else _ord(g.get("ord"))
        h = 2 if h == -1 else h
        return (
            (date(year, 1, 1), date(year, 6, 30))
            if h == 1
            else (
                date(year, 7, 1),
                date(year, 12, 31),
            )
        )
    return None


def _prep(g: dict[str, str | None]) -> str:
    prep = re.sub(r"\s+", " ", (g.get("prep") or "").lower())
    suffix = (g.get("suf") or "").strip()
    if suffix in {"以来", "起"}:
        return "since"
    if suffix in {"之后", "以后"}:
        return "after"
    if suffix in {"之前", "以前"}:
        return "before"
    if prep in {"before", "prior to"}:
        return "before"
    if prep in {"since", "from"}:
        return "since"
    if prep == "after":
        return "after"
    if prep in {"until", "till", "through", "up to", "by"}:
        return "until"
    return ""


def _counted_back(kind: str, groups: dict[str, str | None], text: str) -> bool:
    """ "last quarter" with no year and no "of": counted back from today, not Q4."""
    last = (groups.get("ord") or "").lower() == "last" and not groups.get("y")
    return kind in {"quarter", "half"} and last and not re.search(r"\bof\b", text, re.I)


def find_periods(text: str, today: date, *, forward: bool = False) -> list[Period]:
    """Every period in ``text`` (spans do not overlap; the earlier pattern wins). One with
    no year typed anywhere is the most recent such period begun by ``today`` (``forward``,
    for deadlines and effective dates: the next one not yet over), marked ``guessed``."""
    years = _ANY_YEAR.findall(text)
    default_year = int(years[-1]) if years else today.year
    taken: list[tuple[int, int]] = []
    out: list[Period] = []
    for kind, regex in PATTERNS:
        for match in regex.finditer(text):
            a, b = match.span()
            if any(a < y and x < b for x, y in taken):
                continue
            groups = match.groupdict()
            if _counted_back(kind, groups, match.group(0)):
                continue  # "last quarter": the one before this (``recent``), not Q4
            year = int(groups["y"]) if groups.get("y") else default_year
            if groups.get("rel"):  # 去年下半年: last year's second half
                year = today.year + _RELATIVE_YEARS[groups["rel"] or ""]
            guessed = not (years or groups.get("y") or groups.get("rel"))
            try:
                span = _span(kind, groups, year)
                if (
                    guessed
                    and span is not None
                    and (span[1] < today if forward else span[0] > today)
                ):
                    span = _span(kind, groups, year + (1 if forward else -1))
            except (ValueError, KeyError):
                continue
            if span is None:
                continue
            taken.append((a, b))
            out.append(Period(span[0], span[1], (a, b), _prep(groups), guessed))
    return sorted(out, key=lambda p: p.span)
