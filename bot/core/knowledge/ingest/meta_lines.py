"""Labelled metadata under an item's headline: "Date: 24 November 2023 | Authority: CAC",
"Published: ... · Regulator: ...", "发布日期：... 发布机关：...", one field a line or several
joined by | · • ;. Such a line is data, not text: its date dates the item, an authority
label names who acted, and neither belongs in the summary.

A line counts only when every field on it has a label of a known kind (a date, an
authority, a place, a type or topic, an author or reference): "Company: ...", "Penalty:
..." are the item's own facts and stay in its text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.core.knowledge.ingest.dates import find_dates
from bot.core.knowledge.ingest.units import split_dateline

_DATE_LABELS = frozenset(
    (
        "date",
        "dated",
        "date published",
        "date of publication",
        "publication date",
        "published",
        "published on",
        "issued",
        "issued on",
        "issue date",
        "date issued",
        "date of issue",
        "released",
        "released on",
        "release date",
        "posted",
        "posted on",
        "announced",
        "announced on",
        "date announced",
        "announcement date",
        "decision date",
        "date of decision",
        "日期",
        "时间",
        "发布日期",
        "发布时间",
        "发文日期",
        "成文日期",
        "公布日期",
        "印发日期",
    )
)
_AUTHORITY_LABELS = frozenset(
    (
        "authority",
        "authorities",
        "regulator",
        "regulators",
        "regulatory authority",
        "regulatory body",
        "issuing authority",
        "issuing body",
        "issuing agency",
        "issuing department",
        "issued by",
        "published by",
        "issuer",
        "agency",
        "source",
        "enforcement authority",
        "enforcing authority",
        "competent authority",
        "enforcer",
        "decision maker",
        "court",
        "发布机关",
        "发布机构",
        "发布单位",
        "发文机关",
        "发文单位",
        "制定机关",
        "执法机关",
        "处罚机关",
        "监管部门",
        "机关",
        "来源",
    )
)
_OTHER_LABELS = frozenset(
    (
        "jurisdiction",
        "region",
        "location",
        "place",
        "type",
        "document type",
        "category",
        "topic",
        "topics",
        "sector",
        "sectors",
        "industry",
        "tags",
        "keywords",
        "author",
        "authors",
        "by",
        "reference",
        "ref",
        "document no",
        "document number",
        "doc no",
        "文号",
        "地区",
        "类别",
        "类型",
        "作者",
    )
)
_FIELD = re.compile(r"^\s*(?P<label>[^:：]{1,30}?)\s*[:：]\s*(?P<value>\S.*?)\s*$")
_SEPARATORS = re.compile(r"\s+[|·•]\s+|\s*[|｜]\s*|\s*;\s+|；|\n|\s*\u3000\s*|\s{2,}")
_TIME = re.compile(r"\d{1,2}[:：]\d{2}(?:[:：]\d{2})?")
_VALUE_MAX = 120
_LEADING_LINES = 4
"""How many paragraphs at the top of an item may be metadata."""


@dataclass
class Meta:
    """What an item's metadata lines say."""

    date: str | None = None  # the text of the labelled date ("24 November 2023")
    authorities: list[str] = field(default_factory=list)  # the authority labels' values
    text: list[str] = field(default_factory=list)  # every field, as "Label: value"


def read_meta(line: str) -> Meta | None:
    """The fields of a metadata line, or ``None`` when it is not one."""
    fields = [f for f in _SEPARATORS.split(line.strip()) if f.strip()]
    if not fields:
        return None
    meta = Meta()
    for text in fields:
        match = _FIELD.match(text.strip(" *_"))
        if match is None:
            return None
        label = re.sub(r"\s+", " ", match.group("label").strip(" *_")).casefold().rstrip(".")
        value = match.group("value").strip(" *_")
        if len(value) > _VALUE_MAX or re.search(r"[a-z][.!?]\s+[A-Z]|[。！？]", value):
            return None  # a sentence, not a value
        if label in _DATE_LABELS:
            found = find_dates(value)
            rest = _TIME.sub("", value[found[0].end :]).strip(" ,.") if found else ""
            if not found or found[0].start > 3 or len(rest) > 15 or re.search("[:：]", rest):
                return None  # a date, perhaps with its time, and nothing more
            meta.date = meta.date or value[found[0].start : found[0].end]
        elif label in _AUTHORITY_LABELS:
            meta.authorities.append(value)
        elif label not in _OTHER_LABELS:
            return None
        meta.text.append(f"{match.group('label').strip(' *_')}: {value}")
    return meta


def leading_meta(paragraphs: Sequence[str]) -> tuple[Meta, list[str]]:
    """The metadata lines an item's text starts with, and the text without them."""
    merged = Meta()
    taken = 0
    for paragraph in paragraphs[:_LEADING_LINES]:
        meta = read_meta(paragraph)
        if meta is None:
            break
        merged.date = merged.date or meta.date
        merged.authorities += meta.authorities
        merged.text += meta.text
        taken += 1
    return merged, list(paragraphs[taken:])


def item_data(
    paragraphs: Sequence[str], dateline: str | None
) -> tuple[list[str], str | None, Meta]:
    """An item's text without the data it opens with, and its dateline: a date leading its
    first paragraph ("12 May 2023 – The CAC ...", a feed entry's), when it has no dateline
    yet, then its metadata lines, whose labelled date wins (it says what the date is of)."""
    text = list(paragraphs)
    if text and dateline is None:
        dateline, rest = split_dateline(text[0])
        text[0] = rest
    meta, text = leading_meta(text)
    return text, meta.date or dateline, meta
