"""The parser: consumes what it understands from the question step by step (amounts,
dates, names, keywords, words) and builds a ``ParsedQuery``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from bot.core.knowledge.gazetteer import Gazetteer, default_gazetteer
from bot.core.knowledge.model import Category, PenaltyKind, Status
from bot.core.query.amounts import read_amounts
from bot.core.query.category_nouns import read_category_nouns
from bot.core.query.dates import (
    COMMENT_CLOSING,
    DATE_PATTERNS,
    EFFECTIVE,
    DateState,
    apply_date,
    apply_period,
    month_name_is_date,
)
from bot.core.query.filters import AmountBound, Concept, DateField, DocumentKind, Filters
from bot.core.query.mentions import CONCEPT_KINDS, ConceptKind
from bot.core.query.names import Target, acronym, closest, fold, phrase_table, word_by_word
from bot.core.query.negation import names_conduct, split_exclusions
from bot.core.query.parsed import ParsedQuery, QueryError
from bot.core.query.periods import find_periods
from bot.core.query.qualifiers import (
    either_of,
    find_qualifiers,
    with_synonyms,
    within_scope,
)
from bot.core.query.understood import Understood
from bot.core.query.vocabulary import (
    CATEGORY_NOUNS,
    INDUSTRY_WORD,
    KEYWORDS,
    ORDER_AMOUNT,
    PASSED,
    PENALTY,
    STOP_WORDS,
    TitledPair,
    clean_text,
    leftovers,
)

_BLANK = "\x00"
_WORD = re.compile(
    r"[A-Za-z][A-Za-z0-9'’.-]*[A-Za-z0-9]|[A-Za-z]|\d{1,3}(?:,\d{3})+|\d+(?:st|nd|rd|th)\b|\d+"
)


def _is_filter_word(word: str) -> bool:
    lower = word.lower()
    return lower in STOP_WORDS or lower in KEYWORDS or lower == INDUSTRY_WORD


_PENALTY_WORD = re.compile(r"fine|penal|罚", re.IGNORECASE)


@dataclass
class _Builder:
    """Consumes what it understands from ``work`` (blanking it), step by step."""

    text: str
    today: date
    gaz: Gazetteer
    work: str = ""
    categories: set[Category] = field(default_factory=set)
    statuses: set[Status] = field(default_factory=set)
    penalty: bool = False
    penalty_kinds: set[PenaltyKind] = field(default_factory=set)
    largest_first: bool = False
    regions: list[str] = field(default_factory=list)
    concepts: list[Concept] = field(default_factory=list)
    dates: DateState = field(default_factory=DateState)
    amount_min: AmountBound | None = None
    amount_max: AmountBound | None = None
    terms: list[str] = field(default_factory=list)
    not_understood: list[str] = field(default_factory=list)
    scopes: set[str] = field(default_factory=set)  # "national" / "local" authority groups
    documents: list[DocumentKind] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    about_money: bool = False
    corrections: list[tuple[str, str]] = field(default_factory=list)
    effective: bool = False
    comment_deadline: bool = False
    titled: TitledPair | None = None
    typed: str = ""
    """``work`` before anything was taken from it (the same length, so spans agree)."""

    def blank(self, start: int, end: int) -> None:
        self.work = self.work[:start] + _BLANK * (end - start) + self.work[end:]

    def take_amounts(self) -> None:
        about_money = self.about_money or bool(_PENALTY_WORD.search(self.work))
        read = read_amounts(self.work, about_money, _BLANK)
        self.work = read.work
        self.errors.extend(read.errors)
        self.amount_min, self.amount_max = read.low, read.high

    def take_dates(self) -> None:
        forward = self.effective or self.comment_deadline
        for period in find_periods(self.work, self.today, forward=forward):
            self.blank(*period.span)
            apply_period(period, self.dates)
        found: list[tuple[int, str, re.Match[str]]] = []
        for kind, regex in DATE_PATTERNS:
            for match in list(regex.finditer(self.work)):
                if kind == "mname" and not month_name_is_date(match):
                    continue
                found.append((match.start(), kind, match))
                self.blank(*match.span())
        typed = [int(m.group("y")) for _, kind, m in found if kind in {"ymd", "ym", "y"}]
        self.dates.year_hint = typed[0] if typed else None
        self.dates.forward = self.effective or self.comment_deadline
        for _start, kind, match in sorted(found, key=lambda item: item[0]):
            try:
                apply_date(match, kind, self.dates, self.today)
            except QueryError as exc:  # said plainly; the rest of the question still reads
                self.errors.append(str(exc))

    def take_qualifiers(self) -> None:
        """Groups of authorities and kinds of document (``qualifiers``)."""
        for found in find_qualifiers(self.work, self.gaz):
            self.blank(*found.span)
            concept = found.concept()
            if concept is not None and concept not in self.concepts:
                self.concepts.append(concept)
                if found.group is not None and found.group.scope is not None:
                    self.scopes.add(found.group.scope)
            if found.document is not None and found.document not in self.documents:
                self.documents.append(found.document)

    def take_phrases(self) -> None:
        table = phrase_table(self.gaz)
        if table.regex is None:
            return
        for match in list(table.regex.finditer(self.work)):
            targets = table.targets.get(fold(match.group(0)))
            kind, word = targets[0] if targets else ("", "")
            if not targets or (kind == "keyword" and word in CATEGORY_NOUNS):
                continue  # a category noun (not a name): ``take_category_nouns`` reads it
            if kind == "keyword":
                self._keyword(targets[0][1])
            else:
                self._name(targets)
            self.blank(*match.span())

    def _keyword(self, word: str) -> None:
        action = KEYWORDS[word]
        if isinstance(action, Category):
            self.categories.add(action)
        elif isinstance(action, Status):
            self.statuses.add(action)
        elif isinstance(action, PenaltyKind):
            self.penalty_kinds.add(action)
        elif action == PENALTY:
            self.penalty = True
        elif action == ORDER_AMOUNT:
            self.largest_first = True
        elif action == PASSED:
            self.statuses.update({Status.ADOPTED, Status.IN_FORCE})

    def _name(self, targets: list[Target]) -> None:
        regions = [name for kind, name in targets if kind == "regions"]
        if regions:
            for name in regions:
                if name not in self.regions:
                    self.regions.append(name)
            return
        names: list[tuple[ConceptKind, str]] = []
        for kind, name in targets:
            for concept_kind in CONCEPT_KINDS:
                if kind == concept_kind:
                    names.append((concept_kind, name))
        concept = Concept(tuple(names))
        if names and concept not in self.concepts:
            self.concepts.append(concept)

    def take_category_nouns(self) -> None:
        """ "rules", "measures", "规定": a category, a word of a name, or (as actions taken)
        nothing (``category_nouns``)."""
        for reading in read_category_nouns(self.typed, self.work, self.titled):
            for span in reading.blanks:
                self.blank(*span)
            if reading.category is not None:
                self.categories.add(reading.category)
            if reading.term is not None:
                self.terms.append(reading.term)

    def take_industry(self) -> None:
        match = re.match(r"\s*(industry)\b", self.work, re.IGNORECASE)
        if match and re.match(r"\s*industry\b", clean_text(self.text), re.IGNORECASE):
            self.categories.add(Category.INDUSTRY)
            self.blank(*match.span(1))

    def take_misspelt_names(self) -> None:
        """Multi-word names with a typo ("shaoxin bank"), before single words are taken."""
        table = phrase_table(self.gaz)
        tokens = list(_WORD.finditer(self.work))
        used: set[int] = set()
        for size in (3, 2):
            for i in range(len(tokens) - size + 1):
                window = range(i, i + size)
                words = [tokens[j].group(0) for j in window]
                if used & set(window) or any(_is_filter_word(w) for w in words):
                    continue
                if _BLANK in self.work[tokens[i].end() : tokens[i + size - 1].start()]:
                    continue
                phrase = fold(" ".join(words))
                if phrase in table.targets:
                    continue  # spelt right: the exact pass takes it
                best = closest(phrase, table.latin_multi, 88)
                if best and word_by_word(phrase, best):
                    self._name(table.latin_multi[best])
                    used.update(window)
                    self.blank(tokens[i].start(), tokens[i + size - 1].end())

    def take_words(self) -> None:
        table = phrase_table(self.gaz)
        tokens = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(self.work)]
        for word, _start, _end in tokens:
            lower = word.lower().strip(".'’-")
            if not lower or lower in STOP_WORDS:
                continue
            region = None
            if not lower.isdigit() and len(lower) >= 4:
                region = self.gaz.fuzzy_region(lower)
            if region:
                if region not in self.regions:
                    self.regions.append(region)
                if fold(region) != lower and self.gaz.canonical("regions", lower) is None:
                    self.corrections.append((word, region))
                continue
            best = closest(lower, table.latin_single, 86) if len(lower) >= 5 else None
            if best is None and word.isupper() and 4 <= len(word) <= 8:
                best = acronym(lower, table.latin_single)  # "CBIRK": one letter off
            if best:
                self._name(table.latin_single[best])
                self.corrections.append((word, table.latin_single[best][0][1]))
                continue
            near = self.gaz.fuzzy_region(lower, cutoff=75.0) if len(lower) >= 4 else None
            if near and near[0].lower() == lower[0]:  # typos rarely change the first letter
                self.suggestions.append(f"Did you mean {near}?")
            term = re.sub(r"[’']s$", "", lower).replace(",", "")
            parts = [p for p in re.split(r"[-.]", term) if p] if "-" in term else [term]
            self.terms.extend(parts)  # "five-year" is indexed as "five" and "year"

    def take_effective(self) -> None:
        """ "taking effect in July 2022", "生效": the dates are effective dates."""
        for match in list(EFFECTIVE.finditer(self.work)):
            self.effective = True
            self.blank(*match.span())

    def take_comment_deadline(self) -> None:
        """ "drafts closing for comment in June": the dates are comment deadlines."""
        for regex in COMMENT_CLOSING:
            for match in list(regex.finditer(self.work)):
                self.comment_deadline = True
                verb = "v" in regex.groupindex and match.group("v") is not None
                self.blank(*(match.span("v") if verb else match.span()))

    def take_leftovers(self) -> None:
        terms, unread = leftovers(self.work)
        self.terms.extend(terms)
        self.not_understood.extend(unread)

    def build(self) -> ParsedQuery:
        self.concepts = either_of(self.text, self.concepts)
        state = self.dates
        if state.date_from and state.date_to and state.date_from > state.date_to:
            self.errors.append("No date can fall in all of the periods you gave.")
        lo, hi = self.amount_min, self.amount_max
        if (
            lo is not None
            and hi is not None
            and (lo.value > hi.value or (lo.value == hi.value and not lo.inclusive))
        ):
            self.errors.append("No amount can be both above and below the figures you gave.")
        dated = bool(state.date_from or state.date_to or state.months or state.days)
        field: DateField = "effective" if self.effective and dated else "published"
        if self.comment_deadline and not dated:  # "what are the comment deadlines?": drafts
            self.statuses.add(Status.DRAFT)
        filters = Filters(
            categories=frozenset(self.categories),
            statuses=frozenset(self.statuses),
            monetary_penalty=self.penalty or lo is not None or hi is not None,
            penalty_kinds=frozenset(self.penalty_kinds),
            regions=tuple(self.regions),
            concepts=tuple(self.concepts),
            date_from=state.date_from,
            date_to=state.date_to,
            months_of_year=frozenset(state.months),
            days_of_year=frozenset(state.days),
            amount_min=lo,
            amount_max=hi,
            date_field="comment" if self.comment_deadline and dated else field,
            year_guessed=state.guessed,
            documents=tuple(self.documents),
        )
        filters = within_scope(filters, self.scopes)
        understood = list(filters.describe())
        if self.largest_first:
            understood.append(Understood("order", "largest penalty first"))
        return ParsedQuery(
            text=self.text,
            filters=filters,
            terms=tuple(dict.fromkeys(self.terms)),
            understood=tuple(understood),
            not_understood=tuple(dict.fromkeys(self.not_understood)),
            suggestions=tuple(dict.fromkeys(self.suggestions)),
            errors=tuple(self.errors),
            largest_first=self.largest_first,
            corrections=tuple(dict.fromkeys(self.corrections)),
            effective=self.effective,
        )


def parse_query(
    text: str,
    gazetteer: Gazetteer | None = None,
    *,
    today: date | None = None,
    about_money: bool = False,
    titled: TitledPair | None = None,
) -> ParsedQuery:
    """Understand ``text``: filters, free-text terms, what was not understood, suggestions.

    ``about_money``: the question is about penalties even without a penalty word in it
    (the ``fines`` subcommand), so ``over 500k`` is an amount. ``titled``: whether two
    words are in a development's title outside a category (see ``take_category_nouns``);
    without it a category noun always names its category.

    Never raises on any string; impossible input (``2022-13``, an amount above a
    quadrillion, a negative amount) is reported in ``errors``."""
    gaz = gazetteer or default_gazetteer()
    when = today or date.today()
    main, excluded = split_exclusions(clean_text(text))
    parsed = _parse_plain(text, main, gaz, when, about_money, titled)
    if not excluded or parsed.errors:
        return parsed
    exclude: list[Filters] = []
    words: list[str] = []
    restored: list[str] = []
    for phrase in excluded:
        sub = _parse_plain(phrase.text, phrase.text, gaz, when, about_money, titled)
        if not sub.filters.is_empty and not (phrase.conduct and names_conduct(sub.filters)):
            exclude.append(replace(sub.filters, date_field="published"))
        elif phrase.explicit and sub.terms:
            words.extend(sub.terms)
        else:
            restored.append(phrase.text)
    if restored:  # "without a security assessment": not an exclusion, part of the search
        parsed = _parse_plain(text, ", ".join([main, *restored]), gaz, when, about_money, titled)
    if not exclude and not words:
        return parsed
    filters = replace(parsed.filters, exclude=tuple(exclude), excluded_terms=tuple(words))
    understood = list(filters.describe())
    if parsed.largest_first:
        understood.append(Understood("order", "largest penalty first"))
    return replace(parsed, filters=filters, understood=tuple(understood))


def _parse_plain(
    text: str,
    work: str,
    gaz: Gazetteer,
    today: date,
    about_money: bool,
    titled: TitledPair | None = None,
) -> ParsedQuery:
    builder = _Builder(text=text, today=today, gaz=gaz, about_money=about_money, titled=titled)
    builder.work = builder.typed = with_synonyms(work, gaz)
    builder.take_effective()
    builder.take_comment_deadline()
    try:
        builder.take_amounts()
        builder.take_dates()
    except QueryError as exc:
        return ParsedQuery(text=text, errors=(str(exc),))
    builder.take_qualifiers()
    builder.take_misspelt_names()
    builder.take_phrases()
    builder.take_category_nouns()
    builder.take_industry()
    builder.take_words()
    builder.take_leftovers()
    return builder.build()
