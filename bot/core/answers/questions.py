"""From a question to its direct answer: read the intent, run the search over every
matching development, then state the fact (``facts``) or the aggregation (``aggregate``),
cited; the supporting developments follow.

Also the two retries every search gets (``relax``): words that are not in the store, or not
together with the rest, are ignored rather than emptying an otherwise understood request
(and the answer says which); a period that matches nothing by publication date is read
against the dates and years the records' text refers to (and the answer says so). No I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from bot.core.answers import aggregate, averages, facts, leaders, standing
from bot.core.answers.answer import DirectAnswer
from bot.core.answers.citations import date_conflict, when_label
from bot.core.answers.each import answer_each
from bot.core.answers.intent import FACTUAL, Ask, Intent, counts_developments
from bot.core.answers.intent_words import LEADER_NOUNS, LEADER_WORDS, QUESTION_WORDS
from bot.core.answers.other_years import first_other_year, switched_note
from bot.core.answers.search.ranking import Order, SearchResult, count_matching, search
from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.model import Category, DatePrecision, Development
from bot.core.knowledge.store import Store
from bot.core.labels import Language
from bot.core.query.filters import PUNITIVE_KINDS, Filters, dev_date_span
from bot.core.query.parsed import ParsedQuery

Parse = Callable[[str], ParsedQuery]


@dataclass(frozen=True)
class Found:
    """Every development matching a request (after any retry), and how it was read."""

    parsed: ParsedQuery
    result: SearchResult
    notes: tuple[str, ...] = ()

    @property
    def devs(self) -> tuple[Development, ...]:
        return tuple(h.dev for h in self.result.hits)

    @property
    def total(self) -> int:
        return self.result.total


def question_terms(parsed: ParsedQuery, intent: Intent) -> ParsedQuery:
    """Drop the words that make the question ("how many", "imposed", "total") from the
    search terms; they shape the answer, they are not what is searched for."""
    if not intent.is_question:
        return parsed
    drop = set(QUESTION_WORDS)
    if intent.counted and counts_developments(intent.counted):
        drop.add(intent.counted)
    if intent.ask is Ask.TOP:  # "which region … the most": ranked by, not searched for
        drop |= {*LEADER_NOUNS, *LEADER_WORDS}
    terms = tuple(t for t in parsed.terms if t not in drop)
    return replace(parsed, terms=terms)


def counted_by_filters(parsed: ParsedQuery, language: Language) -> tuple[ParsedQuery, str | None]:
    """For a count, total or grouping: ordinary words beside understood filters are not
    allowed to narrow what is counted ("how many drafts are open" counts every draft); they
    are dropped, and the answer says so."""
    if parsed.filters.is_empty:
        return parsed, None
    stray = [t for t in parsed.terms if _ordinary_word(t, parsed.text)]
    if not stray:
        return parsed, None
    kept = tuple(t for t in parsed.terms if t not in stray)
    words = ", ".join(f"“{t}”" for t in stray)
    note = (
        f"统计依据已理解的条件，忽略了：{words}。"
        if language == "zh"
        else f"Counted by the filters understood; ignored {words}."
    )
    return replace(parsed, terms=kept), note


_FINE_WORDS = re.compile(r"\bfine[sd]?\b|罚款|罚金|被罚", re.IGNORECASE)
_ANY_PENALTY_WORDS = re.compile(r"penalt|penalis|penaliz|monetary|compensat|damages|赔偿|处罚")


def fines_proper(
    parsed: ParsedQuery, text: str, store: Store, gaz: Gazetteer, language: Language
) -> tuple[ParsedQuery, str | None]:
    """ "Fines" means fines: when the request says fine (not penalty or compensation) and
    some fine matches, court-ordered compensation is left out of what is listed, counted
    and added up, and the answer says how many awards were left out. When no fine matches,
    the request is kept as it is (the answer then says no fine is recorded and shows the
    compensation)."""
    f = parsed.filters
    if not f.needs_penalty or f.penalty_kinds or not _FINE_WORDS.search(text):
        return parsed, None
    if _ANY_PENALTY_WORDS.search(text.lower()):
        return parsed, None
    proper = replace(f, penalty_kinds=PUNITIVE_KINDS)
    with_fines = count_matching(store, proper, gaz)
    left_out = count_matching(store, f, gaz) - with_fines
    if not with_fines or not left_out:
        return parsed, None
    understood = tuple(u for u in proper.describe() if u.label == "penalties") + tuple(
        u for u in parsed.understood if u.label != "penalties"
    )
    note = (
        f"另有{left_out}条法院判令的赔偿（不是罚款）未计入。"
        if language == "zh"
        else f"Left out {left_out} court-ordered compensation "
        f"{'award' if left_out == 1 else 'awards'} (not a fine)."
    )
    return replace(parsed, filters=proper, understood=understood), note


_APPLIES = re.compile(
    r"\bcompl(?:y|ies|iance)\b|\bappl(?:y|ies|icable)\b|\bobligations?\b|\brequirements?\b|"
    r"\bmust\b|\bbound\s+by\b|\brules?\s+for\b|\bsubject\s+to\b|适用|遵守|合规|义务",
    re.IGNORECASE,
)


def reach_province(
    parsed: ParsedQuery, text: str, gaz: Gazetteer, language: Language
) -> tuple[ParsedQuery, str | None]:
    """A question about what applies in a city ("what must a Harbin data centre comply
    with?") reaches the rules of the places the city lies in (Heilongjiang's regulations):
    laws and regulations of those places, whoever must comply (the words naming who are
    not required, and the answer says so)."""
    f = parsed.filters
    if not f.regions or not _APPLIES.search(text):
        return parsed, None
    wider = [a for r in f.regions for a in gaz.region_with_ancestors([r]) if a != "national"]
    regions = tuple(dict.fromkeys([*f.regions, *wider]))
    if regions == f.regions:
        return parsed, None
    field = "effective" if f.has_dates and f.date_field == "published" else f.date_field
    widened = replace(  # "comply with by July": in force by then
        f,
        regions=regions,
        date_field=field,
        categories=f.categories or frozenset({Category.REGULATION}),
    )
    who = [t for t in parsed.terms if _ordinary_word(t, parsed.text)]
    kept = tuple(t for t in parsed.terms if t not in who)
    words = ", ".join(f"“{t}”" for t in who)
    if language == "zh":
        note = (
            f"按适用于{'、'.join(regions)}的法规回答" + (f"；未要求：{words}" if who else "") + "。"
        )
    else:
        note = f"Read as the rules that apply in {' or '.join(regions)}" + (
            f"; not required: {words}." if who else "."
        )
    return replace(parsed, filters=widened, understood=widened.describe(), terms=kept), note


def day_not_given(
    devs: Sequence[Development], filters: Filters, language: Language
) -> tuple[str, ...]:
    """For records dated only by month that a shorter period matched: say the day is not
    given (the record may fall outside the period)."""
    if filters.date_field != "published" or not (filters.date_from or filters.date_to):
        return ()
    out = []
    for dev in devs:
        if dev.date_precision != DatePrecision.MONTH:
            continue
        first, last = dev_date_span(dev)
        inside = (filters.date_from is None or filters.date_from <= first) and (
            filters.date_to is None or last <= filters.date_to
        )
        if inside:
            continue
        month = when_label(dev, language)
        out.append(
            f"“{dev.title}”：日期仅为{month}，未注明具体日期。"
            if language == "zh"
            else f"“{dev.title}” (dated {month}, day not given) may fall outside the period."
        )
    return tuple(out)


def ignored_words(typed: str, unknown: Sequence[str]) -> tuple[str, ...]:
    """The words to show as not understood: Chinese two-character pieces no record holds
    are joined back into the stretches of the question they came from ("公安", "安机" ->
    "公安机"); other words as they are."""
    cjk = [t for t in unknown if len(t) == 2 and all("\u3400" <= c <= "\u9fff" for c in t)]
    rest = [t for t in unknown if t not in cjk]
    spans: list[tuple[int, int]] = []
    for piece in cjk:
        at = typed.find(piece)
        if at >= 0:
            spans.append((at, at + 2))
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple(dict.fromkeys([*rest, *(typed[a:b] for a, b in merged)]))


def correction_notes(parsed: ParsedQuery, language: Language) -> tuple[str, ...]:
    if language == "zh":
        return tuple(f"已将“{typed}”理解为 {meant}。" for typed, meant in parsed.corrections)
    return tuple(f"Read “{typed}” as {meant}." for typed, meant in parsed.corrections)


def find(
    store: Store,
    parsed: ParsedQuery,
    gaz: Gazetteer,
    *,
    order: Order = "relevance",
    offset: int = 0,
    limit: int | None = None,
    language: Language = "en",
    notes: tuple[str, ...] = (),
) -> Found:
    """The matches of ``parsed`` (every one when ``limit`` is ``None``), with the retries."""
    limit = max(len(store), 1) if limit is None else limit

    def run(query: ParsedQuery) -> SearchResult:
        return search(store, query, offset=offset, limit=limit, order=order, gazetteer=gaz)

    result = run(parsed)
    said = [*notes, *correction_notes(parsed, language)]
    if result.total:
        return Found(parsed, result, tuple(said))
    other = first_other_year(
        parsed,
        store.developments,
        lambda q: find(store, q, gaz, order=order, offset=offset, limit=limit, language=language),
    )
    if other is not None:
        moved, found = other
        note = switched_note(parsed.filters, moved.filters, found.total, language)
        return replace(found, notes=(*said, note, *found.notes))
    filters = parsed.filters
    droppable = all(_ordinary_word(t, parsed.text) for t in parsed.terms) and (
        len(parsed.terms) == 1 or all(t in QUESTION_WORDS for t in parsed.terms)
    )
    loose = replace(parsed, terms=()) if droppable and not filters.is_empty else None
    in_text = None
    if filters.has_dates and filters.date_field == "published":
        in_text = replace(parsed, filters=replace(filters, date_field="content"))
    tries: list[tuple[ParsedQuery, bool, bool]] = []
    if loose is not None:
        tries.append((loose, True, False))
    unknown = set(result.unknown_terms)
    generic = [t for t in parsed.terms if t not in unknown and _ordinary_word(t, parsed.text)]
    if generic and loose is None and not filters.is_empty and not unknown:
        # words the store knows ("rules", "companies") but not together with the filters
        # understood; a word no record holds ("weather") is never dropped
        kept = tuple(t for t in parsed.terms if t not in generic)
        tries.append((replace(parsed, terms=kept), True, False))
    if in_text is not None:
        tries.append((in_text, False, True))
        if in_text.terms:
            tries.append((replace(in_text, terms=()), True, True))
    for query, ignored, dated in tries:
        retry = run(query)
        if not retry.total:
            continue
        if ignored:
            dropped = [t for t in parsed.terms if t not in query.terms]
            words = ", ".join(f"“{t}”" for t in dropped)
            said.append(
                f"忽略了无法与其余条件同时匹配的词：{words}。"
                if language == "zh"
                else f"Ignored {words}: no development matches them with the rest."
            )
        if dated:
            said.append(
                "该期间没有发布的动态；以下动态的内容提到了该期间。"
                if language == "zh"
                else "Nothing was published in that period; these developments refer to it "
                "in their text."
            )
        return Found(query, retry, tuple(said))
    return Found(parsed, result, tuple(said))


def _ordinary_word(term: str, text: str) -> bool:
    """A lower-case word as typed ("imposed", "open"): it may be ignored when it empties an
    otherwise understood request (one such word, or only question words). A name ("GDPR",
    "Huawei") or a number never is: "GDPR fines" must not answer with every fine, nor
    "crypto exchanges penalised" with every penalty."""
    if not term.isalpha():
        return False
    typed = re.search(rf"(?<![A-Za-z]){re.escape(term)}", text, re.IGNORECASE)
    return typed is not None and typed.group(0).islower()


def direct_answer(
    intent: Intent,
    found: Found,
    store: Store,
    gaz: Gazetteer,
    language: Language,
    described: str,
    today: date | None = None,
) -> DirectAnswer | None:
    """The fact or aggregation ``intent`` asks for, from ``found``; ``None`` for a list."""
    devs = found.devs
    total = found.result.total
    parsed = found.parsed
    if not devs or not intent.is_question:
        return None
    kinds = parsed.filters.penalty_kinds
    words = [*parsed.terms, *re.findall(r"[A-Za-z]{4,}", parsed.text)]
    top = devs[0]
    ask = intent.ask
    answer: DirectAnswer | None = None
    stage = standing.stage_asked(parsed.text, intent)
    if stage is not None:
        answer = standing.answer_stage(stage, top, store, today or date.today(), language)
    elif each_one := answer_each(intent, devs, total, parsed, store, gaz, language):
        answer = each_one
    elif ask is Ask.HOW_MANY:
        if intent.counted and (not counts_developments(intent.counted) or total == 1):
            answer = facts.quote_number(devs, store, intent.counted, words, language)
        if answer is None:
            answer = aggregate.count(
                devs, store, described, penalties=parsed.filters.needs_penalty, language=language
            )
    elif ask is Ask.TOTAL and not any(d.penalties for d in devs):  # "how many in total"
        answer = aggregate.count(devs, store, described, penalties=False, language=language)
    elif ask is Ask.TOTAL:
        answer = aggregate.total(devs, store, kinds, language)
    elif ask in (Ask.LARGEST, Ask.SMALLEST):
        answer = aggregate.extreme(
            devs, store, gaz, kinds, largest=ask is Ask.LARGEST, language=language
        )
        if answer is None:
            answer = facts.what(top, store, words, language)
    elif ask in (Ask.AVERAGE, Ask.MEDIAN):
        answer = averages.central(devs, store, kinds, language, middle=ask is Ask.MEDIAN)
    elif ask is Ask.TOP:
        penalties = parsed.filters.needs_penalty
        answer = leaders.top(
            intent, devs, store, gaz, kinds, penalties=penalties, language=language
        )
    elif ask is Ask.GROUP:
        answer = aggregate.group(devs, store, gaz, intent.group_by or "authorities", language)
    elif ask is Ask.HOW_MUCH:
        answer = facts.how_much(top, store, gaz, language, words)
    elif ask is Ask.WHO:
        answer = facts.who(top, store, gaz, intent, language, words)
    elif ask is Ask.WHEN:
        answer = facts.when(top, store, parsed, language)
    elif ask is Ask.WHETHER:
        answer = facts.whether(devs, total, store, language)
    elif ask is Ask.SOURCE:
        answer = facts.source(top, store, language)
    elif ask is Ask.WHICH:
        answer = facts.which(devs, total, store, words, language)
    else:
        answer = facts.what(top, store, words, language)
    if answer is not None and found.notes:
        answer = replace(answer, notes=found.notes)
    conflict = date_conflict(top, store, language) if ask in FACTUAL else None
    if answer is not None and conflict:  # reports disagree: both dates, each with its source
        if ask is Ask.WHEN:
            answer = replace(answer, text=f"{answer.text} {conflict}")
        else:
            answer = replace(answer, notes=(*answer.notes, conflict))
    return answer
