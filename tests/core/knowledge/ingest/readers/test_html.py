"""HTML pages and e-mail HTML -> canonical text: structure kept, boilerplate dropped."""

from __future__ import annotations

import pytest

from bot.core.knowledge.ingest.readers import ReadError, SourceFormat, read_newsletter
from bot.core.knowledge.ingest.readers.limits import MAX_BLOCKS

NEWSLETTER = b"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Data Watch June 2022</title>
<style>p { color: red }</style><script>var x = 1;</script></head><body>
<div style="display:none">preheader: three fines and a draft</div>
<p><a href="https://mail.example/view">View this email in your browser</a></p>
<table role="presentation"><tr><td>
  <h1>Data Watch</h1>
  <h2>Enforcement</h2>
  <p><strong>CAC fines Lianxin</strong><br>On 16 June 2022 the regulator fined
     <a href="https://news.example/a">Shenzhen Lianxin Technology Co., Ltd.</a> RMB 500,000.</p>
  <ol>
    <li>First point <b>in bold</b>
      <ol><li>sub-point one</li><li>sub-point two</li></ol></li>
    <li>Second point</li>
  </ol>
  <ul><li>A bullet<ul><li>a nested bullet</li></ul></li></ul>
  <table><tr><th>Law</th><th>In force</th></tr><tr><td>PIPL</td><td>1 Nov 2021</td></tr></table>
</td></tr></table>
<nav><a href="https://x.example">Home</a></nav>
<p>You are receiving this email because you subscribed. <a href="https://x.example/u">Unsubscribe</a></p>
<footer>Harbour &amp; Lane, 1 Road, Hong Kong</footer>
</body></html>"""

CANONICAL = """\
# Data Watch

## Enforcement

**CAC fines Lianxin**

On 16 June 2022 the regulator fined [Shenzhen Lianxin Technology Co., Ltd.](https://news.example/a\
) RMB 500,000.

1. First point **in bold**
  1.1 sub-point one
  1.2 sub-point two
2. Second point

- A bullet
  - a nested bullet

| Law | In force |
| PIPL | 1 Nov 2021 |
"""


def test_html_newsletter_becomes_canonical_text() -> None:
    read = read_newsletter(NEWSLETTER, name="watch.html")
    assert read.source_format is SourceFormat.HTML
    assert read.is_markdown
    assert read.title == "Data Watch June 2022"
    assert read.text == CANONICAL


@pytest.mark.parametrize("name", ["watch", "watch.txt", "watch.xml"])
def test_html_is_recognised_by_content_whatever_the_name(name: str) -> None:
    assert read_newsletter(NEWSLETTER, name=name).source_format is SourceFormat.HTML


def test_text_that_mentions_tags_stays_text() -> None:
    text = b"Notes\n\nThe <p> tag and <html> are mentioned here.\n"
    assert read_newsletter(text, name="notes.txt").source_format is SourceFormat.TEXT


def test_declared_charset_is_honoured() -> None:
    page = '<html><head><meta charset="gbk"></head><body><h2>执法案例</h2><p>罚款五十万元</p>'
    read = read_newsletter(page.encode("gbk"), name="cn.html")
    assert read.text == "## 执法案例\n\n罚款五十万元\n"


def test_a_page_with_100000_list_items_is_refused_within_the_limit() -> None:
    page = "<html><body><ul>" + "<li>item</li>" * 100_000 + "</ul></body></html>"
    with pytest.raises(ReadError) as caught:
        read_newsletter(page.encode(), name="huge.html")
    assert str(caught.value) == (
        f"huge.html: an HTML page with more than {MAX_BLOCKS:,} paragraphs, items and "
        "headings (not a newsletter, or several joined together): split it into separate "
        "newsletters"
    )


def test_deeply_nested_markup_is_read_as_text() -> None:
    page = "<html><body>" + "<div>" * 3000 + "<p>deep news</p>" + "</div>" * 3000
    assert "deep news" in read_newsletter(page.encode(), name="deep.html").text


def test_bold_by_style_counts_as_bold() -> None:
    page = (
        '<p><span style="font-weight: 700">Lianxin fined</span><br>'
        '<span style="font-weight:normal">RMB 500,000 on 16 June 2022.</span></p>'
    )
    read = read_newsletter(page.encode(), name="mail.html")
    assert read.text == "**Lianxin fined**\n\nRMB 500,000 on 16 June 2022.\n"
