"""Date normalisation and year inference."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.dates import YearMonth, find_dates, issue_month, lead_date, resolve
from bot.core.knowledge.ingest.errors import ParseError
from bot.core.knowledge.ingest.parse import parse_bytes
from bot.core.knowledge.model import DatePrecision

MAY_2022 = YearMonth(2022, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On May 27, 2022, the administration", dt.date(2022, 5, 27)),
        ("On May 24,Shanghai voted", dt.date(2022, 5, 24)),
        ("On 19 May, the CBIRC", dt.date(2022, 5, 19)),
        ("On 26 May, 2022, China", dt.date(2022, 5, 26)),
        ("It was reported on May 25 that the", dt.date(2022, 5, 25)),
        ("It was reported on 5 May that the", dt.date(2022, 5, 5)),
        ("2022年5月27日，禹州市", dt.date(2022, 5, 27)),
        ("5月9日，", dt.date(2022, 5, 9)),
        ("published 2022-05-03 by", dt.date(2022, 5, 3)),
    ],
)
def test_day_dates(text: str, expected: dt.date) -> None:
    mention = lead_date(text)
    assert mention is not None and mention.precision is DatePrecision.DAY
    assert resolve(mention, MAY_2022) == expected


def test_month_precision() -> None:
    mention = lead_date("In May, the centre found 30 apps")
    assert mention is not None and mention.precision is DatePrecision.MONTH
    assert resolve(mention, MAY_2022) == dt.date(2022, 5, 1)


def test_first_event_date_leads_and_entry_into_force_does_not() -> None:
    two = lead_date("On April 28, a hearing was held. On May 10, it was decided.")
    assert two is not None and (two.month, two.day) == (4, 28)
    force = lead_date("The rules, which come into force from July 1, 2022, were adopted on May 13.")
    assert force is not None and (force.month, force.day) == (5, 13)


def test_modal_may_is_not_a_month() -> None:
    assert find_dates("companies may 5 times a year") == []
    assert find_dates("the regulator may issue rules") == []


def test_year_boundary_december_item_in_january_issue() -> None:
    january = YearMonth(2023, 1)
    december = lead_date("On December 28, the CAC issued")
    assert december is not None
    assert resolve(december, january) == dt.date(2022, 12, 28)
    new_year = lead_date("On January 5, the MIIT said")
    assert new_year is not None
    assert resolve(new_year, january) == dt.date(2023, 1, 5)
    # And a January item in a December issue is the following January.
    assert resolve(new_year, YearMonth(2022, 12)) == dt.date(2023, 1, 5)


def test_year_boundary_in_a_whole_newsletter() -> None:
    text = (
        b"Regulator Issues Rules on Apps\n\n"
        b"On January 6, 2023, the CAC issued rules on apps.1\n\n"
        b"Court Decides Crawler Case\n\n"
        b"On December 28, the court decided a crawler case.2\n\n"
        b"Ministry Starts Campaign\n\n"
        b"On January 3, the MPS started a campaign.3\n\n"
        b"1 https://example.com/1\n\n2 https://example.com/2\n\n3 https://example.com/3\n"
    )
    parsed = parse_bytes(text, "jan.txt", "jan", default_gazetteer())
    assert [i.date for i in parsed.items] == [
        dt.date(2023, 1, 6),
        dt.date(2022, 12, 28),
        dt.date(2023, 1, 3),
    ]
    assert str(parsed.issue_month) == "2023-01"


def test_issue_month_from_explicit_years() -> None:
    mentions = [m for t in ("On May 3, 2022,", "On May 9,", "On April 30,") for m in find_dates(t)]
    assert issue_month(mentions) == MAY_2022
    assert issue_month(find_dates("On May 9, and June 3")) is None


def test_no_year_anywhere_needs_month_option() -> None:
    text = b"Rules Issued\n\nOn May 3, the CAC issued rules on apps.1\n\n1 https://example.com/1\n"
    with pytest.raises(ParseError, match=r"^x\.txt:1: cannot tell the year.*--month"):
        parse_bytes(text, "x.txt", "x", default_gazetteer())
    parsed = parse_bytes(text, "x.txt", "x", default_gazetteer(), month=YearMonth(2021, 5))
    assert parsed.items[0].date == dt.date(2021, 5, 3)
    assert str(parsed.issue_month) == "2021-05"


def test_item_without_date_falls_back_to_issue_month_with_warning() -> None:
    text = (
        b"Rules Issued\n\nOn May 3, 2022, the CAC issued rules on apps.1\n\n"
        b"Platform Campaign\n\nThe MIIT started a campaign against apps.2\n\n"
        b"1 https://example.com/1\n\n2 https://example.com/2\n"
    )
    parsed = parse_bytes(text, "x.txt", "x", default_gazetteer())
    undated = parsed.items[1]
    assert undated.date == dt.date(2022, 5, 1)
    assert undated.date_precision is DatePrecision.MONTH
    (warning,) = parsed.warnings
    assert str(warning).startswith("x.txt:5: warning: Headlines #2 gives no date")
