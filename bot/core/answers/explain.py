"""Explaining an answer that has no results: nothing matches (what was understood, what the
store does hold, which filter to drop), input that cannot be used, nothing to search for.
Built only from canonical names and store data. No Slack imports."""

from __future__ import annotations

from dataclasses import replace

from bot.core.answers.answer import Answer, AnswerKind, Understood
from bot.core.answers.browse import Browse, plural
from bot.core.answers.search.ranking import count_matching, regions_with
from bot.core.query.filters import Filters
from bot.core.query.parsed import ParsedQuery

HELP_HEADLINE = "How to ask"


def help_answer(query: str, headline: str, text: str) -> Answer:
    return Answer(kind=AnswerKind.HELP, query=query, headline=headline, message=text)


def phrase(understood: tuple[Understood, ...]) -> str:
    """Canonical filters as a short phrase: "region Henan · May 2022"."""
    parts = []
    for u in understood:
        if u.label in {"penalties", "category", "status", "order", "date"}:
            parts.append(u.value)
        else:
            parts.append(f"{u.label} {u.value}")
    return " · ".join(parts)


def _how_to_write(errors: tuple[str, ...]) -> list[str]:
    """Examples of the kinds of input the errors are about."""
    text = " ".join(errors)
    hints = []
    if "date" in text or "period" in text:
        hints.append("Dates look like 2022-05, 2022-05-30, May 2022 or last month.")
    if "amount" in text:
        hints.append("Amounts look like over 500k, under 1m, 超过100万.")
    return hints


class Explain(Browse):
    help_text: str

    def _no_match(
        self,
        parsed: ParsedQuery,
        unknown: tuple[str, ...],
        close_words: tuple[str, ...],
        not_understood: tuple[str, ...],
    ) -> Answer:
        filters = parsed.filters
        filter_count = count_matching(self.store, filters, self.gaz)
        suggestions: list[str] = list(parsed.suggestions)
        suggestions.extend(f"Did you mean “{word}”?" for word in close_words)
        only = {u.label for u in parsed.understood}
        if filters.needs_penalty and filters.regions and not parsed.terms and filter_count == 0:
            places = " or ".join(filters.regions)
            headline = f"No fines or other monetary penalties are recorded in {places}."
        elif parsed.understood and not parsed.terms and filter_count == 0:
            headline = f"Nothing in the store matches all of: {phrase(parsed.understood)}."
        else:
            headline = "Nothing in the store matches your search."
        if filter_count == 0 and not filters.is_empty:
            message = (
                f"The store holds {plural(len(self.store), 'development')}"
                f"{self._span()}; none satisfies every filter understood."
            )
            suggestions.extend(self._relaxations(filters))
        elif unknown:
            message = (
                "The words listed as not understood appear in no development, and the rest "
                "of your search is not enough to go on."
            )
        else:
            message = "Some developments use a few of your words, but none matches them closely."
        if filters.needs_penalty and filter_count == 0 and "region" in only:
            holders = regions_with(self.store, replace(filters, regions=()), self.gaz)
            if holders:
                suggestions.append(f"Monetary penalties are recorded in: {', '.join(holders)}.")
        suggestions.append("Try `latest` for the newest developments, or `help`.")
        return Answer(
            kind=AnswerKind.NO_MATCH,
            query=self.query,
            headline=headline,
            understood=parsed.understood,
            not_understood=not_understood,
            suggestions=tuple(dict.fromkeys(suggestions)),
            message=message,
        )

    def _relaxations(self, filters: Filters) -> list[str]:
        options = [
            ("regions", "the region"),
            ("dates", "the dates"),
            ("amount", "the amount"),
            ("categories", "the category"),
            ("statuses", "the status"),
            ("concepts", "the named authorities, laws or topics"),
            ("monetary_penalty", "the penalty filter"),
        ]
        active = {
            "regions": bool(filters.regions),
            "dates": bool(
                filters.date_from
                or filters.date_to
                or filters.months_of_year
                or filters.days_of_year
            ),
            "amount": filters.amount_min is not None or filters.amount_max is not None,
            "categories": bool(filters.categories),
            "statuses": bool(filters.statuses),
            "concepts": bool(filters.concepts),
            "monetary_penalty": filters.monetary_penalty
            and filters.amount_min is None
            and filters.amount_max is None,
        }
        out = []
        for key, label in options:
            if not active[key] or sum(active.values()) < 2:
                continue
            n = count_matching(self.store, filters.without(key), self.gaz)
            if n:
                out.append(f"Without {label}: {plural(n, 'development')}.")
        return out

    def _parse_error(self, parsed: ParsedQuery) -> Answer:
        return Answer(
            kind=AnswerKind.ERROR,
            query=self.query,
            headline="I could not use part of that question.",
            message=" ".join([*parsed.errors, *_how_to_write(parsed.errors)]),
            understood=parsed.understood,
            not_understood=parsed.not_understood,
        )

    def _nothing_to_search(self, parsed: ParsedQuery) -> Answer:
        if parsed.not_understood:
            return Answer(
                kind=AnswerKind.NO_MATCH,
                query=self.query,
                headline="I did not understand anything to search for.",
                message="Try a region, an authority, a topic, a month or a few keywords.",
                not_understood=parsed.not_understood,
                suggestions=("Try `help` for examples.",),
            )
        return help_answer(self.query, "What would you like to find?", self.help_text)
