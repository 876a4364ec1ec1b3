"""Where a text stands: a comment deadline, whether it is final, in force or still a draft,
its status; answered from the record's status and dates, never from its publication date,
and "the newsletters do not say" when they do not."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.answers.engine import answer
from bot.core.knowledge.model import Category, Status
from tests.support.developments import make_dev, make_store

TODAY = date(2023, 3, 1)


def _store():  # type: ignore[no-untyped-def]
    return make_store(
        [
            make_dev(
                "2023-02-01-cac-draft-face-rules",
                title="CAC consults on draft rules for facial recognition",
                summary="On 1 February 2023 the CAC released draft rules on facial recognition.",
                status=Status.DRAFT,
                comment_deadline=date(2023, 3, 10),
                authorities=("CAC",),
            ),
            make_dev(
                "2023-01-10-tc260-draft-logging-standard",
                title="TC260 consults on a standard for logging personal data access",
                summary="On 10 January 2023 TC260 released a draft standard on access logs.",
                status=Status.DRAFT,
                authorities=("TC260",),
                topics=("standards",),
            ),
            make_dev(
                "2023-02-15-shanghai-data-regulations-adopted",
                title="Shanghai adopts regulations on public data sharing",
                summary="On 15 February 2023 Shanghai's legislature adopted data regulations.",
                status=Status.ADOPTED,
                effective_date=date(2023, 4, 1),
                regions=("Shanghai",),
            ),
            make_dev(
                "2023-02-20-court-ruling-camera-neighbour",
                category=Category.COURT,
                title="Beijing court rules on a neighbour's camera aimed at a flat",
                summary="On 20 February 2023 a Beijing court ruled on a doorbell camera.",
                regions=("Beijing",),
            ),
        ]
    )


def text_of(question: str, today: date = TODAY) -> str:
    result = answer(question, _store(), today=today)
    assert result.direct is not None, question
    return result.direct.text


def test_a_comment_deadline_comes_from_the_record_not_the_publication_date() -> None:
    text = text_of("when are comments due on the CAC facial recognition draft?")
    assert text.startswith("Comments are due by 10 March 2023.")
    assert "CAC consults on draft rules for facial recognition (1 February 2023)" in text
    closed = text_of("when are comments due on the CAC facial recognition draft?", date(2023, 4, 1))
    assert "10 March 2023 (now closed)" in closed


def test_no_deadline_is_said_plainly() -> None:
    text = text_of("when does the consultation close on the TC260 logging standard?")
    assert text.startswith("The newsletters give no comment deadline.")
    assert "10 January 2023." not in text.split(".")[0]  # never the publication date as the answer


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("is the TC260 logging standard final?", "No: it is a draft for comment"),
        ("is the TC260 logging standard still a draft?", "Yes: it is a draft for comment"),
        ("are the Shanghai public data regulations final?", "Yes: it is adopted"),
        ("are the Shanghai public data regulations in force?", "Not yet: it is adopted; it takes"),
    ],
)
def test_whether_final_in_force_or_still_a_draft(question: str, lead: str) -> None:
    assert text_of(question).startswith(lead)


def test_in_force_once_the_date_of_effect_has_passed() -> None:
    text = text_of("are the Shanghai public data regulations in force?", date(2023, 5, 1))
    assert text.startswith("Yes: it is adopted; it took effect on 1 April 2023.")


def test_status_and_a_record_that_does_not_say() -> None:
    assert text_of("what is the status of the CAC facial recognition draft?").startswith(
        "It is a draft for comment; comments are due by 10 March 2023."
    )
    assert text_of("is the Beijing camera ruling final?").startswith(
        "The newsletters do not say where it stands."
    )


def test_in_chinese() -> None:
    assert text_of("人脸识别规定征求意见截止时间？").startswith("意见反馈截止2023年3月10日。")
