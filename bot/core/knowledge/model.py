"""The knowledge model: developments, their penalties and sources, and the store file.

A *development* is one event in China's cybersecurity and data-protection landscape: a law
or draft published, a standard released, a penalty imposed, a court ruling, an enforcement
campaign reported, an industry event. One development may be reported by several
newsletters; it is still one record, with one source entry per report.

Taxonomy (``Category``), documented once here and in docs/ingest.md:

- ``regulation``: laws, regulations, rules, drafts for comment, national/industry standards,
  plans and policy documents, legislative meetings about them.
- ``enforcement``: penalties and fines, regulators' inspections and campaigns, app
  notifications, consumer-body findings, public-security operations.
- ``court``: court judgments, court establishment, procuratorate decisions and public
  interest litigation.
- ``industry``: white papers, exchanges and platforms, market events without a regulator's act.

This module has no Slack imports and no I/O.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = 1

ID_PATTERN = r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$"
"""Development ids: ``YYYY-MM-DD-slug``; the date is the one known when first published."""

NEWSLETTER_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


class Category(StrEnum):
    REGULATION = "regulation"
    ENFORCEMENT = "enforcement"
    COURT = "court"
    INDUSTRY = "industry"


class Status(StrEnum):
    """Where a regulatory text stands. Not every development has one."""

    DRAFT = "draft"  # published for public comment
    ADOPTED = "adopted"  # adopted/issued, not yet in force (see ``effective_date``)
    IN_FORCE = "in_force"  # in force (from ``effective_date`` when known)
    PROPOSED = "proposed"  # being drafted or discussed, no text published yet


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"


class PenaltyKind(StrEnum):
    FINE = "fine"  # administrative fine
    CONFISCATION = "confiscation"  # confiscation of illegal gains
    COMPENSATION = "compensation"  # civil damages ordered by a court
    CRIMINAL_FINE = "criminal_fine"  # fine imposed with a criminal sentence
    OTHER = "other"


class BearerType(StrEnum):
    ENTITY = "entity"
    INDIVIDUAL = "individual"


_Text = Annotated[str, Field(min_length=1)]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Penalty(StrictModel):
    """A monetary penalty. ``amount`` is exact; a range ("from 10,000 to 70,000") keeps its
    low end in ``amount`` and its high end in ``amount_max``."""

    amount: Decimal = Field(gt=0)
    amount_max: Decimal | None = None
    currency: str = Field(default="CNY", pattern=r"^[A-Z]{3}$")
    kind: PenaltyKind = PenaltyKind.FINE
    bearer: _Text
    bearer_type: BearerType = BearerType.ENTITY
    note: str | None = None

    @model_validator(mode="after")
    def _range_is_ordered(self) -> Penalty:
        if self.amount_max is not None and self.amount_max < self.amount:
            raise ValueError("amount_max must not be below amount")
        return self

    @property
    def largest(self) -> Decimal:
        return self.amount_max if self.amount_max is not None else self.amount


class Source(StrictModel):
    """One newsletter's report of a development.

    ``ref`` locates the item inside the newsletter as the ingestion parser names it:
    ``"<section heading> #<position in section>"``, e.g. ``"Enforcement Cases #1"``.
    (newsletter, ref) is unique across the store: it is how re-ingesting a file is
    recognised as changing nothing.
    """

    newsletter: str = Field(pattern=NEWSLETTER_ID_PATTERN)
    ref: _Text
    headline: _Text
    reported_date: dt.date | None = None
    url: str | None = Field(default=None, pattern=r"^https?://[^\s/$.?#][^\s]*$", max_length=2000)


class Newsletter(StrictModel):
    """A newsletter issue that has been ingested."""

    id: str = Field(pattern=NEWSLETTER_ID_PATTERN)
    title: _Text
    publisher: str | None = None
    issue_month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    file_name: _Text
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    ingested_at: dt.datetime


class ReviewAction(StrEnum):
    """What an editor (or the operator's ``ingest --approve``) did to a development."""

    APPROVED = "approved"  # checked by a person: published from now on
    EDITED = "edited"  # fields corrected
    WITHDRAWN = "withdrawn"  # taken out of answers, digests and alerts; kept, id never reused
    DISCARDED = "discarded"  # an unreviewed development judged not worth publishing
    MERGED = "merged"  # a duplicate folded into another development (``into``)


class FieldChange(StrictModel):
    """One field changed by a revision, both values as short readable text."""

    field: _Text
    before: str
    after: str


class Revision(StrictModel):
    """One entry of a development's history: who did what, when, and what changed."""

    version: int = Field(ge=1)
    """The development's version this revision produced."""
    at: dt.datetime
    by: _Text
    action: ReviewAction
    changes: tuple[FieldChange, ...] = ()
    note: str | None = None


CONFIDENCE_THRESHOLD = 0.5
"""Below it, a new record is "probably not a development" (a heading, a footer, a fragment):
the review card lists it apart, collapsed, and one click restores it."""


class Confidence(StrictModel):
    """How sure ``ingest`` is that an item is a development of its own, and why not more."""

    score: float = Field(ge=0, le=1)
    reasons: tuple[str, ...] = ()

    @property
    def probably_not(self) -> bool:
        return self.score < CONFIDENCE_THRESHOLD


class Development(StrictModel):
    id: str = Field(pattern=ID_PATTERN, max_length=120)
    date: dt.date
    date_precision: DatePrecision = DatePrecision.DAY
    added_at: dt.datetime
    category: Category
    status: Status | None = None
    effective_date: dt.date | None = None
    comment_deadline: dt.date | None = None
    """For a draft: the last day of its public comment period, when the report gives it."""
    title: str = Field(min_length=5, max_length=300)
    summary: str = Field(min_length=20, max_length=1500)
    authorities: tuple[str, ...] = ()
    regions: tuple[str, ...] = Field(default=("national",), min_length=1)
    sectors: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    penalties: tuple[Penalty, ...] = ()
    legal_basis: tuple[str, ...] = ()
    sources: tuple[Source, ...] = Field(min_length=1)
    related: tuple[str, ...] = ()
    reviewed: bool = False
    """True once a person has checked the record and written its summary in our own words;
    records added by ``ingest`` start unreviewed and ``validate`` lists them."""
    confidence: Confidence | None = None
    """Set by ``ingest`` on a new record (``None`` on records written before it was)."""
    flags: tuple[str, ...] = ()
    """What ``ingest`` found suspicious and a person should look at (a title that is a
    section heading, penalties on a regulation, ...); cleared by the reviewer. A reviewed
    record keeps none."""
    reviewed_at: dt.datetime | None = None
    """When it was approved (what makes an enforcement alert due)."""
    withdrawn: bool = False
    """Withdrawn or discarded: kept with its history, never answered; its id is never reused."""
    merged_into: str | None = None
    """For a duplicate merged by an editor: the development it was folded into."""
    version: int = Field(default=1, ge=1)
    """Bumped by every editor action; an action made on an older version is refused."""
    history: tuple[Revision, ...] = ()

    @property
    def links(self) -> list[str]:
        """Distinct source links, in source order."""
        seen: dict[str, None] = {}
        for source in self.sources:
            if source.url:
                seen.setdefault(source.url, None)
        return list(seen)

    @property
    def total_penalty(self) -> Decimal:
        """The largest amount at stake, used to rank fines (ranges count at their top)."""
        return sum((p.largest for p in self.penalties), Decimal(0))

    @property
    def month(self) -> str:
        return self.date.strftime("%Y-%m")


class KnowledgeFile(StrictModel):
    """The whole store as it lies on disk (``knowledge/developments.json``)."""

    schema_version: int = SCHEMA_VERSION
    revision: int = Field(default=0, ge=0)
    """The store's version: bumped by every write, whatever the backend (file or database);
    processes poll it to reload, and ``/healthz`` reports the one served."""
    newsletters: tuple[Newsletter, ...] = ()
    developments: tuple[Development, ...] = ()
