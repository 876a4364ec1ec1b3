"""Checks on the knowledge store beyond its schema: what ``python -m bot validate`` reports.

``check_knowledge`` is pure: it takes a parsed store and the gazetteer and returns every
problem found, each saying where (development id and field) and what is wrong. Errors make
the store unfit to publish; warnings (records not reviewed yet and their review flags, a
city without its province) are for the reviewer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel

from bot.core.knowledge.control_chars import describe_control
from bot.core.knowledge.gazetteer import Gazetteer, Kind
from bot.core.knowledge.ingest.flags import development_flags
from bot.core.knowledge.model import Development, KnowledgeFile, Status
from bot.core.knowledge.store import StoreError, read_knowledge

REPORTED_DATE_TOLERANCE_DAYS = 60
"""How far a newsletter's date for a development may be from the record's date."""

_HOST = re.compile(
    r"^(?:localhost|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}|\d{1,3}(?:\.\d{1,3}){3})$",
    re.IGNORECASE,
)
_CANONICAL_FIELDS: tuple[tuple[str, Kind], ...] = (
    ("authorities", "authorities"),
    ("regions", "regions"),
    ("legal_basis", "laws"),
)


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    level: Level
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.level.value}: {self.where}: {self.message}"


def validate_store_file(path: Path, gazetteer: Gazetteer) -> list[Problem]:
    """Read the store at ``path`` and check it; an unreadable store is one error."""
    try:
        knowledge = read_knowledge(path)
    except StoreError as exc:
        return [Problem(Level.ERROR, str(path), str(exc))]
    return check_knowledge(knowledge, gazetteer)


def check_knowledge(knowledge: KnowledgeFile, gazetteer: Gazetteer) -> list[Problem]:
    problems: list[Problem] = []
    problems += _check_newsletters(knowledge)
    for newsletter in knowledge.newsletters:
        for at, what in _control_characters(newsletter):
            problems.append(_error(f"newsletter {newsletter.id} {at}", what))
    problems += _check_unique_ids(knowledge)
    problems += _check_unique_sources(knowledge)
    newsletter_ids = {n.id for n in knowledge.newsletters}
    months = {n.id: n.issue_month for n in knowledge.newsletters}
    dev_ids = {d.id for d in knowledge.developments}
    for dev in knowledge.developments:
        problems += _check_development(dev, newsletter_ids, dev_ids, gazetteer)
        problems += _check_flags(dev, months, gazetteer)
    return problems


LOOK = "needs a look: "
"""How a review flag reads among the store's problems."""


def _check_flags(dev: Development, months: dict[str, str], gazetteer: Gazetteer) -> list[Problem]:
    """An unreviewed record: each review flag, stored by ``ingest`` or found now, is a
    warning. A reviewed record must not keep flags: the reviewer clears them."""
    where = f"development {dev.id}"
    if dev.reviewed:
        if dev.flags:
            return [
                _error(
                    f"{where} flags",
                    "reviewed but still flagged; clear the flags once they are checked",
                )
            ]
        return []
    issue_months = [months[s.newsletter] for s in dev.sources if s.newsletter in months]
    flags = dict.fromkeys([*dev.flags, *development_flags(dev, issue_months, gazetteer)])
    problems = [_warning(where, f"{LOOK}{flag}") for flag in flags]
    if dev.confidence is not None and dev.confidence.probably_not:
        problems.insert(
            0,
            _warning(
                where,
                f"probably not a development (confidence {dev.confidence.score:.2f}): "
                "discard it, or approve it if it is one",
            ),
        )
    return problems


def has_errors(problems: list[Problem]) -> bool:
    return any(p.level is Level.ERROR for p in problems)


def _error(where: str, message: str) -> Problem:
    return Problem(Level.ERROR, where, message)


def _warning(where: str, message: str) -> Problem:
    return Problem(Level.WARNING, where, message)


def _check_newsletters(knowledge: KnowledgeFile) -> list[Problem]:
    problems: list[Problem] = []
    for newsletter_id, count in Counter(n.id for n in knowledge.newsletters).items():
        if count > 1:
            problems.append(
                _error(f"newsletter {newsletter_id}", f"newsletter id used {count} times")
            )
    by_sha: dict[str, list[str]] = {}
    for newsletter in knowledge.newsletters:
        by_sha.setdefault(newsletter.sha256, []).append(newsletter.id)
    for sha, ids in by_sha.items():
        if len(ids) > 1:
            problems.append(
                _error(
                    f"newsletter {ids[1]}",
                    f"same file (sha256 {sha[:12]}...) as newsletter {ids[0]}",
                )
            )
    return problems


def _check_unique_ids(knowledge: KnowledgeFile) -> list[Problem]:
    counts = Counter(d.id for d in knowledge.developments)
    return [
        _error(f"development {dev_id}", f"id used by {count} developments; ids must be unique")
        for dev_id, count in counts.items()
        if count > 1
    ]


def _check_unique_sources(knowledge: KnowledgeFile) -> list[Problem]:
    owners: dict[tuple[str, str], list[str]] = {}
    for dev in knowledge.developments:
        if dev.merged_into:  # a merged duplicate keeps its reports; the target holds them too
            continue
        for source in dev.sources:
            owners.setdefault((source.newsletter, source.ref), []).append(dev.id)
    problems: list[Problem] = []
    for (newsletter, ref), dev_ids in owners.items():
        if len(dev_ids) > 1:
            problems.append(
                _error(
                    f"development {dev_ids[1]} sources",
                    f'newsletter {newsletter} "{ref}" is also a source of '
                    f"{', '.join(sorted(set(dev_ids) - {dev_ids[1]}) or [dev_ids[0]])}; "
                    "each report belongs to one development",
                )
            )
    return problems


def _check_development(
    dev: Development, newsletter_ids: set[str], dev_ids: set[str], gazetteer: Gazetteer
) -> list[Problem]:
    where = f"development {dev.id}"
    problems: list[Problem] = []
    added = dev.added_at if dev.added_at.tzinfo else dev.added_at.replace(tzinfo=dt.UTC)
    if dev.date > added.astimezone(dt.UTC).date():
        problems.append(
            _error(f"{where} date", f"date {dev.date} is after added_at {dev.added_at.isoformat()}")
        )
    if (
        dev.effective_date is not None
        and dev.effective_date < dev.date
        and dev.status is not Status.IN_FORCE
    ):
        problems.append(
            _error(
                f"{where} effective_date",
                f"effective_date {dev.effective_date} is before date {dev.date} "
                f"but status is {dev.status.value if dev.status else 'not set'} (not in_force)",
            )
        )
    for index, source in enumerate(dev.sources):
        at = f"{where} sources[{index}]"
        if source.newsletter not in newsletter_ids:
            problems.append(_error(f"{at}.newsletter", f"unknown newsletter {source.newsletter!r}"))
        if source.reported_date is not None:
            apart = abs((source.reported_date - dev.date).days)
            if apart > REPORTED_DATE_TOLERANCE_DAYS:
                problems.append(
                    _error(
                        f"{at}.reported_date",
                        f"reported_date {source.reported_date} is {apart} days from date "
                        f"{dev.date} (more than {REPORTED_DATE_TOLERANCE_DAYS})",
                    )
                )
        if source.url is not None:
            link_problem = check_link(source.url)
            if link_problem:
                problems.append(_error(f"{at}.url", f"{link_problem}: {source.url!r}"))
    for index, related in enumerate(dev.related):
        if related == dev.id:
            problems.append(
                _error(f"{where} related[{index}]", "a development cannot relate to itself")
            )
        elif related not in dev_ids:
            problems.append(
                _error(f"{where} related[{index}]", f"no development with id {related!r}")
            )
    problems += _check_names(dev, where, gazetteer)
    problems += [_error(f"{where} {at}", what) for at, what in _control_characters(dev)]
    if not dev.reviewed and not dev.withdrawn:
        problems.append(_warning(where, "not reviewed yet (machine summary and tags)"))
    return problems


def _control_characters(record: BaseModel, at: str = "") -> list[tuple[str, str]]:
    """(field, problem) for each text field of ``record`` (nested ones too) holding a
    control character."""
    found: list[tuple[str, str]] = []
    for name, value in record.__dict__.items():
        where = f"{at}.{name}" if at else name
        values = value if isinstance(value, tuple | list) else (value,)
        for index, item in enumerate(values):
            here = f"{where}[{index}]" if values is value else where
            if isinstance(item, str):
                problem = describe_control(item)
                if problem:
                    found.append((here, problem))
            elif isinstance(item, BaseModel):
                found += _control_characters(item, here)
    return found


def check_link(url: str) -> str | None:
    """What is wrong with a source link, or ``None``."""
    if any(ch.isspace() for ch in url):
        return "link contains whitespace"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return f"malformed link ({exc})"
    if parts.scheme not in ("http", "https"):
        return "link must start with http:// or https://"
    host = parts.hostname or ""
    if not _HOST.match(host):
        return f"link has no valid host name ({host or 'empty'})"
    if port is not None and not 0 < port < 65536:
        return "link has an invalid port"
    return None


def _check_names(dev: Development, where: str, gazetteer: Gazetteer) -> list[Problem]:
    problems: list[Problem] = []
    for field_name, kind in _CANONICAL_FIELDS:
        names: tuple[str, ...] = getattr(dev, field_name)
        for index, name in enumerate(names):
            if kind == "regions" and name == "national":
                if len(names) > 1:
                    problems.append(
                        _error(
                            f"{where} regions",
                            '"national" cannot be combined with other regions',
                        )
                    )
                continue
            canonical = gazetteer.canonical(kind, name)
            at = f"{where} {field_name}[{index}]"
            if canonical is None:
                problems.append(_error(at, f"{name!r} is not in the gazetteer's {kind}"))
            elif canonical != name:
                problems.append(_error(at, f"{name!r} is not canonical; use {canonical!r}"))
        if len(set(names)) != len(names):
            problems.append(_error(f"{where} {field_name}", "the same name is listed twice"))
    for name in dev.regions:
        missing = [p for p in gazetteer.region_ancestors(name) if p not in dev.regions]
        if missing and gazetteer.canonical("regions", name) == name:
            problems.append(
                _warning(
                    f"{where} regions",
                    f"{name} is listed without {', '.join(missing)} (list province and city both)",
                )
            )
    return problems


def development_problems(
    dev: Development, knowledge: KnowledgeFile, gazetteer: Gazetteer
) -> list[Problem]:
    """The checks on one development within its store, its review state aside, and, while
    it waits for review, what ``ingest`` or these checks found to look at (a payer it could
    not name, a text that is probably not a development): the flags a reviewer sees on its
    card."""
    newsletter_ids = {n.id for n in knowledge.newsletters}
    dev_ids = {d.id for d in knowledge.developments}
    problems = _check_development(dev, newsletter_ids, dev_ids, gazetteer)
    problems = [p for p in problems if not p.message.startswith("not reviewed yet")]
    if dev.reviewed:
        return problems
    months = {n.id: n.issue_month for n in knowledge.newsletters}
    return problems + _check_flags(dev, months, gazetteer)
