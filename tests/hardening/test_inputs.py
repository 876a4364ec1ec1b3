"""Hardening, inputs: whatever anyone types, the parser and the engine never fail, every
reply is valid Block Kit within Slack's limits, and no markup the user typed reaches Slack
live. Input that cannot mean anything gets a clear answer saying what was understood and
what was not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.answers.answer import APOLOGY_HEADLINE, Answer, AnswerKind
from bot.core.answers.router import Context, Router
from bot.core.knowledge.store import LiveStore, Store
from bot.core.query.parser import parse_query
from bot.edge.delivery.subscriptions import SubscriptionCommands
from bot.edge.render.blocks import answer_messages
from bot.edge.render.paging import decode_page
from bot.edge.slack.listeners.events.messages import strip_mention
from bot.edge.slack.replies import RESPONSE_URL_MESSAGES, _fit
from bot.edge.state import StateRepository, connect
from bot.settings import Settings
from tests.conftest import BUNDLED_STORE
from tests.support.fake_slack import BOT_USER_ID
from tests.support.payloads import assert_inert, check_messages, store_links, strings

TODAY = dt.date(2022, 6, 15)
USER = "U0USER1"
SLASH = Context(channel_id="C0CHAN1", user_id=USER, team_id="T0TEST", surface="slash")
DM = Context(channel_id="D0DM0001", user_id=USER, team_id="T0TEST", surface="dm")
STORE = Store.load(BUNDLED_STORE)
LINKS = store_links(STORE)
ROUTER = Router(LiveStore(BUNDLED_STORE), today=lambda: TODAY)

HOSTILE = [
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!subteam^S0TEAM|@lawyers>",
    "<!date^1392734382^{date}|Feb 18>",
    "<@U123>",
    "<@W0BOSS|boss>",
    "<#C123|general>",
    "<http://evil.example|x>",
    "<https://evil.example/a?b=1&c=2|click me>",
    "<mailto:a@example.com|mail>",
    "<<!channel>>",
    "<@U123",
    "!channel>",
    "&",
    "&amp;",
    "&lt;!channel&gt;",
    "<",
    ">",
    "*bold*",
    "_italic_",
    "~strike~",
    "`code`",
    "```block```",
    "> quoted",
    ":smile:",
]
WORDS = [
    "fines",
    "henan",
    "hennan",
    "beijing",
    "河南",
    "罚款",
    "网信办",
    "个人信息保护法",
    "CAC",
    "over",
    "under",
    "1m",
    "500k",
    "超过100万",
    "-5",
    "99999999999999999999",
    "2022-13",
    "2022-02-30",
    "may 2022",
    "since",
    "last month",
    "show",
    "latest",
    "digest",
    "stats",
    "help",
    "/pi",
    "Which bank was fined and how much?",
    "😀",
    "🇨🇳",
    "👩‍⚖️",
    "\u200b",
    "\u202e",
    "\x00",
    "e\u0301",
    "\t",
    "\n",
    "   ",
]
PIECES = st.one_of(st.sampled_from(HOSTILE + WORDS), st.text(max_size=12))
TYPED = st.one_of(
    st.text(max_size=4000),
    st.lists(PIECES, max_size=60).map(" ".join),
    st.lists(PIECES, max_size=60).map("".join),
    st.sampled_from(["", " ", "   \t  ", "\n\n"]),
)


def _padded(text: str, length: int) -> str:
    """``text`` repeated (or cut) to ``length`` characters."""
    if not text:
        text = "<!channel> 罚款 😀 "
    return (text * (length // len(text) + 1))[:length]


MESSAGE_TEXT = st.builds(_padded, TYPED, st.integers(min_value=0, max_value=40_000))
SLASH_TEXT = st.builds(_padded, TYPED, st.integers(min_value=0, max_value=4_000))
EXAMPLES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_answer(result: Answer, *, shared: bool, shared_by: str | None = None) -> None:
    assert isinstance(result, Answer)
    assert result.headline not in (APOLOGY_HEADLINE,)
    messages = answer_messages(result, shared=shared, shared_by=shared_by)
    payloads = check_messages(messages)
    assert_inert(payloads, links=LINKS, refs={f"@{shared_by}"} if shared_by else ())
    assert len(_fit(messages, RESPONSE_URL_MESSAGES)) <= RESPONSE_URL_MESSAGES
    for value in (s for s in strings(payloads) if s.startswith(("j:", "z:", "k:"))):
        page = decode_page(value)  # a More/Share button asks the same question again
        assert page is not None and page[0] == result.query


@EXAMPLES
@given(SLASH_TEXT, st.booleans())
def test_the_parser_never_fails(text: str, about_money: bool) -> None:
    parsed = parse_query(text, today=TODAY, about_money=about_money)
    assert all(isinstance(e, str) and e for e in parsed.errors)
    assert all(u.label and u.value for u in parsed.understood)


@EXAMPLES
@given(SLASH_TEXT)
def test_any_slash_command_text_gets_a_valid_inert_reply(text: str) -> None:
    _check_answer(ROUTER.handle(text, SLASH), shared=False)


@EXAMPLES
@given(MESSAGE_TEXT)
def test_any_message_text_up_to_40000_characters_gets_a_valid_inert_reply(text: str) -> None:
    typed = strip_mention(f"<@{BOT_USER_ID}> {text}", BOT_USER_ID)
    _check_answer(ROUTER.handle(typed, DM), shared=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SLASH_TEXT)
def test_a_shared_answer_mentions_only_the_sharer(text: str) -> None:
    _check_answer(ROUTER.handle(text, SLASH), shared=True, shared_by=USER)


@pytest.fixture(scope="module")
def subscriptions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SubscriptionCommands]:
    path: Path = tmp_path_factory.mktemp("state") / "pi-bot.sqlite3"
    engine = connect(f"sqlite:///{path}")
    yield SubscriptionCommands(StateRepository(engine), Settings())
    engine.dispose()


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.sampled_from(["subscribe alerts", "subscribe", "unsubscribe", "subscriptions"]), TYPED)
def test_any_subscription_command_gets_a_valid_inert_reply(
    subscriptions: SubscriptionCommands, verb: str, text: str
) -> None:
    router = Router(LiveStore(BUNDLED_STORE), subscriptions, today=lambda: TODAY)
    result = router.handle(f"{verb} {text[:2000]}", SLASH)
    assert result.kind in (AnswerKind.NOTICE, AnswerKind.ERROR)
    payloads = check_messages(answer_messages(result))
    # the bot's own references: this channel and who subscribed it
    assert_inert(payloads, refs={f"#{SLASH.channel_id}", f"@{USER}"})


def _rendered(result: Answer) -> str:
    return "\n".join(text for p in check_messages(answer_messages(result)) for text in strings(p))


@pytest.mark.parametrize(
    ("typed", "kind", "understood", "said"),
    [
        # an unknown subcommand: searched, and the unknown word said back
        (
            "frobnicate henan",  # an unknown word never empties an understood request
            AnswerKind.RESULTS,
            {"region": "Henan"},
            ["Ignored “frobnicate”"],
        ),
        # regions widen each other: the answer says it read "Henan or Beijing"
        (
            "fines henan beijing",
            AnswerKind.RESULTS,
            {"region": "Henan or Beijing"},
            ["with fines in Henan or Beijing", "Left out 1 court-ordered compensation award"],
        ),
        (
            "courts industry henan",
            AnswerKind.NO_MATCH,
            {"region": "Henan", "category": "courts"},
            ["none satisfies every filter understood", "Without the region"],
        ),
        (
            "fines since 2023-01 before 2022-01",
            AnswerKind.ERROR,
            {"penalties": "fines and other monetary penalties"},
            ["No date can fall in all of the periods you gave."],
        ),
        (
            "fines over 1m under 10k",
            AnswerKind.ERROR,
            {"amount": "over CNY 1,000,000 and under CNY 10,000"},
            ["No amount can be both above and below"],
        ),
        ("2022-13", AnswerKind.ERROR, {}, ["2022-13 is not a date: months run from 1 to 12"]),
        (
            "fines henan 2022-02-30",
            AnswerKind.ERROR,
            {"region": "Henan", "penalties": "fines and other monetary penalties"},
            ["2022-02-30 is not a date: February 2022 has 28 days"],
        ),
        (
            "digest 2022-13",
            AnswerKind.ERROR,
            {},
            ["2022-13 is not a date", "For example `digest 2022-05`"],
        ),
        (
            "fines over 99999999999999999999",
            AnswerKind.ERROR,
            {"penalties": "fines and other monetary penalties"},
            ["over 99999999999999999999 is beyond any penalty on record"],
        ),
        (
            "fines henan over -5",
            AnswerKind.ERROR,
            {"region": "Henan"},
            ["over -5 is not an amount: penalties are never negative", "Amounts look like"],
        ),
        (
            "penalties under −2m yuan",
            AnswerKind.ERROR,
            {"penalties": "fines and other monetary penalties"},
            ["under −2m is not an amount"],
        ),
        ("😀😀 🇨🇳", AnswerKind.NO_MATCH, {}, ["I did not understand anything", "😀😀"]),
    ],
)
def test_input_that_cannot_mean_anything_gets_a_clear_answer(
    typed: str, kind: AnswerKind, understood: dict[str, str], said: list[str]
) -> None:
    result = ROUTER.handle(typed, SLASH)
    assert result.kind == kind, result
    got = {u.label: u.value for u in result.understood}
    assert understood.items() <= got.items(), got
    text = _rendered(result)
    for phrase in said:
        assert phrase in text, text
    if understood:
        assert "_Understood:_" in text
    if kind != AnswerKind.RESULTS:
        assert "pi_details" not in text  # nothing unrelated is shown instead
