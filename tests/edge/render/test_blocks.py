"""Block Kit output within Slack's limits (slack_sdk validates on ``to_dict``), escaped,
never cutting a record, with meaningful notification text."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.answers.answer import Answer, AnswerKind, Understood
from bot.core.answers.engine import answer
from bot.core.knowledge.model import Category, DatePrecision, Development, Penalty, Source
from bot.core.knowledge.store import Store
from bot.core.periods.digest import build_digest
from bot.edge.render.blocks import (
    MAX_BLOCKS,
    SlackMessage,
    alert_message,
    answer_messages,
    digest_messages,
    escape,
    home_view,
)
from bot.edge.render.blocks.markup import SECTION_LIMIT
from bot.edge.render.paging import VALUE_LIMIT, decode_page, encode_page
from tests.support.slack_harness import BUNDLED_STORE

TODAY = dt.date(2022, 6, 15)


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.load(BUNDLED_STORE)


def _check(messages: list[SlackMessage]) -> list[dict]:
    dicts = [m.to_dict() for m in messages]  # raises on any Block Kit limit
    for d in dicts:
        assert 0 < len(d["blocks"]) <= MAX_BLOCKS
        assert d["text"].strip()
        for block in d["blocks"]:
            text = (block.get("text") or {}).get("text", "")
            assert len(text) <= SECTION_LIMIT
    return dicts


def _section_texts(dicts: list[dict]) -> str:
    return "\n".join(
        b["text"]["text"] for d in dicts for b in d["blocks"] if b["type"] == "section"
    )


def dev(n: int, **kw: object) -> Development:
    fields: dict[str, object] = {
        "id": f"2024-05-{n % 28 + 1:02d}-case-{n}",
        "date": dt.date(2024, 5, n % 28 + 1),
        "added_at": dt.datetime(2024, 6, 1, tzinfo=dt.UTC),
        "reviewed": True,
        "category": Category.ENFORCEMENT,
        "title": f"Regulator fines company number {n} for unlawful data collection",
        "summary": "A market regulator fined a company for collecting personal information "
        "without consent. " * 3,
        "regions": ("Henan",),
        "authorities": ("AMR",),
        "penalties": (Penalty(amount=Decimal(1000 * n + 5500000), bearer=f"Company {n}"),),
        "sources": (
            Source(
                newsletter="nl1",
                ref=f"Enforcement #{n}",
                headline="h",
                url=f"https://example.com/news/{n}",
            ),
        ),
    }
    fields.update(kw)
    return Development.model_validate(fields)


def test_may_2022_digest_fits_and_lists_every_development_once(store: Store) -> None:
    digest = build_digest(store, "2022-05")
    dicts = _check(digest_messages(digest))
    text = _section_texts(dicts)
    for _, devs in digest.sections:
        for d in devs:
            assert text.count(f"* · {escape(d.title)} · ") == 1
    assert "*38 developments* in May 2022" in text
    assert "Largest fines:" in text
    assert dicts[0]["text"].startswith("Digest for May 2022: 38 developments")


def test_a_big_month_is_split_in_order_and_nothing_is_lost() -> None:
    devs = [dev(n) for n in range(1, 121)]
    digest = build_digest(Store(developments=tuple(devs)), "2024-05")
    messages = digest_messages(digest)
    assert len(messages) > 1
    dicts = _check(messages)
    text = _section_texts(dicts)
    positions = [text.index(escape(d.title) + " ·") for d in digest.sections[0][1]]
    assert positions == sorted(positions)
    assert [m.text for m in messages][1].startswith("Digest for May 2024 (part 2 of")


def test_an_empty_month_is_one_line() -> None:
    [message] = digest_messages(build_digest(Store(developments=()), "2021-01"))
    assert message.text == "No developments recorded for January 2021."
    assert len(message.blocks) == 1


def test_an_empty_month_points_at_the_newest_news() -> None:
    [message] = digest_messages(build_digest(Store.load(BUNDLED_STORE), "2026-11"))
    assert message.text == (
        "No developments recorded for November 2026. "
        "The newest are from May 2022: `digest 2022-05`."
    )
    # nothing older to point at: the one line alone
    [before] = digest_messages(build_digest(Store.load(BUNDLED_STORE), "2021-01"))
    assert before.text == "No developments recorded for January 2021."


def test_the_largest_answers_stay_within_limits(store: Store) -> None:
    big = answer("latest 50", store, page_size=50, today=TODAY)
    assert len(big.results) == 38
    dicts = _check(answer_messages(big))
    text = _section_texts(dicts)
    for number in range(1, 39):
        assert f"*{number}. " in text  # every record, whole, in order
    help_dicts = _check(answer_messages(answer("help", store, today=TODAY)))
    assert "fines henan" in _section_texts(help_dicts)


def test_a_result_shows_every_fact(store: Store) -> None:
    result = answer("fines henan", store, today=TODAY)
    [message] = answer_messages(result)
    text = _section_texts([message.to_dict()])
    assert "27 May 2022 · Enforcement · Henan, Yuzhou · AMR" in text
    assert "CNY 200,000 fine (real estate sales office in Yuzhou)" in text
    assert "<https://m.thepaper.cn/newsDetail_forward_18299237|m.thepaper.cn>" in text


def test_month_precision_and_newsletter_citation_without_a_link() -> None:
    record = dev(
        3,
        date=dt.date(2022, 5, 1),
        date_precision=DatePrecision.MONTH,
        penalties=(),
        sources=(Source(newsletter="nl2", ref="Regulatory Developments #5", headline="h"),),
    )
    a = Answer(AnswerKind.RESULTS, "q", "1 development", results=(record,), total=1)
    text = _section_texts(_check(answer_messages(a)))
    assert "May 2022 · Enforcement" in text and "1 May 2022" not in text
    assert "nl2, Regulatory Developments #5 (newsletter; no link given)" in text


def test_store_text_is_escaped_too() -> None:
    record = dev(4, title="Fine for <!here> & <@U1> spam <http://x|y>")
    for message in [
        *answer_messages(Answer(AnswerKind.RESULTS, "q", "h", results=(record,), total=1)),
        *answer_messages(Answer(AnswerKind.DETAIL, "q", "h", results=(record,), total=1)),
        alert_message(record),
    ]:
        sent = json.dumps(message.to_dict())
        assert "<!here>" not in sent and "<@U1>" not in sent and "<http://x|y>" not in sent
        assert "&lt;!here&gt; &amp; &lt;@U1&gt;" in sent


def test_no_match_says_so_with_what_was_understood() -> None:
    a = Answer(
        AnswerKind.NO_MATCH,
        "fines <!channel> qqq",
        "Nothing in the store matches your search.",
        understood=(Understood("region", "Henan"),),
        not_understood=("<!channel>", "qqq"),
        suggestions=("fines henan",),
    )
    dicts = _check(answer_messages(a))
    sent = json.dumps(dicts)
    assert "<!channel>" not in sent
    text = _section_texts(dicts)
    assert "Nothing in the store matches" in text
    assert "_Understood:_ region Henan" in text
    assert "&lt;!channel&gt;, qqq" in text
    assert "• fines henan" in text
    assert "pi_share" not in sent and "pi_details" not in sent


def test_an_alert_says_what_who_where_how_much_and_the_source() -> None:
    record = dev(7)
    message = alert_message(record)
    text = _section_texts([message.to_dict()])
    assert message.text.startswith("Enforcement alert: Regulator fines company number 7")
    assert "CNY 5,507,000" in message.text
    assert "*Who:* Company 7" in text
    assert "*Where:* Henan" in text
    assert "<https://example.com/news/7|example.com>" in text


def test_many_long_sources_never_overflow_a_section() -> None:
    sources = tuple(
        Source(
            newsletter="nl", ref=f"r{n}", headline="h", url="https://e.com/" + "a" * 1900 + str(n)
        )
        for n in range(6)
    )
    record = dev(9, sources=sources)
    for message in [
        *answer_messages(Answer(AnswerKind.RESULTS, "q", "h", results=(record,), total=1)),
        *answer_messages(Answer(AnswerKind.DETAIL, "q", "h", results=(record,), total=1)),
        alert_message(record),
    ]:
        _check([message])


def test_home_view_is_valid(store: Store) -> None:
    view = home_view(store).to_dict()
    assert view["type"] == "home"
    assert len(view["blocks"]) <= 100


@given(st.text(max_size=4000), st.integers(min_value=0, max_value=10**6))
@settings(max_examples=60, deadline=None)
def test_page_tokens_round_trip_within_the_value_limit(query: str, offset: int) -> None:
    token = encode_page(query, offset)
    assert len(token) <= VALUE_LIMIT
    assert "<" not in token and ">" not in token
    assert decode_page(token) == (query, offset)


@pytest.mark.parametrize("value", ["", "j:", "j:[1]", 'j:{"q":1,"o":0}', "z:!!", "k:nope", "x:1"])
def test_malformed_page_tokens_are_refused(value: str) -> None:
    assert decode_page(value) is None


def test_bot_text_keeps_only_references_by_id() -> None:
    notice = Answer(
        AnswerKind.NOTICE,
        "subscriptions",
        "Subscriptions in this channel",
        message="• digest in <#C0ABC123> by <@U0USER1>; <!channel> <http://x|y> & more",
    )
    text = _section_texts(_check(answer_messages(notice)))
    assert "<#C0ABC123>" in text and "<@U0USER1>" in text
    assert "&lt;!channel&gt; &lt;http://x|y&gt; &amp; more" in text
