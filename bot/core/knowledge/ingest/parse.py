"""A newsletter file -> parsed items with their facts, ready to be merged into the store
(the items themselves: ``parsed``; what they say: ``facts``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from bot.core.knowledge.control_chars import without_control_characters
from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.ingest.admit import admit
from bot.core.knowledge.ingest.blocks import Block
from bot.core.knowledge.ingest.confidence import assess
from bot.core.knowledge.ingest.dates import (
    DateMention,
    NotADate,
    YearMonth,
    find_dates,
    impossible_dates,
    issue_month,
    lead_date,
    resolve,
)
from bot.core.knowledge.ingest.errors import ParseError, ParseWarning
from bot.core.knowledge.ingest.facts import (
    counts_in,
    refine_category,
    section_category,
    status_of,
)
from bot.core.knowledge.ingest.flags import review_flags
from bot.core.knowledge.ingest.inline import map_text
from bot.core.knowledge.ingest.layout import RawItem, collapse, parse_structure
from bot.core.knowledge.ingest.parsed import ParsedItem, ParsedNewsletter
from bot.core.knowledge.ingest.penalties import find_penalties
from bot.core.knowledge.ingest.sections import is_section_name
from bot.core.knowledge.ingest.slugs import development_slug, is_generic
from bot.core.knowledge.ingest.summary import lead_sentence
from bot.core.knowledge.model import DatePrecision
from bot.core.limits import MAX_ITEMS, MAX_TEXT_BYTES

__all__ = [
    "MAX_ITEMS",
    "MAX_TEXT_BYTES",
    "ParsedItem",
    "ParsedNewsletter",
    "counts_in",
    "newsletter_id",
    "parse_bytes",
    "parse_file",
    "section_category",
]

_URL = re.compile(r"\(?\s*https?://[^\s)]+\)?")


def newsletter_id(path: Path) -> str:
    """The file's stem, made safe for the store's id pattern."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", path.stem).strip("-.") or "newsletter"
    return stem if stem[0].isalnum() else f"n{stem}"


def decode(data: bytes, file_name: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError(
            file_name,
            line,
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save the newsletter as UTF-8 plain text",
        ) from exc
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_file(
    path: Path,
    gazetteer: Gazetteer,
    *,
    month: YearMonth | None = None,
    publisher: str | None = None,
) -> ParsedNewsletter:
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise ParseError(str(path), 0, _too_large(size))
        with path.open("rb") as handle:
            data = handle.read(MAX_TEXT_BYTES + 1)  # a file that grows (or a pipe) stops here
    except OSError as exc:
        raise ParseError(str(path), 0, f"cannot read the file: {exc.strerror or exc}") from exc
    return parse_bytes(
        data,
        path.name,
        newsletter_id(path),
        gazetteer,
        month=month,
        publisher=publisher,
        shown_as=str(path),
    )


def parse_bytes(
    data: bytes,
    file_name: str,
    newsletter: str,
    gazetteer: Gazetteer,
    *,
    month: YearMonth | None = None,
    publisher: str | None = None,
    shown_as: str | None = None,
    blocks: Sequence[Block] | None = None,
) -> ParsedNewsletter:
    """Parse one newsletter; errors and warnings name it ``shown_as`` (default: file_name).
    ``blocks``: the typed blocks a reader made of it (``data`` is then their canonical text);
    None for plain text, which is lexed.

    Refused: more than ``MAX_TEXT_BYTES`` or ``MAX_ITEMS``. Control characters are removed
    (with a warning); a date that does not exist is named in a warning."""
    shown = shown_as or file_name
    if len(data) > MAX_TEXT_BYTES:
        raise ParseError(shown, 0, _too_large(len(data)))
    cleaned = without_control_characters(decode(data, shown))
    text = cleaned.text
    if blocks is not None:
        blocks = map_text(blocks, _without_control)
    structure = parse_structure(text, shown, gazetteer, blocks)
    if len(structure.items) > MAX_ITEMS:
        raise ParseError(
            shown,
            structure.items[MAX_ITEMS].line,
            f"{len(structure.items):,} items; a newsletter may hold at most {MAX_ITEMS:,}: "
            "split it into several files",
        )
    warnings = list(structure.warnings)
    if cleaned.removed:
        warnings.append(
            ParseWarning(
                shown,
                cleaned.first_line or 1,
                f"removed {cleaned.removed} control character(s) (such as NUL), the first "
                "on this line",
            )
        )
    for raw_item in structure.items:
        for message in impossible_dates(f"{raw_item.headline}\n\n{raw_item.body}"):
            warnings.append(ParseWarning(shown, raw_item.line, f"{raw_item.ref}: {message}"))
    leads = [_item_date(item) for item in structure.items]
    reference = month or issue_month(m for m in leads if m is not None)
    if reference is None:
        reference = issue_month(find_dates(text))
    if reference is None:
        raise ParseError(
            shown,
            structure.items[0].line,
            "cannot tell the year: no date in the newsletter gives one; pass --month YYYY-MM",
        )
    items: list[ParsedItem] = []
    for raw, found in zip(structure.items, leads, strict=True):
        lead = found
        if lead is not None:
            try:
                resolve(lead, reference)
            except NotADate as exc:
                warnings.append(ParseWarning(shown, raw.line, f"{raw.ref}: {exc}"))
                lead = None
        if lead is None:
            warnings.append(
                ParseWarning(
                    shown,
                    raw.line,
                    f"{raw.ref} gives no date; using the issue month {reference} (precision month)",
                )
            )
        items.append(_item(raw, lead, reference, newsletter, gazetteer))
    covered = month or _covered_month(items) or reference
    items, kept_out = admit(items, shown)
    if not items and kept_out:
        first = kept_out[0]
        raise ParseError(
            shown, first.line, f"no developments: every item was kept out ({first.message})"
        )
    warnings += kept_out
    lengths = [len(item.body) for item in items]
    for item in items:
        item.confidence = assess(
            headline=item.headline,
            body=item.body,
            dated=item.dated,
            sibling_lengths=lengths,
            gazetteer=gazetteer,
        )
        item.flags = (
            review_flags(
                title=item.title,
                sections=[item.section],
                category=item.category,
                penalties=item.penalties,
                date=item.date,
                issue_months=[str(covered)],
                regions=item.regions,
                authorities=item.authorities,
                slug=item.slug,
                gazetteer=gazetteer,
            )
            + item.confidence.reasons
        )
    return ParsedNewsletter(
        id=newsletter,
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        issue_month=covered,
        layout=structure.layout,
        items=items,
        publisher=publisher,
        warnings=warnings,
    )


def _without_control(text: str) -> str:
    return without_control_characters(text).text


def _too_large(size: int) -> str:
    return (
        f"the file is {size / 1024 / 1024:.1f} MB; a newsletter may be at most "
        f"{MAX_TEXT_BYTES // 1024 // 1024} MB: split it into several files"
    )


def _item_date(item: RawItem) -> DateMention | None:
    """The date an item happened: its dateline, else a day in its headline, else the first
    event date of its text (a month named in the headline, "... in April", is a last resort:
    it is often the period reported on). A dateline is often when the report was published
    (a feed's entry time, an e-mail's): a day the text itself gives the event ("On 20 July
    the CAC ...") up to ``PUBLISHED_AFTER_DAYS`` before it wins."""
    dateline = lead_date(item.dateline) if item.dateline else None
    headline = lead_date(item.headline)
    if dateline is None and headline is not None and headline.day is not None:
        return headline
    found = dateline or lead_date(item.body) or headline
    stated = _stated_event_date(item.body)
    if found is not None and stated is not None and _published_after(found, stated):
        return stated
    return found


_ITEM_NUMBER = re.compile(
    r"^\s*(?:[（(]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]|\d{1,2}\s*[、．]|"
    r"[一二三四五六七八九十]{1,3}\s*[、．])\s*"
)
"""An item's own number left in its headline: "（1）", "(2)", "3、", "四、"."""
PUBLISHED_AFTER_DAYS = 7
_ON_DATE = re.compile(r"(?:\b[Oo]n|于)\s*$")


def _stated_event_date(text: str) -> DateMention | None:
    """The first day the text introduces as the event's ("On 20 July 2022, ...", "于7月20日")."""
    for mention in find_dates(text):
        if mention.day is not None and _ON_DATE.search(
            text[max(0, mention.start - 4) : mention.start]
        ):
            return mention
    return None


def _published_after(found: DateMention, stated: DateMention) -> bool:
    """``found`` is 1 to ``PUBLISHED_AFTER_DAYS`` days after ``stated`` (years left out are
    taken to be the same)."""
    if found.day is None or stated.day is None:
        return False
    year = found.year or stated.year or 2000
    try:
        a = dt.date(found.year or year, found.month, found.day)
        b = dt.date(stated.year or year, stated.month, stated.day)
    except ValueError:
        return False
    return 0 < (a - b).days <= PUBLISHED_AFTER_DAYS


def _covered_month(items: list[ParsedItem]) -> YearMonth | None:
    counts: dict[YearMonth, int] = {}
    for item in items:
        key = YearMonth(item.date.year, item.date.month)
        counts[key] = counts.get(key, 0) + 1
    return max(counts, key=lambda ym: (counts[ym], ym.index)) if counts else None


def _item(
    raw: RawItem,
    lead: DateMention | None,
    reference: YearMonth,
    newsletter: str,
    gazetteer: Gazetteer,
) -> ParsedItem:
    body = "\n\n".join(collapse(p) for p in raw.paragraphs)
    raw.headline = _ITEM_NUMBER.sub("", raw.headline) or raw.headline  # "（1）", "(2)", "3、"
    if lead is None:
        date, precision = dt.date(reference.year, reference.month, 1), DatePrecision.MONTH
    else:
        date, precision = resolve(lead, reference), lead.precision
    entities_found = gazetteer.find("entities", _URL.sub(" ", f"{raw.headline}\n\n{body}"))
    penalties = find_penalties(
        body, raw.headline, entities_found[0] if entities_found else None, gazetteer
    )
    category = refine_category(
        section_category(raw.section, gazetteer, raw.headline), raw.headline, body, penalties
    )
    # Tag from the printed words only: links are not part of the text.
    tag_text = _URL.sub(" ", "\n\n".join([raw.headline, *raw.meta, body]))
    entities = gazetteer.find("entities", tag_text)
    regions = gazetteer.region_with_ancestors(gazetteer.find("regions", tag_text))
    status, effective = status_of(tag_text, category, date)
    return ParsedItem(
        newsletter=newsletter,
        section=raw.section,
        position=raw.position,
        line=raw.line,
        headline=raw.headline,
        body=body,
        url=raw.url,
        date=date,
        date_precision=precision,
        category=category,
        status=status,
        effective_date=effective,
        authorities=_authorities(raw.authority_hints, tag_text, gazetteer),
        regions=regions or ["national"],
        sectors=gazetteer.find("sectors", tag_text),
        topics=gazetteer.find("topics", tag_text),
        entities=entities,
        legal_basis=gazetteer.find("laws", tag_text),
        penalties=penalties,
        counts=counts_in(tag_text),
        slug=_slug(raw.headline, body, gazetteer),
        dated=lead is not None,
    )


def _authorities(hints: list[str], text: str, gazetteer: Gazetteer) -> list[str]:
    """The authorities the item names, those its metadata labels ("Authority: ...") first."""
    named = gazetteer.find("authorities", "\n".join(hints))
    return named + [a for a in gazetteer.find("authorities", text) if a not in named]


def _slug(headline: str, body: str, gazetteer: Gazetteer) -> str:
    """The headline's slug; when it says nothing ("News update", a section's name), the
    first sentence's."""
    slug = development_slug(headline.rstrip(" ."), gazetteer)
    if (is_generic(slug) or is_section_name(headline, gazetteer)) and body:
        fallback = development_slug(lead_sentence(body).rstrip(" ."), gazetteer)
        if not is_generic(fallback):
            return fallback
    return slug
