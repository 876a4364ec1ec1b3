"""answer() never raises and always returns a well-formed Answer, whatever is typed."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.answers.answer import APOLOGY_HEADLINE, Answer, AnswerKind
from bot.core.answers.engine import answer
from bot.edge.render.text import render_answer
from tests.support.developments import TODAY, make_store

STORE = make_store()
WORDS = st.sampled_from(
    [
        "fines",
        "henan",
        "hennan",
        "<!channel>",
        "<@U123>",
        "<#C1|general>",
        "😀",
        "🇨🇳",
        "河南",
        "罚款",
        "网信办",
        "over",
        "1m",
        "超过100万",
        "2022-13",
        "may",
        "30",
        "since",
        "before",
        "2022-05",
        "show",
        "latest",
        "digest",
        "stats",
        "/pi",
        "&amp;",
        "<",
        ">",
        "crawler",
        "Which",
        "bank",
        "?",
        "between",
        "and",
        "last month",
        "1e999",
        "-5",
        "9" * 40,
        "  ",
        "\n",
        "\t",
        "shaoxin",
        "CBIRC",
        "drafts",
        "courts",
        "industry",
    ]
)
TEXT = st.one_of(
    st.text(max_size=4000),
    st.lists(WORDS, max_size=40).map(" ".join),
    st.lists(st.one_of(WORDS, st.text(max_size=8)), max_size=30).map("".join),
)


def _check(result: Answer) -> None:
    assert isinstance(result, Answer)
    assert isinstance(result.kind, AnswerKind)
    assert result.headline and result.headline != APOLOGY_HEADLINE
    assert result.total >= len(result.results)
    assert len(result.scores) in (0, len(result.results))
    if result.next_offset is not None:
        assert result.offset < result.next_offset < result.total
    render_answer(result)  # renders without error


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.integers(min_value=-5, max_value=100), st.integers(min_value=-5, max_value=100))
def test_answer_never_raises(text: str, offset: int, page_size: int) -> None:
    _check(answer(text, STORE, offset=offset, page_size=page_size, today=TODAY))
