"""The answer engine: what the user typed in, a structured ``Answer`` out.

``answer(text, store)`` is the one entry point for Slack, the console and the CLI. The
first word may be a command of the registry (``bot.core.registry``), answered here by its
name (``help``, ``latest``, ``fines``, ``show``, ``digest``, ``stats``; the workspace's
commands are pointed to Slack); anything else is a search. ``answer_parsed`` answers a
query already parsed (the search form's).
A leading ``/pi`` and Slack markup (``<@U123>``, ``<!channel>``) are ignored.

Trust rules kept here:
- headlines, messages and suggestions are built only from canonical names and store data;
  the user's own words travel only in ``Answer.query`` and ``Answer.not_understood``;
- when nothing matches, the answer says so (NO_MATCH) with what was understood and what
  the store does hold, never with the nearest unrelated records;
- it never raises, whatever the string.

This module has no Slack imports.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from bot.core.answers import comparison
from bot.core.answers.among import (
    of_the_list,
    question_in_list,
    readable,
    split_asked_of,
    within,
)
from bot.core.answers.answer import Answer, AnswerKind, DirectAnswer, apology
from bot.core.answers.browse import plural
from bot.core.answers.chinese import describe_zh
from bot.core.answers.command import split_command, strip_prefix
from bot.core.answers.drafts import deadlines_unknown, open_drafts
from bot.core.answers.explain import help_answer, phrase
from bot.core.answers.help import help_text, workspace_elsewhere
from bot.core.answers.intent import AGGREGATES, Ask, Intent, counts_developments, read_intent
from bot.core.answers.listing import MAX_PAGE, Listing
from bot.core.answers.questions import (
    counted_by_filters,
    day_not_given,
    direct_answer,
    find,
    fines_proper,
    ignored_words,
    question_terms,
    reach_province,
)
from bot.core.answers.search.ranking import Order
from bot.core.knowledge.gazetteer import Gazetteer, default_gazetteer
from bot.core.knowledge.model import Development
from bot.core.knowledge.store import Store
from bot.core.labels import Language, newsletter_labels
from bot.core.limits import MAX_INPUT
from bot.core.query.filters import PUNITIVE_KINDS, Filters
from bot.core.query.parsed import ParsedQuery
from bot.core.query.pasted import question_of
from bot.core.query.vocabulary import clean_text
from bot.core.registry import command_for

log = logging.getLogger(__name__)

NATIONWIDE = Filters(regions=("national",))

HELP_TEXT = help_text(editor=False)
"""``help`` for anyone; the router gives editors theirs (``bot.core.answers.help``)."""


def answer(
    text: str,
    store: Store,
    *,
    offset: int = 0,
    page_size: int = 5,
    today: date | None = None,
    gazetteer: Gazetteer | None = None,
    language: Language | None = None,
) -> Answer:
    """Answer ``text`` from ``store``. Never raises.

    ``language``: answer in this language (a Chinese Slack locale); by default a question
    written in Chinese is answered in Chinese, any other in English."""
    raw = text if isinstance(text, str) else str(text)
    try:
        result = _answer(
            raw,
            store,
            offset=max(0, int(offset)),
            page_size=min(MAX_PAGE, max(1, int(page_size))),
            today=today or date.today(),
            gaz=gazetteer or default_gazetteer(),
            language=language,
        )
        if result.results:
            result = replace(result, newsletters=newsletter_labels(result.results, store))
        return result
    except Exception:
        log.exception("answer engine failed")
        return apology(raw[:MAX_INPUT])


def answer_parsed(
    parsed: ParsedQuery,
    store: Store,
    *,
    query: str = "",
    offset: int = 0,
    page_size: int = 5,
    today: date | None = None,
    gazetteer: Gazetteer | None = None,
) -> Answer:
    """Answer a query already parsed (the search form's, built from its fields); nothing
    chosen: the newest developments. ``query`` says what was asked. Never raises."""
    try:
        context = _Request(
            query,
            store,
            max(0, int(offset)),
            min(MAX_PAGE, max(1, int(page_size))),
            today or date.today(),
            gazetteer or default_gazetteer(),
        )
        if parsed.errors:
            return context._parse_error(parsed)
        if parsed.is_empty:
            result = context._run(parsed, order="date", label="newest first", cap=MAX_PAGE)
        else:
            order: Order = "amount" if parsed.largest_first else "relevance"
            result = context._run(parsed, order=order, label="")
        if result.results:
            result = replace(result, newsletters=newsletter_labels(result.results, store))
        return result
    except Exception:
        log.exception("answer engine failed on a parsed query")
        return apology(query[:MAX_INPUT])


def listed(
    request: str,
    store: Store,
    *,
    today: date | None = None,
    gazetteer: Gazetteer | None = None,
    language: Language | None = None,
    most: int | None = None,
) -> tuple[Development, ...]:
    """The developments of the list ``request`` answers with, every page of it (a digest's
    in its order), or its first ``most``: what "them" and "the first one" point into."""
    result = _answer(
        request,
        store,
        offset=0,
        page_size=max(1, len(store) if most is None else most),
        today=today or date.today(),
        gaz=gazetteer or default_gazetteer(),
        language=language,
        whole=True,
    )
    if result.digest is not None:
        return tuple(d for _, devs in result.digest.sections for d in devs)[:most]
    return result.results


def _answer(
    raw: str,
    store: Store,
    *,
    offset: int,
    page_size: int,
    today: date,
    gaz: Gazetteer,
    language: Language | None,
    whole: bool = False,
    of_list: bool = False,
) -> Answer:
    query = raw.strip()
    asked = split_asked_of(query)
    if asked is not None:  # a question about a list: asked of that list's developments only
        devs = listed(asked.listed, store, today=today, gazetteer=gaz, language=language)
        result = _answer(
            question_in_list(asked),
            within(store, devs),
            offset=offset,
            page_size=page_size,
            today=today,
            gaz=gaz,
            language=language,
            of_list=True,
        )
        return replace(of_the_list(result, len(devs)), query=readable(asked), request=query)
    if len(raw) > MAX_INPUT:
        return Answer(
            kind=AnswerKind.ERROR,
            query=query[:200],
            headline="That message is too long to search.",
            message=f"Please ask in fewer than {MAX_INPUT:,} characters, e.g. `fines henan`.",
        )
    body = strip_prefix(clean_text(question_of(query))).strip()  # an e-mail: its questions
    if not body:
        return _help(query, "Ask me about China's cybersecurity and data-protection news.")
    command, rest = split_command(body)
    context = _Request(query, store, offset, page_size, today, gaz, language, whole=whole)
    context.of_list = of_list
    handlers: dict[str, Callable[[str], Answer]] = {  # by the registry's command names
        "help": lambda _rest: _help(query, "How to ask"),
        "latest": context.latest,
        "fines": context.fines,
        "show": context.show,
        "digest": context.digest,
        "stats": lambda _rest: context.stats(),
    }
    spec = command_for(command)
    if spec is not None and spec.workspace and spec.audience != "editors":
        return workspace_elsewhere(query)  # the editors' ones: words a search may start with
    handler = handlers.get(spec.name) if spec is not None else None
    if handler is not None:
        return handler(rest)
    return context.search(body)


def _help(query: str, headline: str) -> Answer:
    return help_answer(query, headline, HELP_TEXT)


class _Request(Listing):
    """One request: its search paths here, ``show``/``digest``/``stats`` in ``Browse``,
    the explanations of empty answers in ``Explain``."""

    help_text = HELP_TEXT

    def __init__(
        self,
        query: str,
        store: Store,
        offset: int,
        page_size: int,
        today: date,
        gaz: Gazetteer,
        language: Language | None = None,
        *,
        whole: bool = False,
    ) -> None:
        self.whole = whole  # the whole list, not a page: ``latest`` unpaged
        self.of_list = False  # asked of a list (the store holds it): it is the subject
        self.query = query
        self.store = store
        self.offset = offset
        self.page_size = page_size
        self.today = today
        self.gaz = gaz
        self.language: Language | None = language

    # --- searches ---------------------------------------------------------------------

    def search(self, text: str) -> Answer:
        text = question_of(text)  # a pasted e-mail: its question sentences
        intent = read_intent(text)
        self.language = self.language or ("zh" if intent.chinese else "en")
        parsed, reach = reach_province(
            question_terms(self.parse(text), intent), text, self.gaz, self.lang
        )
        if parsed.errors:
            return self._parse_error(parsed)
        if intent.ask is Ask.COMPARE:
            compared = comparison.compared(
                text,
                query=self.query,
                store=self.store,
                gaz=self.gaz,
                parse=self.parse,
                language=self.lang,
                offset=self.offset,
                page_size=self.page_size,
            )
            if compared is not None:
                return compared
        if intent.ask is Ask.GROUP and intent.group_by == "regions":  # "which provinces"
            places = replace(parsed.filters, exclude=(*parsed.filters.exclude, NATIONWIDE))
            parsed = replace(parsed, filters=places)
        if parsed.is_empty and intent.ask not in AGGREGATES and not self.of_list:
            return self._nothing_to_search(parsed)
        largest = parsed.largest_first or intent.ask in (Ask.LARGEST, Ask.SMALLEST)
        largest = largest or (intent.ask is Ask.TOTAL and parsed.filters.needs_penalty)
        order: Order = "amount" if largest else "relevance"
        parsed, still_open = open_drafts(parsed, text, self.store, self.today, self.lang)
        unknown = deadlines_unknown(parsed, self.store, self.lang)
        notes: tuple[str, ...] = tuple(n for n in (reach, still_open, unknown) if n)
        counting = intent.ask is not Ask.HOW_MANY or counts_developments(intent.counted)
        if intent.ask in AGGREGATES and counting:
            parsed, note = counted_by_filters(parsed, self.lang)
            notes = (*notes, note) if note else notes
        return self._run(parsed, order=order, label="", intent=intent, notes=notes)

    def _run(
        self,
        parsed: ParsedQuery,
        *,
        order: Order,
        label: str,
        cap: int | None = None,
        intent: Intent | None = None,
        notes: tuple[str, ...] = (),
    ) -> Answer:
        page_size = self.page_size
        if cap is not None:
            page_size = max(0, min(page_size, cap - self.offset))
        intent = intent or Intent()
        whole = intent.ask in AGGREGATES  # counted, added up or grouped over every match
        parsed, note = fines_proper(parsed, self.query, self.store, self.gaz, self.lang)
        notes = (*notes, note) if note else notes
        found = find(
            self.store,
            parsed,
            self.gaz,
            order=order,
            offset=0 if whole else self.offset,
            limit=None if whole else max(page_size, 1),
            language=self.lang,
            notes=notes,
        )
        if note is None and found.parsed.filters != parsed.filters:  # another year's period
            found = self._fines_there(parsed, found, order, whole, page_size)
        parsed, result = found.parsed, found.result
        total = result.total if cap is None else min(result.total, cap)
        hits = (
            result.hits[self.offset : self.offset + page_size] if whole else result.hits[:page_size]
        )
        not_understood = ignored_words(parsed.text, (*parsed.not_understood, *result.unknown_terms))
        if total == 0:
            missing = self._no_match(
                parsed, result.unknown_terms, result.close_words, not_understood
            )
            return self._in_language(missing, intent, found.notes, parsed.filters)
        described = phrase(parsed.understood)
        filters = parsed.filters
        any_fine = filters.penalty_kinds in (frozenset(), PUNITIVE_KINDS)
        if filters.needs_penalty and any_fine and not parsed.terms and cap is None:
            rest = tuple(u for u in parsed.understood if u.label not in {"penalties", "region"})
            head = self._penalty_headline(filters, total, phrase(rest))
        else:
            head = plural(total, "development")
            if described:
                head += f": {described}"
        if not described and parsed.terms:
            head += " matches your search" if total == 1 else " match your search"
        if label:
            head += f" ({label})"
        if not hits:
            head = f"No more results: all {plural(total, 'development')} have been shown."
        next_offset = self.offset + len(hits)
        undated = day_not_given([h.dev for h in hits], filters, self.lang)
        if undated:
            found = replace(found, notes=(*found.notes, *undated))
        said = describe_zh(filters, self.gaz) if self.lang == "zh" else described
        direct = direct_answer(
            intent, found, self.store, self.gaz, self.lang, said, today=self.today
        )
        if direct is None and found.notes:
            direct = DirectAnswer(Ask.LIST.value, head, notes=found.notes)
        if direct is not None and direct.ask != Ask.LIST.value and hits:
            head = direct.text
        elif self.lang == "zh" and hits:
            zh = describe_zh(filters, self.gaz)
            head = f"找到{total}条相关动态" + (f"：{zh}" if zh else "")
        return Answer(
            kind=AnswerKind.RESULTS,
            query=self.query,
            headline=head,
            results=tuple(h.dev for h in hits),
            scores=tuple(h.score for h in hits),
            total=total,
            offset=self.offset,
            next_offset=next_offset if hits and next_offset < total else None,
            understood=parsed.understood,
            not_understood=not_understood,
            suggestions=(),
            direct=direct,
            language=self.lang,
        )
