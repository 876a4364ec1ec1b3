"""A parsed newsletter and its items: what the splitter and the readers of facts found,
ready to become developments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.core.knowledge.ingest.dates import YearMonth
from bot.core.knowledge.ingest.deadlines import comment_deadline
from bot.core.knowledge.ingest.errors import ParseWarning
from bot.core.knowledge.ingest.layout import Layout
from bot.core.knowledge.ingest.summary import machine_summary
from bot.core.knowledge.model import (
    Category,
    Confidence,
    DatePrecision,
    Development,
    Newsletter,
    Penalty,
    Source,
    Status,
)

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
    dated: bool = True
    """Whether the item gives a date (else it has the issue's month)."""
    confidence: Confidence | None = None
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
            confidence=self.confidence,
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
    named_by_file: bool = False
    """``id`` is only the file's name (a file given to the CLI): another file of the same
    name is another newsletter, not a new copy of this one (``renamed``)."""

    def renamed(self, new_id: str) -> None:
        """File this newsletter, and the reports in it, under ``new_id``."""
        self.id = new_id
        for item in self.items:
            item.newsletter = new_id

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
