"""Merging parsed newsletters into the knowledge store.

Reports already in the store (same newsletter id and ref) or whole files already ingested
(same sha256) change nothing. A report of a development the store already holds adds its
source to that record: a reviewed record keeps every curated field, an unreviewed one also
gains the report's tags and penalties. Any other report becomes a new, unreviewed
development with a machine summary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from bot.core.knowledge.ingest.admit import base_id
from bot.core.knowledge.ingest.errors import ParseWarning
from bot.core.knowledge.ingest.identity import HASH_LENGTH
from bot.core.knowledge.ingest.match import Matcher, NearMiss, Profile, assign, facts_of
from bot.core.knowledge.ingest.parse import ParsedItem, ParsedNewsletter, counts_in
from bot.core.knowledge.ingest.slugs import SLUG_MAX_CHARS
from bot.core.knowledge.model import (
    Category,
    DatePrecision,
    Development,
    KnowledgeFile,
    Newsletter,
    Penalty,
)

MAX_ID_LENGTH = 11 + SLUG_MAX_CHARS


@dataclass(frozen=True)
class NewDevelopment:
    development: Development
    ref: str


@dataclass(frozen=True)
class AddedSource:
    development_id: str
    newsletter: str
    ref: str
    reviewed: bool
    score: float


@dataclass
class FileReport:
    file_name: str
    newsletter: str
    issue_month: str
    layout: str
    items: int
    new: list[NewDevelopment] = field(default_factory=list)
    merged: list[AddedSource] = field(default_factory=list)
    known: list[str] = field(default_factory=list)  # refs already in the store
    already_ingested_as: str | None = None
    newsletter_added: bool = False
    warnings: list[ParseWarning] = field(default_factory=list)


@dataclass
class MergeResult:
    knowledge: KnowledgeFile
    reports: list[FileReport]

    @property
    def changed(self) -> bool:
        return any(r.new or r.merged or r.newsletter_added for r in self.reports)


def _same_issue(issue: ParsedNewsletter, developments: dict[str, Development]) -> bool:
    """Whether a file named as a newsletter already in the store is that newsletter again (a
    copy saved anew, its bytes changed): most of its items print, at the same place, the
    headline that newsletter's report there has. Another month's issue under the same file
    name prints other headlines there."""
    stored = {
        s.ref: _folded(s.headline)
        for d in developments.values()
        for s in d.sources
        if s.newsletter == issue.id
    }
    same = sum(1 for item in issue.items if stored.get(item.ref) == _folded(item.headline))
    return same * 2 > len(issue.items)


def _folded(headline: str) -> str:
    return " ".join(headline.lower().split())


def _file_apart(
    issue: ParsedNewsletter, report: FileReport, newsletters: dict[str, Newsletter]
) -> None:
    """A different file (its content differs) with the name of one already in the store is
    another newsletter: it is filed under its name and a short hash of its content, so its
    reports cite it and not the other one."""
    taken = issue.id
    issue.renamed(f"{taken}-{issue.sha256[:HASH_LENGTH]}")
    report.newsletter = issue.id
    report.warnings.append(
        ParseWarning(
            issue.file_name,
            1,
            f"another file named {taken} is already in the store; "
            f"this one is filed as newsletter {issue.id}",
        )
    )


def merge(
    knowledge: KnowledgeFile, parsed: list[ParsedNewsletter], now: dt.datetime
) -> MergeResult:
    """Merge ``parsed`` (in order) into ``knowledge``; pure: returns the new knowledge."""
    developments: dict[str, Development] = {d.id: d for d in knowledge.developments}
    newsletters: dict[str, Newsletter] = {n.id: n for n in knowledge.newsletters}
    texts: dict[str, list[str]] = {}  # full report texts of developments added in this run
    counts: dict[str, dict[str, int]] = {}
    reports: dict[int, FileReport] = {}
    # The same files give the same store whatever the order they come in: each is merged in
    # one fixed order (by id and content), and the reports keep the order they were given.
    order = sorted(range(len(parsed)), key=lambda k: (parsed[k].id, parsed[k].sha256))
    for index in order:
        issue = parsed[index]
        report = FileReport(
            issue.file_name,
            issue.id,
            str(issue.issue_month),
            issue.layout.value,
            len(issue.items),
            warnings=list(issue.warnings),
        )
        reports[index] = report
        same_file = next((n for n in newsletters.values() if n.sha256 == issue.sha256), None)
        if same_file is not None:
            report.already_ingested_as = same_file.id
            continue
        if issue.named_by_file and issue.id in newsletters and not _same_issue(issue, developments):
            _file_apart(issue, report, newsletters)
        known_refs = {(s.newsletter, s.ref) for d in developments.values() for s in d.sources}
        fresh = [item for item in issue.items if (item.newsletter, item.ref) not in known_refs]
        report.known = [
            item.ref for item in issue.items if (item.newsletter, item.ref) in known_refs
        ]
        if issue.id in newsletters:
            report.warnings.append(
                ParseWarning(
                    issue.file_name,
                    1,
                    f"newsletter {issue.id} is already in the store from a different file "
                    "(its sha256 differs); only items with new refs are added",
                )
            )
        else:
            newsletters[issue.id] = issue.newsletter(now)
            report.newsletter_added = True
        if not fresh:
            continue

        candidates = [
            _development_profile(d, texts.get(d.id, []), counts.get(d.id))
            for d in developments.values()
            if issue.id not in {s.newsletter for s in d.sources}
            and not d.withdrawn  # a new report of it goes to review again, under a new id
        ]
        item_profiles = [_item_profile(item) for item in fresh]
        matcher = Matcher([p.text for p in candidates] + [p.text for p in item_profiles])
        near_misses: dict[str, NearMiss] = {}
        matches = assign(matcher, item_profiles, candidates, near_misses=near_misses)

        for item, profile in zip(fresh, item_profiles, strict=True):
            match = matches.get(profile.key)
            if match is not None:
                dev_id, score = match
                developments[dev_id] = add_report(developments[dev_id], item)
                differs = different_facts(developments[dev_id], item)
                if differs:
                    developments[dev_id] = _flagged(developments[dev_id], differs)
                texts.setdefault(dev_id, []).append(item.text)
                report.merged.append(
                    AddedSource(
                        dev_id,
                        item.newsletter,
                        item.ref,
                        developments[dev_id].reviewed,
                        round(score, 3),
                    )
                )
            else:
                dev_id = unique_id(item, developments.keys())
                developments[dev_id] = item.development(dev_id, now)
                miss = near_misses.get(profile.key)
                if miss is not None:
                    developments[dev_id] = _flagged(
                        developments[dev_id],
                        f"near miss: reads like {miss.candidate} (score {miss.score:.2f}) but "
                        f"{miss.reason}; kept apart (merge by hand if it is the same)",
                    )
                texts[dev_id] = [item.text]
                counts[dev_id] = dict(item.counts)
                report.new.append(NewDevelopment(developments[dev_id], item.ref))
    result = KnowledgeFile(
        schema_version=knowledge.schema_version,
        newsletters=tuple(newsletters.values()),
        developments=tuple(developments.values()),
    )
    return MergeResult(result, [reports[k] for k in range(len(parsed))])


def different_facts(development: Development, item: ParsedItem) -> str | None:
    """A flag when a report merged into ``development`` differs from it in its facts: another
    day, or amounts the other does not give."""
    differences = []
    if (
        item.date_precision is DatePrecision.DAY
        and development.date_precision is DatePrecision.DAY
        and item.date != development.date
    ):
        differences.append(f"dates {development.date} / {item.date}")
    ours = {p.amount for p in development.penalties}
    theirs = {p.amount for p in item.penalties}
    if ours and theirs and not theirs <= ours | {p.amount_max for p in development.penalties}:
        differences.append("penalty amounts")
    if not differences:
        return None
    return f"merged reports differ ({', '.join(differences)}): check they are one development"


def _flagged(development: Development, flag: str) -> Development:
    if flag in development.flags or development.reviewed:
        return development
    return development.model_copy(update={"flags": (*development.flags, flag)})


def unique_id(item: ParsedItem, taken: Collection[str]) -> str:
    base = base_id(item)
    candidate, suffix = base, 2
    while candidate in taken:
        candidate = f"{base}-{suffix}"
        suffix += 1
    return candidate


def add_report(development: Development, item: ParsedItem) -> Development:
    """``development`` with ``item`` as one more source; curated fields stay when reviewed."""
    sources = (*development.sources, item.source())
    if development.reviewed:
        return development.model_copy(update={"sources": sources})
    regulation = development.category is Category.REGULATION
    regions = _union(development.regions, item.regions)
    if len(regions) > 1 and "national" in regions:
        regions = tuple(r for r in regions if r != "national")
    return development.model_copy(
        update={
            "sources": sources,
            "authorities": _union(development.authorities, item.authorities),
            "regions": regions,
            "sectors": _union(development.sectors, item.sectors),
            "topics": _union(development.topics, item.topics),
            "entities": _union(development.entities, item.entities),
            "legal_basis": _union(development.legal_basis, item.legal_basis),
            "penalties": _union_penalties(development.penalties, item.penalties),
            # a status (draft, adopted, in force) is a rule's: none on other records
            "status": development.status or (item.status if regulation else None),
            "effective_date": development.effective_date
            or (item.effective_date if regulation else None),
            "flags": tuple(dict.fromkeys([*development.flags, *item.flags])),
        }
    )


def _union(existing: tuple[str, ...], new: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*existing, *new]))


def _union_penalties(existing: tuple[Penalty, ...], new: list[Penalty]) -> tuple[Penalty, ...]:
    seen = {(p.amount, p.amount_max, p.currency, p.kind) for p in existing}
    out = list(existing)
    for penalty in new:
        key = (penalty.amount, penalty.amount_max, penalty.currency, penalty.kind)
        if key not in seen:
            seen.add(key)
            out.append(penalty)
    return tuple(out)


def _item_profile(item: ParsedItem) -> Profile:
    return Profile(
        key=f"{item.newsletter}\x00{item.ref}",
        newsletters=frozenset({item.newsletter}),
        dates=(item.date,),
        precision=item.date_precision,
        text=item.text,
        facts=facts_of(
            entities=item.entities,
            authorities=item.authorities,
            regions=item.regions,
            legal_basis=item.legal_basis,
            sectors=item.sectors,
            topics=item.topics,
        ),
        counts=dict(item.counts),
        penalties=tuple(item.penalties),
        category=item.category,
    )


def _development_profile(
    development: Development, texts: list[str], counts: dict[str, int] | None
) -> Profile:
    """A store record as the matcher sees it: its reports' texts when this run parsed them,
    else its title, summary and the headlines it was reported under."""
    if texts:
        text = "\n\n".join(texts)
    else:
        headlines = "\n".join(s.headline for s in development.sources)
        text = f"{development.title}\n\n{headlines}\n\n{development.summary}"
    dates = (development.date, *(s.reported_date for s in development.sources if s.reported_date))
    return Profile(
        key=development.id,
        newsletters=frozenset(s.newsletter for s in development.sources),
        dates=tuple(dict.fromkeys(dates)),
        precision=development.date_precision,
        text=text,
        facts=facts_of(
            entities=development.entities,
            authorities=development.authorities,
            regions=development.regions,
            legal_basis=development.legal_basis,
            sectors=development.sectors,
            topics=development.topics,
        ),
        counts=counts if counts is not None else counts_in(text),
        penalties=development.penalties,
        category=development.category,
    )
