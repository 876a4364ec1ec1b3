"""``/pi review``: what waits, by newsletter, oldest first, with counts."""

from __future__ import annotations

import datetime as dt

from bot.core.knowledge.model import KnowledgeFile, Newsletter, Source
from bot.core.knowledge.review_queue import queue_lines, queue_size, review_queue
from tests.support.developments import make_dev


def newsletter(newsletter_id: str, title: str, day: int) -> Newsletter:
    return Newsletter(
        id=newsletter_id,
        title=title,
        publisher="Lexwell",
        issue_month="2022-06",
        file_name=f"{newsletter_id}.html",
        sha256="0" * 64,
        ingested_at=dt.datetime(2022, 7, day, tzinfo=dt.UTC),
    )


def from_newsletter(dev_id: str, newsletter_id: str, **fields: object):  # type: ignore[no-untyped-def]
    source = Source(newsletter=newsletter_id, ref="Items #1", headline="A headline here")
    return make_dev(dev_id, sources=[source], **fields)


def test_the_queue_groups_pending_records_oldest_newsletter_first() -> None:
    knowledge = KnowledgeFile(
        newsletters=(newsletter("002_new", "July issue", 9), newsletter("001_old", "June", 2)),
        developments=(
            from_newsletter("2022-06-01-a", "002_new", reviewed=False),
            from_newsletter("2022-06-02-b", "001_old", reviewed=False, flags=("check date",)),
            from_newsletter("2022-06-03-c", "001_old", reviewed=False),
            from_newsletter("2022-06-04-published", "001_old"),
            from_newsletter("2022-06-05-gone", "002_new", reviewed=False, withdrawn=True),
        ),
    )
    queue = review_queue(knowledge)
    assert [(q.title, len(q.waiting), q.flagged) for q in queue] == [
        ("June", 2, 1),
        ("July issue", 1, 0),
    ]
    assert queue_size(knowledge) == 3
    lines = queue_lines(queue)
    assert lines[0] == "June (Lexwell), received 2022-07-02: 2 waiting; 1 flagged"
    assert lines[-1] == "3 development(s) from 2 newsletter(s) wait for review."


def test_an_empty_queue_says_so() -> None:
    assert queue_lines(review_queue(KnowledgeFile())) == ["Nothing waits for review."]
