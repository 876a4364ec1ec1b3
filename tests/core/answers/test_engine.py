from __future__ import annotations

from dataclasses import replace

import pytest

from bot.core.answers.answer import APOLOGY_HEADLINE, AnswerKind
from bot.core.answers.engine import answer
from bot.core.knowledge.store import Store
from bot.core.limits import MAX_INPUT
from tests.support.developments import DEVS, TODAY, make_dev, make_store

YUZHOU = "2022-05-27-henan-sales-office-face-recognition-fine"
BANK = "2022-05-20-shaoxing-bank-fined-customer-identification"
CRAWLER = "2022-05-10-wuxi-web-crawler-short-video-judgment"
LOCATOR = "2022-05-05-wife-locator-privacy-compensation"


def ids(text: str, store: Store, **kwargs: object) -> list[str]:
    return [d.id for d in answer(text, store, today=TODAY, **kwargs).results]  # type: ignore[arg-type]


def test_fines_henan_is_the_yuzhou_fine_alone(store: Store) -> None:
    result = answer("fines henan", store, today=TODAY)
    assert result.kind == AnswerKind.RESULTS
    assert [d.id for d in result.results] == [YUZHOU]
    assert result.results[0].penalties[0].amount == 200000


def test_fines_lists_every_monetary_penalty_largest_first(store: Store) -> None:
    result = answer("fines", store, today=TODAY, page_size=10)
    assert [d.id for d in result.results] == [BANK, YUZHOU, CRAWLER]  # compensation apart
    everything = answer("largest monetary penalties", store, today=TODAY, page_size=10)
    assert [d.id for d in everything.results] == [BANK, YUZHOU, CRAWLER, LOCATOR]
    assert result.total == 3 and everything.total == 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("shaoxing bank", BANK),
        ("shaoxin bank", BANK),
        ("crawler", CRAWLER),
        ("crawller", CRAWLER),
        ("CBIRC", "2022-05-19-cbirc-consumer-protection-draft"),
        ("heilongjiang", "2022-05-13-heilongjiang-big-data-regulations"),
        ("heilongjang", "2022-05-13-heilongjiang-big-data-regulations"),
        ("Which bank was fined and how much?", BANK),
        ("河南 罚款", YUZHOU),
        ("/pi fines henan", YUZHOU),
        ("<@U123> FINES Henan", YUZHOU),
        ("white paper", "2022-05-26-personal-data-center-white-paper"),
    ],
)
def test_finds_theirs_first(store: Store, text: str, expected: str) -> None:
    assert ids(text, store)[0] == expected


def test_fines_are_told_apart_from_compensation(store: Store) -> None:
    everything = answer("penalties", store, today=TODAY)
    assert everything.headline == (
        "4 developments with monetary penalties: 3 with fines, 1 with compensation only"
    )
    fines = answer("fines", store, today=TODAY)
    assert fines.headline == "3 developments with fines (largest first)"
    assert fines.direct is not None
    assert fines.direct.notes == ("Left out 1 court-ordered compensation award (not a fine).",)
    beijing = answer("fines beijing", store, today=TODAY)
    assert beijing.headline == (
        "No fines are recorded in Beijing; 1 development has court-ordered compensation"
        " (largest first)"
    )
    assert [d.id for d in beijing.results] == [LOCATOR]
    assert {(u.label, u.value) for u in beijing.understood} == {
        ("penalties", "fines and other monetary penalties"),
        ("region", "Beijing"),
    }
    assert (
        answer("fines henan", store).headline == "1 development with fines in Henan (largest first)"
    )
    assert [d.id for d in answer("compensation", store).results] == [LOCATOR]


def test_fines_where_there_are_none_say_so_and_what_was_understood(store: Store) -> None:
    result = answer("fines hainan", store, today=TODAY)
    assert result.kind == AnswerKind.NO_MATCH
    assert result.results == ()
    assert result.headline == "No fines or other monetary penalties are recorded in Hainan."
    assert {(u.label, u.value) for u in result.understood} == {
        ("penalties", "fines and other monetary penalties"),
        ("region", "Hainan"),
    }
    assert (
        "Monetary penalties are recorded in: Henan, Zhejiang, Jiangsu, Beijing."
        in result.suggestions
    )


@pytest.mark.parametrize(
    "text",
    ["GDPR adequacy decision", "cryptocurrency mining ban", "football world cup", "GDPR fines"],
)
def test_things_the_store_does_not_hold_match_nothing(store: Store, text: str) -> None:
    result = answer(text, store, today=TODAY)
    assert result.kind == AnswerKind.NO_MATCH
    assert result.results == () and result.total == 0
    assert result.headline == "Nothing in the store matches your search."


def test_regions_are_or_and_other_filters_and(store: Store) -> None:
    assert ids("penalties henan beijing", store) == [YUZHOU, LOCATOR]
    assert ids("fines henan beijing", store) == [YUZHOU]  # Beijing's award is no fine
    assert ids("fines henan jiangsu", store) == [YUZHOU, CRAWLER]
    assert ids("drafts beijing", store) == ["2022-05-07-beijing-digital-economy-draft"]


def test_headlines_never_carry_user_text(store: Store) -> None:
    for text in ("fines <b>hennan</b>", "<script>crawler", "GDPR & <adequacy>", "show <x>"):
        result = answer(text, store, today=TODAY)
        for shown in (result.headline, result.message or "", *result.suggestions):
            assert "<" not in shown and "&" not in shown, (text, shown)


def test_pagination(store: Store) -> None:
    first = answer("largest penalties", store, today=TODAY, page_size=3)
    assert (len(first.results), first.total, first.next_offset) == (3, 4, 3)
    second = answer(
        "largest penalties", store, today=TODAY, page_size=3, offset=first.next_offset or 0
    )
    assert [d.id for d in second.results] == [LOCATOR]
    assert second.next_offset is None and second.offset == 3
    beyond = answer("fines", store, today=TODAY, offset=40)
    assert beyond.results == () and beyond.next_offset is None
    assert beyond.headline.startswith("No more results")


def test_latest(store: Store) -> None:
    result = answer("latest 3", store, today=TODAY, page_size=5)
    assert [d.id for d in result.results] == [d.id for d in store.developments[:3]]
    assert result.total == 3 and result.next_offset is None
    paged = answer("latest", store, today=TODAY, page_size=2)
    assert paged.total == len(store) and paged.next_offset == 2  # "more" goes on past 5
    filtered = answer("latest courts", store, today=TODAY)
    assert [d.id for d in filtered.results] == [CRAWLER, LOCATOR]


def test_show(store: Store) -> None:
    detail = answer(f"show {BANK}", store, today=TODAY)
    assert detail.kind == AnswerKind.DETAIL and detail.results[0].id == BANK
    assert answer(f"SHOW `{BANK.upper()}`", store).kind == AnswerKind.DETAIL
    missing = answer("show 2022-05-20-shaoxing-bank", store, today=TODAY)
    assert missing.kind == AnswerKind.NO_MATCH
    assert missing.suggestions[0] == f"show {BANK}"
    assert answer("show", store).kind == AnswerKind.ERROR


def test_digest(store: Store) -> None:
    result = answer("digest", store, today=TODAY)
    assert result.kind == AnswerKind.DIGEST and result.digest is not None
    assert result.digest.month == "2022-05" and result.total == len(DEVS)
    assert answer("digest may 2022", store).digest is not None
    empty = answer("digest 2021-01", store, today=TODAY)
    assert empty.kind == AnswerKind.DIGEST and empty.digest is not None
    assert empty.digest.is_empty and empty.headline == "Nothing recorded for January 2021."
    assert answer("digest 2022-13", store).kind == AnswerKind.ERROR


def test_stats(store: Store) -> None:
    result = answer("stats", store, today=TODAY)
    assert result.kind == AnswerKind.STATS
    assert result.stats["total"] == len(DEVS)
    assert result.stats["by_category"] == {
        "regulation": 3,
        "enforcement": 3,
        "court": 2,
        "industry": 1,
    }
    assert result.stats["by_month"] == {"2022-05": len(DEVS)}
    assert result.stats["last_ingest"] == "2022-06-01T08:00:00+00:00"


@pytest.mark.parametrize("text", ["subscribe fines", "unsubscribe", "Subscriptions"])
def test_a_bare_engine_says_subscriptions_are_managed_from_slack(store: Store, text: str) -> None:
    result = answer(text, store)
    assert result.kind == AnswerKind.NOTICE
    assert result.headline == "Subscriptions are managed from Slack."
    assert "/pi subscribe digest" in (result.message or "")


def test_empty_oversized_and_impossible_input(store: Store) -> None:
    assert answer("", store).kind == AnswerKind.HELP
    assert answer("   \n ", store).kind == AnswerKind.HELP
    assert answer("/pi", store).kind == AnswerKind.HELP
    assert answer("help", store).kind == AnswerKind.HELP
    big = answer("fines " * 1000, store)
    assert big.kind == AnswerKind.ERROR and len(big.query) <= 200
    bad = answer("fines 2022-13", store)
    assert bad.kind == AnswerKind.ERROR
    assert bad.message is not None and "months run from 1 to 12" in bad.message
    assert answer("😀 河马", store).kind == AnswerKind.NO_MATCH


def test_unknown_words_are_reported_when_the_rest_is_enough(store: Store) -> None:
    result = answer("crawler ringleader", store, today=TODAY)
    assert [d.id for d in result.results] == [CRAWLER]
    assert result.not_understood == ("ringleader",)


def test_month_precision_records_show_up_in_ranges() -> None:
    store = make_store(
        [
            *DEVS,
            make_dev(
                "2022-04-30-april-thing",
                title="An April development about privacy",
                topics=["privacy"],
            ),
        ]
    )
    found = ids("privacy since 2022-05-10", store)
    assert "2022-05-01-cverc-30-apps-privacy" in found
    assert "2022-04-30-april-thing" not in found


def test_index_is_built_once_per_snapshot(store: Store) -> None:
    from bot.core.answers.search.snapshot import index_for

    assert index_for(store) is index_for(store)
    other = replace(store)
    assert index_for(other) is not index_for(store)


def test_an_internal_failure_is_an_answer_not_an_exception(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.core.answers.engine

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(bot.core.answers.questions, "search", boom)
    result = answer("crawler", store)
    assert result.kind == AnswerKind.ERROR and result.headline == APOLOGY_HEADLINE


def test_max_input_is_accepted(store: Store) -> None:
    text = ("crawler " * (MAX_INPUT // 8))[:MAX_INPUT]
    assert answer(text, store).kind == AnswerKind.RESULTS
