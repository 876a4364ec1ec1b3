"""Labelled metadata under a headline ("Date: ... | Authority: ...") is data: it dates the
item, names its authority, and stays out of the summary (newsletters in our own words)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.ingest import read_and_parse
from bot.core.knowledge.ingest.meta_lines import read_meta
from bot.core.knowledge.ingest.parse import ParsedNewsletter
from bot.core.knowledge.ingest.summary import machine_summary
from tests.core.knowledge.ingest.newsletters import parse

HTML = """<html><body><table width="600">
<tr><td><h1>Harbour Privacy Letter</h1><p>Issue 3 &middot; March 2024</p></td></tr>
<tr><td><h2>Regulation</h2></td></tr>
<tr><td><h3>Ministry sets out filing rules for data brokers</h3>
<p><em>Published: 12 March 2024</em> &middot; <em>Regulator: Ministry of Industry and
Information Technology</em></p>
<p>Brokers of industrial data must file their processing activities with the provincial
communications administration by 30 June 2024, under rules that the CAC also endorsed.</p>
</td></tr>
<tr><td><h2>Enforcement</h2></td></tr>
<tr><td><h3>Regulator fines a parcel locker firm</h3>
<p>Date: 5 March 2024</p>
<p>Source: State Administration for Market Regulation</p>
<p>Lockfast Parcel Co., Ltd. was fined RMB 60,000 for keeping pickup photos for years.</p>
</td></tr>
</table></body></html>
"""


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory) -> ParsedNewsletter:
    path = Path(tmp_path_factory.mktemp("meta")) / "harbour-2024-03.html"
    path.write_text(HTML, encoding="utf-8")
    return read_and_parse(path, default_gazetteer())


def test_a_labelled_line_under_a_headline_is_left_out_of_the_summary(
    letter: ParsedNewsletter,
) -> None:
    rules, fine = letter.items
    for item in (rules, fine):
        summary = machine_summary(item.headline, item.body)
        for label in ("Published", "Regulator", "Date:", "Source"):
            assert label not in summary
    assert machine_summary(rules.headline, rules.body).startswith("Brokers of industrial data")
    assert fine.body.startswith("Lockfast Parcel")
    assert fine.penalties and fine.penalties[0].amount == 60000


def test_the_labelled_date_dates_the_item_and_the_labelled_authority_comes_first(
    letter: ParsedNewsletter,
) -> None:
    rules, fine = letter.items
    assert rules.date == dt.date(2024, 3, 12)
    assert rules.authorities[0] == "MIIT"  # the label's, before the CAC named in the text
    assert "CAC" in rules.authorities
    assert fine.date == dt.date(2024, 3, 5)
    assert fine.authorities == ["SAMR"]


def test_a_dated_byline_is_not_the_start_of_the_summary_either() -> None:
    text = (
        "# Coastline Data Notes\n\n## Regulation\n\n"
        "### Cyberspace regulator consults on app store duties\n\n"
        "18 April 2024 | Cyberspace Administration of China\n\n"
        "App stores would have to check that listed apps state how they use data, under a "
        "draft open for comment until 18 May 2024.\n"
    )
    (item,) = parse(text, "coastline-2024-04.md").items
    assert item.date == dt.date(2024, 4, 18)
    assert item.authorities == ["CAC"]
    assert machine_summary(item.headline, item.body).startswith("App stores would have")


def test_fields_of_an_items_own_facts_are_not_metadata() -> None:
    assert read_meta("Date: 3 May 2024 | Company: Lockfast Parcel Co., Ltd.") is None
    assert read_meta("Note: the regulator did not say how it found the breach.") is None
    assert read_meta("Date: soon") is None
    meta = read_meta("Date: 3 May 2024; Authority: Shanghai Public Security Bureau")
    assert meta is not None
    assert meta.date == "3 May 2024"
    assert meta.authorities == ["Shanghai Public Security Bureau"]
    chinese = read_meta("发布日期：2024年5月3日 | 发布机关：国家互联网信息办公室")
    assert chinese is not None and chinese.date == "2024年5月3日"
    # fields set apart by wide spaces, as government sites print them; a time after the date
    spaced = read_meta("发布时间：2024-05-03 09:30\u3000\u3000来源：国家网信办")
    assert spaced is not None
    assert (spaced.date, spaced.authorities) == ("2024-05-03", ["国家网信办"])
    # a date field that runs into another label is no date
    assert read_meta("Date: 3 May 2024 Source: the regulator's website") is None


FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Notes</title>
<updated>2024-02-28T00:00:00Z</updated><id>urn:harbour-notes</id>
<entry><title>Telecom regulator fines two app makers</title><link href="https://h.example/a"/>
<id>urn:h1</id><published>2024-02-26T08:00:00Z</published>
<content type="html">&lt;p&gt;&lt;strong&gt;Regulator:&lt;/strong&gt; Fujian Provincial
Communications Administration&lt;/p&gt;&lt;p&gt;Xiamen Kite Apps Co., Ltd. and Fuzhou Lantern
Games Co., Ltd. were fined RMB 30,000 each for reading contact lists.&lt;/p&gt;</content></entry>
<entry><title>Rules on children's data expected this year</title>
<link href="https://h.example/b"/><id>urn:h2</id><published>2024-02-20T08:00:00Z</published>
<content type="html">&lt;p&gt;Published: 19 February 2024 · Authority: Cyberspace
Administration of China&lt;/p&gt;&lt;p&gt;Measures on children's personal information are
being drafted and are expected to be issued later in 2024.&lt;/p&gt;</content></entry>
</feed>"""


def test_a_feed_entrys_date_and_metadata_are_data_not_its_summary(tmp_path: Path) -> None:
    path = tmp_path / "harbour.atom"
    path.write_text(FEED, encoding="utf-8")
    fines, rules = read_and_parse(path, default_gazetteer()).items
    assert [p.bearer for p in fines.penalties] == [
        "Xiamen Kite Apps Co., Ltd.",
        "Fuzhou Lantern Games Co., Ltd.",
    ]
    assert fines.authorities == ["Communications Administration"]
    assert machine_summary(fines.headline, fines.body).startswith("Xiamen Kite Apps")
    assert rules.date == dt.date(2024, 2, 19)  # the labelled date, not the post's
    assert rules.authorities == ["CAC"]
    assert machine_summary(rules.headline, rules.body).startswith("Measures on children")


def test_metadata_in_bold_or_as_list_items_marks_no_item_nor_section() -> None:
    text = (
        "# Delta Privacy Brief\n\n## Enforcement\n\n"
        "### Foshan regulator fines a gym chain\n\n"
        "**Date:** 20 May 2024 · **Regulator:** Foshan Administration for Market Regulation\n\n"
        "Foshan Ironleaf Fitness Co., Ltd. was fined RMB 45,000 for scanning members' faces.\n\n"
        "### Zhuhai police fine a courier\n\n"
        "- Date: 27 May 2024\n- Authority: Zhuhai Municipal Public Security Bureau\n\n"
        "Zhuhai Quickwing Courier Co., Ltd. was fined RMB 15,000 for selling parcel records.\n"
    )
    gym, courier = parse(text, "delta-2024-05.md").items
    assert (gym.headline, gym.date, gym.authorities) == (
        "Foshan regulator fines a gym chain",
        dt.date(2024, 5, 20),
        ["AMR"],
    )
    assert gym.body.startswith("Foshan Ironleaf Fitness")
    assert (courier.headline, courier.date, courier.authorities) == (
        "Zhuhai police fine a courier",
        dt.date(2024, 5, 27),
        ["Public Security Bureau"],
    )
    assert courier.body.startswith("Zhuhai Quickwing Courier")
