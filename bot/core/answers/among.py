"""Questions asked of a list the user was shown: "how many of them are courts?" after
``latest 10``, a digest of a month, ``fines``, a filtered search, a page after "More".

A conversation keeps requests as text, so such a follow-up is written as one request: the
question, ``MARK``, then the request that produced the list (``asked_of``). The engine
reads it back (``split_asked_of``), makes that list again in full (every page; a digest's
developments in its order) and answers the question from those developments only
(``within``), whatever kind of request made the list. No I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.core.answers.answer import Answer, AnswerKind
from bot.core.answers.browse import plural
from bot.core.answers.command import split_command
from bot.core.answers.explain import phrase
from bot.core.knowledge.model import Development
from bot.core.knowledge.store import Store
from bot.core.registry import command_for

MARK = " «of» "
"""Between a question and the request whose list it is asked of (never shown to users)."""
ALSO_A_SEARCH = frozenset({"fines"})
"""Commands whose words, searched, mean what the command lists (the registry's names)."""


@dataclass(frozen=True)
class AskedOf:
    question: str
    listed: str
    """The request whose answer is the list (itself possibly a question about a list)."""


def asked_of(question: str, listed: str) -> str:
    """One request: ``question`` asked of the developments ``listed`` answers with."""
    return f"{question.strip()}{MARK}{listed.strip()}"


def split_asked_of(text: str) -> AskedOf | None:
    """The question and the list's request of an ``asked_of`` request, else ``None``."""
    question, mark, listed = text.partition(MARK)
    if not mark or not question.strip() or not listed.strip():
        return None
    return AskedOf(question.strip(), listed.strip())


def question_in_list(asked: AskedOf) -> str:
    """The question to answer from the list's developments. When the list came from a
    search, its words go with the question too, so the answer speaks of what the list was
    about ("fines in Henan"), not only of "developments"."""
    if searched_alike(asked.listed):
        return f"{asked.question} {asked.listed}"
    return asked.question


def readable(asked: AskedOf) -> str:
    """The request as "You asked" shows it: "how many of them are courts? (of: latest 10)"."""
    return f"{asked.question} (of: {asked.listed})"


def searched_alike(request: str) -> bool:
    """Whether ``request``'s own words, searched, describe its list: a search, or a command
    whose verb is also a search word (``fines henan``); not ``latest 10``, ``digest
    2022-05`` or ``show ID``, whose lists their words do not describe."""
    verb, _ = split_command(request)
    spec = command_for(verb)
    return spec is None or spec.name in ALSO_A_SEARCH


def within(store: Store, devs: Sequence[Development]) -> Store:
    """``store`` holding only ``devs`` (in the store's order): the list a question is
    asked of. The store itself when the list is all of it."""
    ids = {d.id for d in devs}
    if len(ids) == len(store) and all(i in store.by_id for i in ids):
        return store
    kept = tuple(d for d in store.developments if d.id in ids)
    return Store(
        developments=kept,
        newsletters=store.newsletters,
        by_id={d.id: d for d in kept},
        newsletters_by_id=store.newsletters_by_id,
        revision=store.revision,
    )


def of_the_list(result: Answer, size: int) -> Answer:
    """``result``, asked of a list of ``size`` developments, saying so when nothing in the
    list matches (rather than what the whole store holds)."""
    if result.kind is not AnswerKind.NO_MATCH:
        return result
    if size == 0:
        headline = "上一个列表是空的。" if result.language == "zh" else "The last list was empty."
        return replace(result, headline=headline, message=None)
    if result.language == "zh":
        headline = f"上一个列表的{size}条动态中没有符合条件的。"
        message = "去掉“其中”再问一次，即在整个知识库中查找。"
    else:
        headline = f"None of the {plural(size, 'development')} in the last list matches"
        headline += f": {phrase(result.understood)}." if result.understood else "."
        message = "Ask again without “of them” to search the whole store."
    return replace(result, headline=headline, message=message)
