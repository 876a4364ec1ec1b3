"""Explaining an answer that has no results: nothing matches (what was understood, what the
store does hold, which filter to drop), input that cannot be used, nothing to search for.
Built only from canonical names and store data. No Slack imports."""

from __future__ import annotations

from dataclasses import replace

from bot.core.answers.answer import Answer, AnswerKind, DirectAnswer, Understood
from bot.core.answers.browse import Browse, plural
from bot.core.answers.chinese import describe_zh, dev_label_zh
from bot.core.answers.citations import when_label
from bot.core.answers.intent import Ask, Intent
from bot.core.answers.search.ranking import count_matching, regions_with, search
from bot.core.labels import Language
from bot.core.query.filters import PUNITIVE_KINDS, Filters
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


_ZH_LABELS = {
    "regions": "地区",
    "dates": "日期",
    "amount": "金额",
    "categories": "类别",
    "statuses": "状态",
    "concepts": "机构、法律或主题",
    "monetary_penalty": "罚款",
}


class Explain(Browse):
    help_text: str
    language: Language | None

    @property
    def lang(self) -> Language:
        return self.language or "en"

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
            headline = f"No fines or other monetary penalties are recorded in {places}"
            others = [u for u in parsed.understood if u.label not in {"penalties", "region"}]
            headline += f" ({phrase(tuple(others))})." if others else "."
        elif parsed.understood and not parsed.terms and filter_count == 0:
            headline = f"Nothing in the store matches all of: {phrase(parsed.understood)}."
        else:
            headline = "Nothing in the store matches your search."
        if filter_count == 0 and not filters.is_empty:
            message = (
                f"知识库共有{len(self.store)}条动态，没有一条满足全部条件。"
                if self.language == "zh"
                else f"The store holds {plural(len(self.store), 'development')}"
                f"{self._span()}; none satisfies every filter understood."
            )
            relaxed = self._relaxations(filters)
            if relaxed:  # what dropping each condition finds
                message = " ".join(relaxed) + " " + message
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
        """For each condition that, dropped, finds records: what it was and what is there
        without it ("None in 2021; without the dates: 1 development: …")."""
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
            "dates": filters.has_dates,
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
            loose = filters.without(key)
            found = search(
                self.store,
                ParsedQuery(text="", filters=loose),
                limit=2,
                order="date",
                gazetteer=self.gaz,
            )
            if not found.total:
                continue
            asked = dict((u.label, u.value) for u in filters.describe())
            what = {"dates": "date", "regions": "region", "amount": "amount"}.get(key)
            name = f" ({asked[what]})" if what in asked else ""
            first = found.hits[0].dev
            if getattr(self, "language", None) == "zh":
                zh = describe_zh(filters.without(key), self.gaz)
                out.append(
                    f"去掉{_ZH_LABELS[key]}条件后有{found.total}条（{zh}），例如"
                    f"{dev_label_zh(first, self.gaz)}（{when_label(first, 'zh')}）。"
                )
                continue
            example = f"{first.title} ({when_label(first)})"
            more = f", and {found.total - 1} more" if found.total > 1 else ""
            out.append(
                f"Without {label}{name}: {plural(found.total, 'development')}, e.g. "
                f"{example}{more}."
            )
        return out

    def _parse_error(self, parsed: ParsedQuery) -> Answer:
        return Answer(
            kind=AnswerKind.ERROR,
            query=self.query,
            headline=(
                "问题中有一部分无法使用。"
                if self.language == "zh"
                else "I could not use part of that question."
            ),
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

    def _in_language(
        self,
        missing: Answer,
        intent: Intent,
        notes: tuple[str, ...],
        filters: Filters | None = None,
    ) -> Answer:
        """A no-match answer, in Chinese for a Chinese question; a yes/no question gets
        its "no"."""
        direct = None
        if intent.ask is Ask.WHETHER:
            text = (
                "没有：知识库中没有符合的动态。"
                if self.lang == "zh"
                else "No: no development in the store matches that."
            )
            direct = DirectAnswer(Ask.WHETHER.value, text, notes=notes)
            return replace(missing, headline=text, direct=direct, language=self.lang)
        if notes:
            direct = DirectAnswer(Ask.LIST.value, missing.headline, notes=notes)
        headline = missing.headline
        if self.lang == "zh":
            zh = describe_zh(filters, self.gaz) if filters is not None else ""
            headline = "知识库中没有符合条件的动态" + (f"：{zh}。" if zh else "。")
        return replace(missing, headline=headline, direct=direct, language=self.lang)

    def _penalty_headline(self, filters: Filters, total: int, described: str) -> str:
        """Fines proper are told apart from court-ordered compensation, which is not a fine:
        "fines beijing" says no fines are recorded there, then lists the compensation."""
        fines = count_matching(self.store, replace(filters, penalty_kinds=PUNITIVE_KINDS), self.gaz)
        where = f" in {' or '.join(filters.regions)}" if filters.regions else ""
        also = f" · {described}" if described else ""
        if fines == total:
            return f"{plural(total, 'development')} with fines{where}{also}"
        if fines == 0:
            return (
                f"No fines are recorded{where}{also}; "
                f"{plural(total, 'development has', 'developments have')}"
                " court-ordered compensation"
            )
        return (
            f"{plural(total, 'development')} with monetary penalties{where}{also}: "
            f"{fines} with fines, {total - fines} with compensation only"
        )
