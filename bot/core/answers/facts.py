"""Direct answers about one development: who, what, when, how much, which, whether, and its
sources. Every sentence is built from the record's fields (penalties, authorities, dates,
status, effective date); where the fact is only in the text, the sentence holding it is
quoted. English or Chinese (``Language``). No I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core.answers.answer import DirectAnswer
from bot.core.answers.chinese import bearer_zh, penalty_sentence_zh, title_in, zh_name
from bot.core.answers.citations import best_sentence, cite, sentences, sources_of, when_label
from bot.core.answers.intent import Ask, Intent
from bot.core.answers.sums import heads
from bot.core.answers.textfacts import QUESTION_SYNONYMS, answering_sentences
from bot.core.knowledge.gazetteer import Gazetteer, Kind
from bot.core.knowledge.model import Development, Penalty, PenaltyKind
from bot.core.knowledge.store import Store
from bot.core.labels import Language, format_day_in, format_money_in
from bot.core.lexicon.numbers import ENGLISH_NUMBER_WORDS
from bot.core.query.parsed import ParsedQuery

_CJK = re.compile(r"[\u3400-\u9fff]")
_EFFECT_WORDS = re.compile(r"effect|force|生效|施行|实施", re.IGNORECASE)
_MONEY_SENTENCE = ("cny", "rmb", "yuan", "million", "usd", "元")


chinese_name = zh_name


def named(gaz: Gazetteer, kind: Kind, name: str, language: Language) -> str:
    if language == "zh":
        return chinese_name(gaz, kind, name)
    if kind == "authorities":
        entry = gaz.authorities_by_name.get(name)
        if entry is not None and entry.full_name != name:
            return f"{name} ({entry.full_name})"
    return name


def bearer_name(gaz: Gazetteer, penalty: Penalty, language: Language) -> str:
    return bearer_zh(penalty, gaz) if language == "zh" else penalty.bearer


def penalty_sentence(penalty: Penalty, dev: Development, gaz: Gazetteer, language: Language) -> str:
    """``Shaoxing Bank was fined CNY 5,500,000 by PBOC`` / ``绍兴银行被中国人民银行罚款550万元``."""
    money = format_money_in(penalty, language)
    who = bearer_name(gaz, penalty, language)
    each = heads(penalty) > 1
    by = dev.authorities[0] if dev.authorities else None
    if language == "zh":
        return penalty_sentence_zh(penalty, dev, gaz)
    if penalty.kind == PenaltyKind.COMPENSATION:
        text = f"{who} was ordered to pay {money} in compensation"
    elif penalty.kind == PenaltyKind.CRIMINAL_FINE:
        text = f"{who} was sentenced to a criminal fine of {money}"
    elif penalty.kind == PenaltyKind.CONFISCATION:
        text = f"{money} was confiscated from {who}"
    elif penalty.kind == PenaltyKind.OTHER:
        text = f"{who} had to pay {money}"
    else:
        verb = "were" if re.match(r"\d", who) else "was"
        text = (
            f"{who} {verb} fined {money}" + (" each" if each else "") + (f" by {by}" if by else "")
        )
    if penalty.note:
        text += f" ({penalty.note})"
    return text


def _on(dev: Development, language: Language) -> str:
    when = when_label(dev, language)
    return f"（{when}）" if language == "zh" else f" ({when})"


def _join(parts: Sequence[str], language: Language) -> str:
    if language == "zh":
        return "；".join(parts) + "。"
    return "; ".join(parts) + "."


_OTHER_MONEY = frozenset(
    {
        "profit",
        "profits",
        "gains",
        "gain",
        "revenue",
        "revenues",
        "income",
        "turnover",
        "sales",
        "price",
        "prices",
        "cost",
        "costs",
        "investment",
        "investments",
        "value",
        "worth",
        "budget",
        "funding",
        "earn",
        "earned",
        "earnings",
        "make",
        "made",
    }
)
"""Money a question may ask about that is not a penalty: answered from the text."""


def how_much(
    dev: Development,
    store: Store,
    gaz: Gazetteer,
    language: Language,
    words: Sequence[str] = (),
) -> DirectAnswer:
    other = [w for w in words if w.lower() in _OTHER_MONEY]
    if other:
        quotes = [
            q for q in answering_sentences(dev, [*other, *_fresh(dev, words)]) if _has_number(q)
        ]
        if quotes:
            quote = " ".join(quotes[:1])
            head = f"{title_in(dev, language)}{_on(dev, language)}"
            text = f"{head}。{_quote_zh(quote)}" if language == "zh" else f"{head}. “{quote}”"
            return DirectAnswer(
                Ask.HOW_MUCH.value, text, (cite(dev, store, quote=quote, language=language),)
            )
    if dev.penalties:
        parts = [penalty_sentence(p, dev, gaz, language) for p in dev.penalties]
        parts[0] += _on(dev, language)
        return DirectAnswer(
            Ask.HOW_MUCH.value, _join(parts, language), (cite(dev, store, language=language),)
        )
    return _quoted(dev, store, _MONEY_SENTENCE, Ask.HOW_MUCH, language, need_number=True)


def who(
    dev: Development,
    store: Store,
    gaz: Gazetteer,
    intent: Intent,
    language: Language,
    words: Sequence[str] = (),
) -> DirectAnswer:
    citation = (cite(dev, store, language=language),)
    if intent.about_role and not (intent.about_bearer and dev.penalties):
        role = _role_answer(dev, store, gaz, words, language)
        if role is not None:
            return role
    if intent.about_bearer and dev.penalties:
        parts = [penalty_sentence(p, dev, gaz, language) for p in dev.penalties]
        parts[0] += _on(dev, language)
        return DirectAnswer(Ask.WHO.value, _join(parts, language), citation)
    if dev.authorities:
        names = [named(gaz, "authorities", a, language) for a in dev.authorities]
        if language == "zh":
            text = f"{'、'.join(names)}{_on(dev, language)}：{title_in(dev, language)}。"
        else:
            text = f"{', '.join(names)}{_on(dev, language)}: {dev.title}."
        return DirectAnswer(Ask.WHO.value, text, citation)
    if dev.entities:
        names = [named(gaz, "entities", e, language) for e in dev.entities]
        sep = "、" if language == "zh" else ", "
        text = f"{sep.join(names)}{_on(dev, language)}: {title_in(dev, language)}."
        return DirectAnswer(Ask.WHO.value, text, citation)
    return what(dev, store, (), language)


def when(dev: Development, store: Store, parsed: ParsedQuery, language: Language) -> DirectAnswer:
    citation = cite(dev, store, language=language)
    asks_effect = parsed.effective or bool(_EFFECT_WORDS.search(parsed.text))
    if asks_effect:
        if dev.effective_date is not None:
            day = format_day_in(dev.effective_date, language)
            text = (
                f"{title_in(dev, language)}：{day}起施行。"
                if language == "zh"
                else f"It takes effect on {day}: {dev.title}."
            )
            return DirectAnswer(Ask.WHEN.value, text, (citation,))
        quote = best_sentence(dev, ["effect", "force", "effective"])
        if quote:
            return DirectAnswer(
                Ask.WHEN.value, f"“{quote}”", (cite(dev, store, quote=quote, language=language),)
            )
        text = (
            f"记录中没有生效日期：{title_in(dev, language)}（{when_label(dev, language)}）。"
            if language == "zh"
            else f"The record gives no effective date; it is dated {when_label(dev, language)}:"
            f" {dev.title}."
        )
        return DirectAnswer(Ask.WHEN.value, text, (citation,))
    text = (
        f"{when_label(dev, language)}：{title_in(dev, language)}。"
        if language == "zh"
        else f"On {when_label(dev, language)}: {dev.title}."
    )
    return DirectAnswer(Ask.WHEN.value, text, (citation,))


def _fresh(dev: Development, words: Sequence[str]) -> list[str]:
    """The question's words that the title does not already say."""
    title_words = {w.lower()[:5] for w in re.findall(r"\w+", dev.title)}
    return [w for w in words if w.lower()[:5] not in title_words]


def _role_answer(
    dev: Development, store: Store, gaz: Gazetteer, words: Sequence[str], language: Language
) -> DirectAnswer | None:
    """ "Which company escaped prosecution?", "who spoke at the seminar?": the people or
    companies the record names, and the sentences of its text that answer the question."""
    quotes = answering_sentences(dev, _fresh(dev, words))
    names = [named(gaz, "entities", e, language) for e in dev.entities]
    if not quotes and not names:
        return None
    sep = "、" if language == "zh" else ", "
    head = (sep.join(names) if names else title_in(dev, language)) + _on(dev, language)
    quote = " ".join(quotes)
    if language == "zh":
        text = f"{head}。" + (_quote_zh(quote) if quote else "")
    else:
        text = f"{head}." + (f" “{quote}”" if quote else "")
    return DirectAnswer(
        Ask.WHO.value, text, (cite(dev, store, quote=quote or None, language=language),)
    )


def what(dev: Development, store: Store, words: Sequence[str], language: Language) -> DirectAnswer:
    fresh = _fresh(dev, words)
    quote = " ".join(answering_sentences(dev, fresh, most=3)) if fresh else None
    head = f"{title_in(dev, language)}{_on(dev, language)}"
    if quote:
        text = f"{head}。{_quote_zh(quote)}" if language == "zh" else f"{head}. “{quote}”"
        return DirectAnswer(
            Ask.WHAT.value, text, (cite(dev, store, quote=quote, language=language),)
        )
    first = best_sentence(dev, [w for w in dev.title.split()]) or ""
    text = f"{head}。" if language == "zh" else f"{head}."
    return DirectAnswer(
        Ask.WHAT.value, text, (cite(dev, store, quote=first or None, language=language),)
    )


def whether(
    devs: Sequence[Development], total: int, store: Store, language: Language
) -> DirectAnswer:
    top = devs[0]
    more = total - 1
    if language == "zh":
        text = f"是的：{title_in(top, language)}（{when_label(top, language)}）"
        text += f"，另有{more}条相关动态。" if more else "。"
    else:
        text = f"Yes: {top.title} ({when_label(top, language)})"
        text += f", and {more} more." if more else "."
    return DirectAnswer(
        Ask.WHETHER.value, text, tuple(cite(d, store, language=language) for d in devs[:3])
    )


def which(
    devs: Sequence[Development],
    total: int,
    store: Store,
    words: Sequence[str],
    language: Language,
) -> DirectAnswer:
    if total == 1:
        single = what(devs[0], store, words, language)
        return DirectAnswer(Ask.WHICH.value, single.text, single.citations)
    shown = devs[:5]
    items = [f"{title_in(d, language)}{_on(d, language)}" for d in shown]
    if language == "zh":
        text = f"共{total}条：" + "；".join(items) + "。"
    else:
        text = f"{total} developments: " + "; ".join(items) + "."
        if total > len(shown):
            text += f" ({total - len(shown)} more below.)"
    return DirectAnswer(
        Ask.WHICH.value, text, tuple(cite(d, store, language=language) for d in shown)
    )


def source(dev: Development, store: Store, language: Language) -> DirectAnswer:
    citations = sources_of(dev, store, language)
    parts = []
    for c in citations:
        where = c.where if language != "zh" else f"{c.newsletter}（{c.issue}）"
        parts.append(where + (f": {c.url}" if c.url else ""))
    lead = "来源" if language == "zh" else f"{dev.title} is reported in"
    text = f"{lead}: " + "; ".join(parts) + "."
    return DirectAnswer(Ask.SOURCE.value, text, citations)


def _quoted(
    dev: Development,
    store: Store,
    words: Sequence[str],
    ask: Ask,
    language: Language,
    *,
    need_number: bool = False,
) -> DirectAnswer:
    quote = best_sentence(dev, words, need_number=need_number)
    if quote is None:
        text = (
            f"记录中没有这一信息：{title_in(dev, language)}。"
            if language == "zh"
            else f"The record does not state it: {dev.title}."
        )
        return DirectAnswer(ask.value, text, (cite(dev, store, language=language),))
    return DirectAnswer(
        ask.value, f"“{quote}”", (cite(dev, store, quote=quote, language=language),)
    )


_NUMBER_WORD = "|".join(ENGLISH_NUMBER_WORDS)
_A_NUMBER = rf"(?:(?<![\d])(?!(?:19|20)\d\d\b)\d[\d,.]*\+?|\b(?:{_NUMBER_WORD})\b)"


def quote_number(
    devs: Sequence[Development], store: Store, noun: str, words: Sequence[str], language: Language
) -> DirectAnswer | None:
    """ "how many apps": the sentence with a number next to the noun (or a word newsletters
    use for it: "companies" -> "carmakers"), from each of the best three records."""
    stems = [noun.lower()[:4], *(s.lower()[:4] for s in QUESTION_SYNONYMS.get(noun.lower(), ()))]
    nouns = "|".join(re.escape(s) for s in dict.fromkeys(stems))
    pattern = re.compile(rf"{_A_NUMBER}\s+(?:[\w'-]+\s+){{0,3}}(?:{nouns})", re.IGNORECASE)
    wanted = {w.lower()[:5] for w in words}
    quoted: list[tuple[Development, str]] = []
    for dev in devs[:3]:
        found = [s for s in sentences(dev.summary) if pattern.search(s)]
        if found:  # the question's words decide; between equals, the earlier (lead) fact
            scores = [len(wanted & {w.lower()[:5] for w in re.findall(r"\w+", s)}) for s in found]
            top = max(scores)
            quoted.append(
                (dev, next(s for s, n in zip(found, scores, strict=True) if n >= top - 1))
            )
    if not quoted:
        return None
    if language == "zh":
        dev, sentence = quoted[0]
        text = f"{title_in(dev, language)}{_on(dev, language)}：{_quote_zh(sentence, pattern)}"
    elif len(quoted) == 1:
        text = f"“{quoted[0][1]}”"
    else:
        text = " ".join(f"{when_label(d, language)}: “{s}”" for d, s in quoted)
    return DirectAnswer(
        Ask.HOW_MANY.value,
        text,
        tuple(cite(d, store, quote=s, language=language) for d, s in quoted),
    )


def _quote_zh(sentence: str, near: re.Pattern[str] | None = None) -> str:
    """A quoted English sentence summed up in Chinese: its number(s) (the one next to the
    asked-for noun first), the sentence itself left to the citation."""
    match = near.search(sentence) if near is not None else None
    numbers = re.findall(_A_NUMBER, match.group(0) if match else sentence)
    found = [n.strip() for n in numbers if isinstance(n, str) and n.strip()]
    figure = "、".join(list(dict.fromkeys(found))[:3])
    lead = "记录原文（英文）见引用"
    return f"数字为{figure}（{lead}）。" if figure else f"{lead}。"


def _has_number(text: str) -> bool:
    return bool(re.search(r"\d", text))
