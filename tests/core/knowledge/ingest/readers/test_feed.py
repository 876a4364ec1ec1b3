"""RSS and Atom feeds -> one bold linked headline per entry, then its dated text a paragraph
at a time."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.knowledge.ingest.readers import ReadError, SourceFormat, read_newsletter

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>PrivacyPulse China</title><link>https://pulse.example</link><description>d</description>
<lastBuildDate>Sat, 23 Jul 2022 10:00:00 +0800</lastBuildDate>
<item><title>Didi fined RMB 8.026 billion</title><link>https://pulse.example/didi</link>
<category>Enforcement</category><pubDate>Thu, 21 Jul 2022 18:30:00 +0800</pubDate>
<description>&lt;p&gt;The CAC fined &lt;b&gt;Didi Global Inc.&lt;/b&gt; on Thursday.&lt;/p&gt;
</description></item>
<item><title>Outbound transfer measures issued</title><link>https://pulse.example/measures</link>
<category>Regulation</category><pubDate>Thu, 07 Jul 2022 20:00:00 +0800</pubDate>
<description>They apply from 1 September 2022.</description></item>
<item><title>App operator fined in Shenzhen</title><link>https://pulse.example/shenzhen</link>
<category>Enforcement</category><pubDate>Thu, 16 Jun 2022 09:00:00 +0800</pubDate>
<description>RMB 500,000.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Data Notes</title>
<updated>2022-07-08T00:00:00Z</updated><id>urn:x</id>
<entry><title>Cosmetics chain fined</title><link href="https://notes.example/meiyan"/>
<id>urn:1</id><updated>2022-07-08T08:00:00Z</updated>
<summary>Shanghai Meiyan Cosmetics Co., Ltd. was fined RMB 350,000.</summary></entry>
</feed>"""


def test_rss_entries_in_order_with_dates_and_links_and_no_tag_sections() -> None:
    read = read_newsletter(RSS.encode(), name="pulse.xml")
    assert read.source_format is SourceFormat.FEED
    assert read.title == "PrivacyPulse China"
    assert read.issue_date == dt.date(2022, 7, 23)
    # Tags ("Enforcement", "Regulation") are how a site files posts, not what they report:
    # no sections are made of them, the category comes from each entry's words.
    assert read.text == (
        "# PrivacyPulse China\n\n"
        "**[Didi fined RMB 8.026 billion](https://pulse.example/didi)**\n\n"
        "21 July 2022 – The CAC fined **Didi Global Inc.** on Thursday.\n\n"
        "**[Outbound transfer measures issued](https://pulse.example/measures)**\n\n"
        "7 July 2022 – They apply from 1 September 2022.\n\n"
        "**[App operator fined in Shenzhen](https://pulse.example/shenzhen)**\n\n"
        "16 June 2022 – RMB 500,000.\n"
    )


def test_atom_feed_without_categories() -> None:
    read = read_newsletter(ATOM.encode(), name="notes.atom")
    assert read.text == (
        "# Data Notes\n\n**[Cosmetics chain fined](https://notes.example/meiyan)**\n\n"
        "8 July 2022 – Shanghai Meiyan Cosmetics Co., Ltd. was fined RMB 350,000.\n"
    )


def test_a_feed_without_entries_is_refused() -> None:
    empty = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
    with pytest.raises(ReadError) as caught:
        read_newsletter(empty.encode(), name="empty.rss")
    assert str(caught.value) == (
        "empty.rss: an RSS/Atom feed with no entries: check the feed's address or save it again"
    )


def test_an_entry_is_dated_in_the_publishers_time_zone_not_utc() -> None:
    feed = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
    <title>Data News</title><updated>2022-07-22T07:30:00+08:00</updated>
    <entry><title>Regulator fines a ride-hailing platform</title>
    <link href="https://news.example/a"/><published>2022-07-22T07:30:00+08:00</published>
    <summary>The regulator fined the platform.</summary></entry>
    <entry><title>Province consults on health data rules</title>
    <link href="https://news.example/b"/><published>Tue, 12 Jul 2022 01:00:00 +0800</published>
    <summary>Draft measures were published.</summary></entry></feed>"""
    read = read_newsletter(feed, name="news.atom")
    assert "22 July 2022 – The regulator fined the platform." in read.text  # UTC: 21 July
    assert "12 July 2022 – Draft measures were published." in read.text  # UTC: 11 July
    assert read.issue_date == dt.date(2022, 7, 22)


HTML_ENTRY = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Notes</title>
<updated>2024-02-28T00:00:00Z</updated><id>urn:harbour</id>
<entry><title>Regulator fines three app operators</title><link href="https://h.example/a"/>
<id>urn:h1</id><published>2024-02-26T08:00:00Z</published>
<content type="html">&lt;p&gt;&lt;strong&gt;Regulator:&lt;/strong&gt; Fujian Provincial
Communications Administration&lt;/p&gt;&lt;p&gt;&lt;b&gt;Background&lt;/b&gt;&lt;/p&gt;
&lt;p&gt;Xiamen Kite Apps Co., Ltd. was fined RMB 30,000.&lt;/p&gt;
&lt;ul&gt;&lt;li&gt;It must rectify within 15 days.&lt;/li&gt;&lt;/ul&gt;</content></entry>
</feed>"""


def test_an_entrys_html_keeps_its_paragraphs_and_no_paragraph_opens_in_bold() -> None:
    read = read_newsletter(HTML_ENTRY.encode(), name="harbour.atom")
    assert read.text == (
        "# Harbour Notes\n\n"
        "**[Regulator fines three app operators](https://h.example/a)**\n\n"
        "26 February 2024 – Regulator: Fujian Provincial Communications Administration\n\n"
        "Background\n\n"
        "Xiamen Kite Apps Co., Ltd. was fined RMB 30,000.\n\n"
        "It must rectify within 15 days.\n"
    )
