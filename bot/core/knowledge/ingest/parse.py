"""A newsletter file -> parsed items with their facts, ready to be merged into the store."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.knowledge.control_chars import without_control_characters
from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.ingest.amounts import find_money
from bot.core.knowledge.ingest.dates import (
    DateMention,
    NotADate,
    YearMonth,
    effective_mention,
    find_dates,
    impossible_dates,
    issue_month,
    lead_date,
    resolve,
)
from bot.core.knowledge.ingest.deadlines import comment_deadline
from bot.core.knowledge.ingest.errors import ParseError, ParseWarning
from bot.core.knowledge.ingest.flags import review_flags
from bot.core.knowledge.ingest.layout import (
    HEADLINES_SECTION,
    Layout,
    RawItem,
    collapse,
    parse_structure,
)
from bot.core.knowledge.ingest.penalties import find_penalties
from bot.core.knowledge.ingest.sections import is_section_name, known_category
from bot.core.knowledge.ingest.slugs import development_slug, is_generic
from bot.core.knowledge.ingest.summary import STOP_WORDS, lead_sentence, machine_summary
from bot.core.knowledge.model import (
    Category,
    DatePrecision,
    Development,
    Newsletter,
    Penalty,
    Source,
    Status,
)

MAX_FILE_BYTES = 2 * 1024 * 1024
"""The largest newsletter file ingested (a monthly issue is some tens of kilobytes); a larger
file is refused before it is read."""
MAX_ITEMS = 5_000
"""The most items one newsletter may hold; more is refused before any item is read."""

_URL = re.compile(r"\(?\s*https?://[^\s)]+\)?")
_COUNT = re.compile(
    r"(?<![\w,.-])(?P<number>\d{1,3}(?:,\d{3})*|\d+)\+?\s+(?P<noun>[A-Za-z][A-Za-z-]+)"
)
_COUNT_IGNORED_NOUNS = frozenset(
    (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "year",
        "years",
        "month",
        "months",
        "day",
        "days",
        "rmb",
        "cny",
        "yuan",
        "usd",
        "million",
        "billion",
        "thousand",
        "percent",
        "per",
    )
)
_DRAFT = re.compile(
    r"draft for comments?|for (?:public )?comments?|solicit(?:s|ing)? (?:public )?(?:opinions|"
    r"comments)|public consultation|\bconsults? on\b|征求意见|草案|送审稿"
    r"|\bdraft\s+(?:\w+\s+){0,2}(?:provisions|measures|rules|regulations?|guidelines?|"
    r"standards?|amendments?)\b",
    re.IGNORECASE,
)
_PROPOSED = re.compile(
    r"legislative (?:seminar|plan|project)|\bformulat\w+|\bdrafting\b|taking the lead in|"
    r"\bis developing\b|\bwill accelerate\b|speed up the legislation|\bplans? to (?:issue|draft)",
    re.IGNORECASE,
)
_ADOPTED = re.compile(
    r"\b(?:adopted|issued|released|promulgated|passed|published|voted to adopt|approved)\b"
    r"|印发|发布|公布|颁布|审议通过|表决通过|通过了",
    re.IGNORECASE,
)
_IN_FORCE = re.compile(r"(?:正式|已经|已)(?:施行|实施|生效)|起施行|起实施|起生效")
_COURT_CUE = re.compile(r"\bcourts?\b|\bjudgment|\bruling|\blawsuit|法院|判决|起诉|检察院", re.I)
_HEADLINE_CATEGORY: tuple[tuple[Category, re.Pattern[str]], ...] = (
    (Category.COURT, _COURT_CUE),
    (
        Category.ENFORCEMENT,
        re.compile(r"\bfine[sd]?\b|\bpenali|\bpunish|\bsanction|处罚|罚款|被罚|通报|约谈", re.I),
    ),
)
"""Cues in a headline for the category of an item under no known section."""


FEED_ENTRY = "Feed entry"


@dataclass
class ParsedItem:
    """One report of a development in one newsletter, with what was recognised in it."""

    newsletter: str
    section: str
    position: int
    line: int
    headline: str
    body: str
    url: str | None
    date: dt.date
    date_precision: DatePrecision
    category: Category
    status: Status | None
    effective_date: dt.date | None
    authorities: list[str]
    regions: list[str]
    sectors: list[str]
    topics: list[str]
    entities: list[str]
    legal_basis: list[str]
    penalties: list[Penalty]
    counts: dict[str, int]
    slug: str = ""
    flags: tuple[str, ...] = ()
    key: str | None = None
    """A feed entry's own id or link: its ref then, so it never depends on position."""

    @property
    def ref(self) -> str:
        if self.key:
            return f"{FEED_ENTRY} #{self.key}"
        return f"{self.section} #{self.position}"

    @property
    def title(self) -> str:
        title = self.headline.rstrip(" .")
        return title if len(title) <= 300 else title[:297].rstrip() + "..."

    @property
    def text(self) -> str:
        return f"{self.headline}\n\n{self.body}"

    def source(self) -> Source:
        return Source(
            newsletter=self.newsletter,
            ref=self.ref,
            headline=self.headline,
            reported_date=self.date,
            url=self.url,
        )

    def development(self, dev_id: str, added_at: dt.datetime) -> Development:
        return Development(
            id=dev_id,
            date=self.date,
            date_precision=self.date_precision,
            added_at=added_at,
            category=self.category,
            status=self.status,
            effective_date=self.effective_date,
            comment_deadline=comment_deadline(f"{self.headline}\n{self.body}", self.date),
            title=self.title,
            summary=machine_summary(self.headline, self.body),
            authorities=tuple(self.authorities),
            regions=tuple(self.regions) or ("national",),
            sectors=tuple(self.sectors),
            topics=tuple(self.topics),
            entities=tuple(self.entities),
            penalties=tuple(self.penalties),
            legal_basis=tuple(self.legal_basis),
            sources=(self.source(),),
            reviewed=False,
            flags=self.flags,
        )


@dataclass
class ParsedNewsletter:
    id: str
    file_name: str
    sha256: str
    issue_month: YearMonth
    layout: Layout
    items: list[ParsedItem]
    publisher: str | None = None
    warnings: list[ParseWarning] = field(default_factory=list)
    own_title: str | None = None
    """The title the newsletter gives itself (an HTML page's, an e-mail's subject, a feed's),
    which answers cite it by; ``None`` where the reader found none."""

    @property
    def title(self) -> str:
        if self.own_title:
            return self.own_title
        return f"{self.id} ({self.issue_month.label})"

    def newsletter(self, ingested_at: dt.datetime) -> Newsletter:
        return Newsletter(
            id=self.id,
            title=self.title,
            publisher=self.publisher,
            issue_month=str(self.issue_month),
            file_name=self.file_name,
            sha256=self.sha256,
            ingested_at=ingested_at,
        )


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
        if size > MAX_FILE_BYTES:
            raise ParseError(str(path), 0, _too_large(size))
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # a file that grows (or a pipe) stops here
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
) -> ParsedNewsletter:
    """Parse one newsletter; errors and warnings name it ``shown_as`` (default: file_name).

    Refused: more than ``MAX_FILE_BYTES`` or ``MAX_ITEMS``. Control characters are removed
    (with a warning); a date that does not exist is named in a warning."""
    shown = shown_as or file_name
    if len(data) > MAX_FILE_BYTES:
        raise ParseError(shown, 0, _too_large(len(data)))
    cleaned = without_control_characters(decode(data, shown))
    text = cleaned.text
    structure = parse_structure(text, shown, gazetteer)
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
    for item in items:
        item.flags = review_flags(
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


def _too_large(size: int) -> str:
    return (
        f"the file is {size / 1024 / 1024:.1f} MB; a newsletter may be at most "
        f"{MAX_FILE_BYTES // 1024 // 1024} MB: split it into several files"
    )


def _item_date(item: RawItem) -> DateMention | None:
    """The date an item happened: its dateline, else a day in its headline, else the first
    event date of its text (a month named in the headline, "... in April", is a last resort:
    it is often the period reported on)."""
    dateline = lead_date(item.dateline) if item.dateline else None
    if dateline is not None:
        return dateline
    headline = lead_date(item.headline)
    if headline is not None and headline.day is not None:
        return headline
    return lead_date(item.body) or headline


def _covered_month(items: list[ParsedItem]) -> YearMonth | None:
    counts: dict[YearMonth, int] = {}
    for item in items:
        key = YearMonth(item.date.year, item.date.month)
        counts[key] = counts.get(key, 0) + 1
    return max(counts, key=lambda ym: (counts[ym], ym.index)) if counts else None


def section_category(section: str, gazetteer: Gazetteer, headline: str = "") -> Category:
    """The section's category; under no known section, the headline's cues decide. A court's
    judgment or order headlined under an enforcement section ("Court orders a hotel to
    compensate a guest") is a court case: newsletters often file courts under enforcement."""
    if section != HEADLINES_SECTION:
        known = known_category(section, gazetteer)
        if known is Category.ENFORCEMENT and _COURT_CUE.search(headline):
            return Category.COURT
        if known is not None:
            return known
    elif (known := gazetteer.section_category(section)) is not None:
        return known
    for category, cue in _HEADLINE_CATEGORY:
        if cue.search(headline):
            return category
    return gazetteer.data.default_section_category


def _item(
    raw: RawItem,
    lead: DateMention | None,
    reference: YearMonth,
    newsletter: str,
    gazetteer: Gazetteer,
) -> ParsedItem:
    body = "\n\n".join(collapse(p) for p in raw.paragraphs)
    if lead is None:
        date, precision = dt.date(reference.year, reference.month, 1), DatePrecision.MONTH
    else:
        date, precision = resolve(lead, reference), lead.precision
    category = section_category(raw.section, gazetteer, raw.headline)
    # Tag from the printed words only: links are not part of the text.
    tag_text = _URL.sub(" ", f"{raw.headline}\n\n{body}")
    entities = gazetteer.find("entities", tag_text)
    regions = gazetteer.region_with_ancestors(gazetteer.find("regions", tag_text))
    status, effective = _status(tag_text, category, date)
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
        authorities=gazetteer.find("authorities", tag_text),
        regions=regions or ["national"],
        sectors=gazetteer.find("sectors", tag_text),
        topics=gazetteer.find("topics", tag_text),
        entities=entities,
        legal_basis=gazetteer.find("laws", tag_text),
        penalties=find_penalties(body, raw.headline, entities[0] if entities else None, gazetteer),
        counts=counts_in(tag_text),
        slug=_slug(raw.headline, body, gazetteer),
    )


def _slug(headline: str, body: str, gazetteer: Gazetteer) -> str:
    """The headline's slug; when it says nothing ("News update", a section's name), the
    first sentence's."""
    slug = development_slug(headline.rstrip(" ."), gazetteer)
    if (is_generic(slug) or is_section_name(headline, gazetteer)) and body:
        fallback = development_slug(lead_sentence(body).rstrip(" ."), gazetteer)
        if not is_generic(fallback):
            return fallback
    return slug


def _status(text: str, category: Category, date: dt.date) -> tuple[Status | None, dt.date | None]:
    if category is not Category.REGULATION:
        return None, None
    if _DRAFT.search(text):
        return Status.DRAFT, None
    effective = effective_mention(text)
    if effective is not None:
        try:
            when = resolve(effective, YearMonth(date.year, date.month), back=3, ahead=8)
        except NotADate:
            return None, None  # a day that does not exist gives no effective date
        return (Status.ADOPTED if when > date else Status.IN_FORCE), when
    if _PROPOSED.search(text):
        return Status.PROPOSED, None
    if _IN_FORCE.search(text):
        return Status.IN_FORCE, None
    if _ADOPTED.search(text):
        return Status.ADOPTED, None
    return None, None


def counts_in(text: str) -> dict[str, int]:
    """Counted things ("12 APPs", "14 new energy vehicle enterprises"): noun -> number."""
    counts: dict[str, int] = {}
    for money in find_money(text):
        text = text.replace(money.text, " ")
    for match in _COUNT.finditer(text):
        noun = match.group("noun").lower().rstrip("s")
        if noun in STOP_WORDS or noun.endswith("ed"):
            continue
        number = int(match.group("number").replace(",", ""))
        if noun in _COUNT_IGNORED_NOUNS or noun + "s" in _COUNT_IGNORED_NOUNS:
            continue
        if 1900 <= number <= 2100:
            continue
        counts.setdefault(noun, number)
    return counts
