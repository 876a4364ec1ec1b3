"""Scoring newsletter intake against ground truth (pure: no files, no timing).

A truth file lists a newsletter's developments: title keywords, date, category, penalties
(amount, currency, kind, payer) and a merge group (the same group in two newsletters: the same
development, which the store should hold as one record). Parsed items are matched to truth
developments by their title keywords; the figures are then computed over the matches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations
from typing import Any

from rapidfuzz import fuzz

from bot.core.knowledge.ingest.parse import ParsedItem

_BODY_CHARS = 300  # a keyword found this far into the body still identifies the item


@dataclass(frozen=True)
class TruthPenalty:
    amount: Decimal
    currency: str
    kind: str
    payer: str


@dataclass(frozen=True)
class TruthDevelopment:
    merge_group: str
    title_keywords: tuple[str, ...]
    date: dt.date
    category: str
    penalties: tuple[TruthPenalty, ...]


@dataclass(frozen=True)
class Truth:
    file: str
    format: str
    developments: tuple[TruthDevelopment, ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Truth:
        return cls(
            file=data["file"],
            format=data.get("format", ""),
            developments=tuple(
                TruthDevelopment(
                    merge_group=d["merge_group"],
                    title_keywords=tuple(d["title_keywords"]),
                    date=dt.date.fromisoformat(d["date"]),
                    category=d["category"],
                    penalties=tuple(
                        TruthPenalty(Decimal(p["amount"]), p["currency"], p["kind"], p["payer"])
                        for p in d.get("penalties", [])
                    ),
                )
                for d in data["developments"]
            ),
        )


@dataclass(frozen=True)
class Ratio:
    hits: int
    total: int

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.hits + other.hits, self.total + other.total)

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def __str__(self) -> str:
        value = self.value
        return f"{value:.2f} ({self.hits}/{self.total})" if value is not None else "- (0/0)"


@dataclass
class FileScore:
    file: str
    recall: Ratio
    precision: Ratio
    dates: Ratio
    categories: Ratio
    amounts: Ratio
    payers: Ratio
    matches: dict[int, ParsedItem] = field(default_factory=dict)
    """Index of the truth development -> the parsed item matched to it."""


def match(truth: Truth, items: Sequence[ParsedItem]) -> dict[int, ParsedItem]:
    """Each truth development -> the first unmatched item naming all its title keywords in its
    headline (or, failing that, at the start of its body)."""
    used: set[int] = set()
    matches: dict[int, ParsedItem] = {}
    for index, development in enumerate(truth.developments):
        keywords = [k.casefold() for k in development.title_keywords]
        for widen in (False, True):
            found = next(
                (
                    (n, item)
                    for n, item in enumerate(items)
                    if n not in used and all(k in _searched(item, widen) for k in keywords)
                ),
                None,
            )
            if found is not None:
                used.add(found[0])
                matches[index] = found[1]
                break
    return matches


def _searched(item: ParsedItem, widen: bool) -> str:
    text = item.headline if not widen else f"{item.headline} {item.body[:_BODY_CHARS]}"
    return text.casefold()


def score_file(truth: Truth, items: Sequence[ParsedItem]) -> FileScore:
    matches = match(truth, items)
    dates = categories = amounts = payers = Ratio(0, 0)
    for index, item in matches.items():
        development = truth.developments[index]
        dates += Ratio(int(item.date == development.date), 1)
        categories += Ratio(int(item.category.value == development.category), 1)
        if development.penalties or item.penalties:
            amounts += Ratio(int(_amounts(development) == _item_amounts(item)), 1)
        payers += _payers(development, item)
    return FileScore(
        file=truth.file,
        recall=Ratio(len(matches), len(truth.developments)),
        precision=Ratio(len(matches), len(items)),
        dates=dates,
        categories=categories,
        amounts=amounts,
        payers=payers,
        matches=matches,
    )


def mistakes(truth: Truth, items: Sequence[ParsedItem], score: FileScore) -> list[str]:
    """What was missed or wrong in one newsletter, one line each (``--details``)."""
    lines: list[str] = []
    matched = {id(item) for item in score.matches.values()}
    for index, development in enumerate(truth.developments):
        item = score.matches.get(index)
        label = f"[{development.merge_group}]"
        if item is None:
            lines.append(f"missed {label} {' + '.join(development.title_keywords)}")
            continue
        if item.date != development.date:
            lines.append(f"date {label} {item.date} (truth {development.date})")
        if item.category.value != development.category:
            lines.append(f"category {label} {item.category.value} (truth {development.category})")
        found = [f"{p.amount} {p.currency} {p.kind.value} by {p.bearer}" for p in item.penalties]
        expected = [f"{p.amount} {p.currency} {p.kind} by {p.payer}" for p in development.penalties]
        if _amounts(development) != _item_amounts(item) or _payers(development, item).hits < len(
            development.penalties
        ):
            lines.append(f"penalties {label} found {found or 'none'}; truth {expected or 'none'}")
    for item in items:
        if id(item) not in matched:
            lines.append(f"extra item {item.ref}: {item.headline[:90]}")
    return lines


def _amounts(development: TruthDevelopment) -> list[tuple[Decimal, str]]:
    return sorted((p.amount, p.currency) for p in development.penalties)


def _item_amounts(item: ParsedItem) -> list[tuple[Decimal, str]]:
    return sorted((p.amount, p.currency) for p in item.penalties)


def _payers(development: TruthDevelopment, item: ParsedItem) -> Ratio:
    """Truth penalties whose payer is named by the item's penalty of the same amount."""
    unused = list(item.penalties)
    hits = 0
    for penalty in development.penalties:
        same = next(
            (p for p in unused if (p.amount, p.currency) == (penalty.amount, penalty.currency)),
            None,
        )
        if same is None:
            continue
        unused.remove(same)
        if payer_matches(penalty.payer, same.bearer):
            hits += 1
    return Ratio(hits, len(development.penalties))


def payer_matches(expected: str, found: str) -> bool:
    expected, found = expected.casefold(), found.casefold()
    return expected in found or fuzz.partial_ratio(expected, found) >= 90


@dataclass(frozen=True)
class MergeScore:
    found: Ratio
    false_merges: int
    missed: tuple[str, ...] = ()
    """``group: file a / file b`` for each pair that should have merged and did not."""
    wrong: tuple[str, ...] = ()
    """``group a + group b in <development id>`` for each false merge."""


def score_merges(
    truths: Sequence[Truth],
    scores: Sequence[FileScore],
    development_of: Mapping[tuple[str, str], str],
    newsletter_ids: Mapping[str, str],
) -> MergeScore:
    """Pairs of reports in different newsletters of the same merge group: found when the store
    holds them as one development. False merges: reports of different groups held as one.

    ``development_of``: (newsletter id, item ref) -> development id in the store;
    ``newsletter_ids``: file name -> newsletter id."""
    reports: list[tuple[str, str, str | None]] = []  # (file, group, development id)
    for truth, score in zip(truths, scores, strict=True):
        newsletter = newsletter_ids[truth.file]
        for index, development in enumerate(truth.developments):
            item = score.matches.get(index)
            dev_id = development_of.get((newsletter, item.ref)) if item is not None else None
            reports.append((truth.file, development.merge_group, dev_id))
    expected = found = 0
    missed: list[str] = []
    wrong: list[str] = []
    for (file_a, group_a, dev_a), (file_b, group_b, dev_b) in combinations(reports, 2):
        if group_a == group_b and file_a != file_b:
            expected += 1
            if dev_a is not None and dev_a == dev_b:
                found += 1
            else:
                missed.append(f"{group_a}: {file_a} / {file_b}")
        elif group_a != group_b and dev_a is not None and dev_a == dev_b:
            wrong.append(f"{group_a} + {group_b} in {dev_a}")
    return MergeScore(Ratio(found, expected), len(wrong), tuple(missed), tuple(wrong))
