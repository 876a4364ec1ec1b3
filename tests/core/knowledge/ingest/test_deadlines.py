"""Comment deadlines read from a report's text, in English and Chinese."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.knowledge.ingest.deadlines import comment_deadline

REPORTED = dt.date(2022, 5, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The CAC released the draft; comments until 20 June 2022.", dt.date(2022, 6, 20)),
        ("The public may submit comments by June 19.", dt.date(2022, 6, 19)),
        ("The comment period closes on July 1, 2022.", dt.date(2022, 7, 1)),
        ("Deadline for public comments: 2022-06-30.", dt.date(2022, 6, 30)),
        ("本次征求意见截止2022年6月18日。", dt.date(2022, 6, 18)),
        ("意见反馈截止时间为6月25日。", dt.date(2022, 6, 25)),
        ("Released on 10 January, comments until 5 January.", dt.date(2023, 1, 5)),
        ("The rules come into force on 1 September 2022.", None),
        ("Published on 18 May 2022 for public comments.", None),
    ],
)
def test_a_comment_deadline_is_read_only_after_a_comment_cue(
    text: str, expected: dt.date | None
) -> None:
    assert comment_deadline(text, REPORTED) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The ministry released the draft on 2 June 2022 to solicit public opinions until "
            "29 June 2022.",
            dt.date(2022, 6, 29),
        ),
        ("Comments are due by 30 June 2022.", dt.date(2022, 6, 30)),
        ("Feedback may be submitted before 5 July 2022.", dt.date(2022, 7, 5)),
        ("The public consultation runs through 28 June 2022.", dt.date(2022, 6, 28)),
        ("Comments were invited. The rules take effect on 1 July 2022.", None),
        ("The draft was released for comment on 17 June 2022.", None),
    ],
)
def test_any_wording_with_a_time_limit_after_comments_in_the_same_sentence(
    text: str, expected: dt.date | None
) -> None:
    assert comment_deadline(text, REPORTED) == expected
