"""Follow-ups refine the previous request of the same user in the same conversation."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.answers.among import asked_of
from bot.core.answers.answer import Answer, AnswerKind
from bot.core.answers.conversation import (
    NOTHING_MORE,
    InMemoryConversations,
    Turn,
    paged,
    resolve,
)
from bot.core.answers.router import Context, Router
from bot.core.knowledge.store import LiveStore
from bot.core.query.parser import parse_query
from tests.conftest import BUNDLED_STORE

TODAY = date(2022, 6, 15)
T0 = datetime(2022, 6, 15, 9, 0, tzinfo=UTC)
parse = functools.partial(parse_query, today=TODAY)


def turn(request: str, next_offset: int | None = None, base: str = "") -> Turn:
    return Turn(request, next_offset, T0, base=base)


def test_resolve() -> None:
    assert resolve("fines henan", None, parse).request == "fines henan"
    more = resolve("more", turn("latest", 5), parse)
    assert (more.request, more.offset) == ("latest", 5)
    assert resolve("next", turn("latest", None), parse).offset == NOTHING_MORE
    assert resolve("how much?", turn("fines henan"), parse).request == "how much? fines henan"
    assert resolve("only CBIRC", turn("drafts"), parse).request == "drafts CBIRC"
    assert resolve("what about Zhejiang?", turn("fines henan"), parse).request == "fines Zhejiang"
    assert resolve("and in 2021?", turn("enforcement 2022"), parse).request == "enforcement 2021"
    assert resolve("那浙江呢？", turn("河南"), parse).request == "浙江"
    # a question naming something new is a new request
    assert resolve("what is the crawler case?", turn("fines henan"), parse).follow_up is False
    # a second bare question replaces the first instead of piling up
    asked = turn("how much? fines henan", base="fines henan")
    assert resolve("the source?", asked, parse).request == "the source? fines henan"


def test_in_memory_context_expires_after_thirty_minutes_of_silence() -> None:
    store = InMemoryConversations()
    store.save("k", turn("fines henan"))
    assert store.load("k", T0 + timedelta(minutes=29)) is not None
    assert store.load("k", T0 + timedelta(minutes=31)) is None


def test_router_keeps_each_conversation_apart() -> None:
    clock = [T0]
    router = Router(
        LiveStore(BUNDLED_STORE),
        today=lambda: TODAY,
        conversations=InMemoryConversations(),
        now=lambda: clock[0],
    )
    alice = Context("D1", "UALICE", "T1", "dm")
    bob = Context("D2", "UBOB", "T1", "dm")
    router.handle("fines henan", alice)
    router.handle("drafts", bob)
    how_much = router.handle("how much?", alice)
    assert how_much.direct is not None and "CNY 200,000" in how_much.direct.text
    assert how_much.request == "how much? fines henan" and how_much.query == "how much?"
    only = router.handle("only CBIRC", bob)
    assert [d.id for d in only.results] == ["2022-05-19-cbirc-consumer-protection-measures-draft"]
    latest = router.handle("latest", alice)
    assert latest.next_offset == 5
    assert router.handle("more", alice).offset == 5
    clock[0] = T0 + timedelta(minutes=45)  # silence: the context is gone
    assert router.handle("more", alice).kind == AnswerKind.HELP  # nothing to continue
    fresh = router.handle("how much?", alice)
    assert fresh.request is None  # not read as a follow-up any more
    slash = Context("C1", "UALICE", "T1", "slash")
    router.handle("fines henan", slash)
    assert router.handle("how much?", slash).request is None  # the slash command has none


def test_a_question_about_the_last_list_is_asked_of_it() -> None:
    assert resolve("which one was in Zhejiang?", turn("fines"), parse).request == (
        asked_of("which one was in Zhejiang?", "fines")
    )
    assert resolve("其中哪一条在浙江？", turn("罚款"), parse).request == (
        asked_of("哪一条在浙江？", "罚款")
    )
    router = Router(
        LiveStore(BUNDLED_STORE),
        today=lambda: TODAY,
        conversations=InMemoryConversations(),
        now=lambda: T0,
    )
    lawyer = Context("D1", "ULAWYER", "T1", "dm")
    router.handle("fines", lawyer)
    which = router.handle("which one was in Zhejiang?", lawyer)
    # the fine in Zhejiang, not everything in Zhejiang (a court opening there has no fine)
    bank = "2022-05-20-shaoxing-bank-customer-identification-fine"
    assert [d.id for d in which.results] == [bank]
    many = router.handle("how many of them were court cases?", lawyer)
    assert many.direct is not None and many.direct.text.startswith("1 development")


def test_a_page_asked_by_offset_is_remembered_as_typing_more_would() -> None:
    """The More button asks for ``request`` at an offset: the conversation is then where
    typing "more" would have left it, the base of a bare question kept."""
    router = Router(
        LiveStore(BUNDLED_STORE),
        today=lambda: TODAY,
        conversations=InMemoryConversations(),
        now=lambda: T0,
    )
    typed, pressed = Context("D1", "UTYPE", "T1", "dm"), Context("D2", "UPRESS", "T1", "dm")
    for ctx in (typed, pressed):
        router.handle("latest 12", ctx)
    router.handle("more", typed)
    router.handle("latest 12", pressed, offset=5)
    first = [router.handle("the first one", ctx).results for ctx in (typed, pressed)]
    assert (
        first[0] == first[1] and first[0][0].id == "2022-05-26-tc260-privacy-policy-standard-draft"
    )
    router.handle("drafts", pressed)
    router.handle("how many?", pressed)
    router.handle("how many? drafts", pressed, offset=5)
    assert router.handle("the source?", pressed).request == "the source? drafts"


def _talk(*lines: str) -> list[Answer]:
    router = Router(
        LiveStore(BUNDLED_STORE),
        today=lambda: TODAY,
        conversations=InMemoryConversations(),
        now=lambda: T0,
    )
    lawyer = Context("D1", "ULAWYER", "T1", "dm")
    return [router.handle(line, lawyer) for line in lines]


NEWEST = LiveStore(BUNDLED_STORE).current().published.developments  # newest first


def _of(devs: object, category: str) -> list[str]:
    return sorted(d.id for d in devs if d.category.value == category)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("listing", "newest"),
    [(["latest 10"], 10), (["latest 20"], 20), (["latest 20", "more"], 20), (["latest"], 38)],
)
def test_a_question_about_them_after_latest_is_asked_of_that_list(
    listing: list[str], newest: int
) -> None:
    *_, many, which, laws = _talk(
        *listing,
        "how many of them are courts?",
        "which of them are courts?",
        "which of them are laws?",
    )
    courts = _of(NEWEST[:newest], "court")
    if courts:
        assert many.total == len(courts) and many.direct is not None
        assert many.direct.text.startswith(f"{len(courts)} development")
        assert sorted(d.id for d in which.results) == courts[:5]
    else:  # none in the list: said of the list, not "the store holds..."
        assert many.kind == AnswerKind.NO_MATCH and "in the last list" in many.headline
    assert laws.total == len(_of(NEWEST[:newest], "regulation"))


def test_a_question_about_them_after_a_digest_is_asked_of_the_digest() -> None:
    digest, many, first = _talk("digest 2022-05", "how many of them are fines?", "the first one")
    assert digest.kind == AnswerKind.DIGEST
    assert many.kind == AnswerKind.RESULTS and many.total == 3  # in May: the month is all
    assert first.kind == AnswerKind.DETAIL and first.results == many.results[:1]


def test_the_first_one_after_a_question_about_them_is_the_first_it_showed() -> None:
    *_, laws, first = _talk("latest 10", "which of them are laws?", "the first one")
    assert laws.total == len(_of(NEWEST[:10], "regulation"))
    assert first.results == laws.results[:1]


def test_a_bare_question_after_latest_n_is_asked_of_those_n() -> None:
    *_, many = _talk("latest 7", "how many?")
    assert many.total == 7


def test_the_largest_of_them_is_the_largest_in_the_list_not_in_the_store() -> None:
    *_, largest = _talk("latest 10", "which of them is the largest fine?")
    assert [d.id for d in largest.results] == ["2022-05-27-yuzhou-face-recognition-fine"]
    *_, fines = _talk("fines", "which of them is the largest?")
    assert fines.results[0].id == "2022-05-20-shaoxing-bank-customer-identification-fine"


def test_a_bare_question_after_a_digest_is_answered_from_the_digest() -> None:
    *_, who = _talk("digest 2022-05", "who?")
    assert who.kind == AnswerKind.RESULTS and who.direct is not None and who.total == 38


def test_a_question_about_an_empty_list_says_the_list_was_empty() -> None:
    *_, empty = _talk("fines tibet", "how many of them are courts?")
    assert empty.kind == AnswerKind.NO_MATCH and empty.headline == "The last list was empty."


def test_more_under_an_older_question_about_a_list_keeps_that_list_as_the_subject() -> None:
    among = asked_of("which of them are laws?", "latest 20")
    older = turn("fines henan")
    paged_ = paged(among, 5, older)
    assert (paged_.request, paged_.offset, paged_.base) == (among, 5, "latest 20")
    assert paged("fines", 5, older).base == ""
