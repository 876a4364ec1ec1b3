"""Every reader hands over typed blocks, boilerplate marked by role from the structure: a
WeChat article as served, e-mail banners and forward headers, HTML footers and related posts."""

from __future__ import annotations

from email.message import EmailMessage

from bench.newsletters.formats import docx_from_source
from bot.core.knowledge.ingest.blocks import BlockKind, Role, render_markdown
from bot.core.knowledge.ingest.readers import read_newsletter

STORY = (
    "On 8 July 2022 the provincial cyberspace office fined an online retailer RMB 500,000 "
    "for selling customers' order records to marketing firms without their consent."
)


def test_a_wechat_article_as_served_is_read_whatever_its_styles() -> None:
    page = f"""<html><head><title>数据合规周报</title></head><body>
    <div id="page-content"><h1 class="rich_media_title">数据合规周报</h1>
    <div class="rich_media_content" id="js_content" style="visibility: hidden;">
      <p><strong>一、执法动态</strong></p>
      <p>某省网信办对一家网络零售企业处以罚款五十万元。</p>
      <p>{STORY}</p>
    </div></div>
    <div style="display:none">preheader text</div></body></html>"""
    read = read_newsletter(page.encode(), name="weixin.html")
    assert "某省网信办对一家网络零售企业处以罚款五十万元。" in read.text
    assert STORY in read.text
    assert "preheader" not in read.text  # a short hidden part stays unread


def test_html_footer_navigation_and_related_posts_are_marked_not_dropped() -> None:
    page = f"""<html><body>
    <nav><a href="https://example.org/">Home</a> <a href="https://example.org/a">Archive</a></nav>
    <h2>Enforcement</h2><p>{STORY}</p>
    <p>Related reading</p>
    <p><a href="https://example.org/p/1">Earlier fines on retailers</a></p>
    <p><a href="https://example.org/p/2">What the data rules mean for shops</a></p>
    <div class="newsletter-disclaimer"><p>This note is general information.</p></div>
    <footer><p>Example Law LLP, 1 Road, Shanghai</p></footer>
    </body></html>"""
    read = read_newsletter(page.encode(), name="page.html")
    assert read.blocks is not None
    roles = {b.text: b.role for b in read.blocks}
    assert roles[STORY] is Role.BODY
    assert roles["Related reading"] is Role.RELATED
    assert roles["What the data rules mean for shops"] is Role.RELATED
    assert roles["This note is general information."] is Role.DISCLAIMER
    assert roles["Example Law LLP, 1 Road, Shanghai"] is Role.FOOTER
    assert roles["Home Archive"] is Role.NAVIGATION
    assert read.text == f"## Enforcement\n\n{STORY}\n"


def _email(html: str) -> bytes:
    message = EmailMessage()
    message["From"] = "Colleague <c@example.com>"
    message["To"] = "team@example.com"
    message["Subject"] = "FW: Data brief July"
    message["Date"] = "Mon, 11 Jul 2022 09:00:00 +0800"
    message.set_content("see the HTML part")
    message.add_alternative(html, subtype="html")
    return message.as_bytes()


def test_an_e_mail_banner_and_forward_header_are_boilerplate_blocks() -> None:
    html = f"""<html><body>
    <table><tr><td style="background:#fc0"><b>CAUTION:</b> This message came from an
    outside sender. Do not click links unless you trust the sender.</td></tr></table>
    <p>FYI - worth a look.</p>
    <p>From: Brief Desk &lt;desk@example.net&gt;<br>Sent: Monday, 11 July 2022 08:00<br>
    To: Colleague<br>Subject: Data brief July</p>
    <h2>Enforcement</h2><p>{STORY}</p>
    </body></html>"""
    read = read_newsletter(_email(html), name="fw.eml")
    assert read.blocks is not None
    roles = [(b.role, b.text[:20]) for b in read.blocks]
    assert roles[0][0] is Role.BANNER
    assert (Role.FORWARD_HEADER, "FYI - worth a look.") in roles
    assert any(r is Role.FORWARD_HEADER and t.startswith("From: Brief") for r, t in roles)
    assert read.text == f"## Enforcement\n\n{STORY}\n"


def test_word_markdown_and_feed_readers_hand_over_blocks() -> None:
    source = "# Update\n\n## Enforcement\n\n- First fine\n- Second fine\n\n" + STORY + "\n"
    docx = read_newsletter(docx_from_source(source, title="Update"), name="u.docx")
    assert docx.blocks is not None
    items = [b.text for b in docx.blocks if b.kind is BlockKind.LIST_ITEM]
    assert items == ["First fine", "Second fine"]
    assert render_markdown(docx.blocks) == docx.text
    markdown = read_newsletter(source.encode(), name="u.md")
    assert markdown.blocks is not None
    assert [b.kind for b in markdown.blocks] == [
        BlockKind.HEADING,
        BlockKind.HEADING,
        BlockKind.LIST_ITEM,
        BlockKind.LIST_ITEM,
        BlockKind.PARAGRAPH,
    ]
    assert render_markdown(markdown.blocks) == markdown.text
    text = read_newsletter(source.encode(), name="u.txt")
    assert text.blocks is None  # plain text goes through the lexer


def test_a_table_of_contents_is_marked_and_kept_out_of_the_text() -> None:
    page = f"""<html><body><h1>Data Brief</h1>
    <p><b>In this issue</b></p>
    <ul><li><a href="#a">Retailer fined over order records</a></li>
    <li><a href="#b">Court limits face scans at the gate</a></li></ul>
    <h2>Enforcement</h2>
    <h3 id="a">Retailer fined over order records</h3><p>{STORY}</p>
    <h2>Courts</h2>
    <h3 id="b">Court limits face scans at the gate</h3><p>A district court ruled.</p>
    </body></html>"""
    read = read_newsletter(page.encode(), name="brief.html")
    assert read.blocks is not None
    toc = [b.text for b in read.blocks if b.role is Role.TOC]
    assert toc == [
        "In this issue",
        "Retailer fined over order records",
        "Court limits face scans at the gate",
    ]
    assert read.text.count("Retailer fined over order records") == 1
    assert "In this issue" not in read.text


def test_a_plain_text_e_mail_loses_its_banner() -> None:
    message = EmailMessage()
    message["From"] = "Colleague <c@example.com>"
    message["Subject"] = "Data brief"
    body = (
        "[EXTERNAL] This email originated from outside of the organisation. Do not click "
        f"links or open attachments unless you know the content is safe.\n\nENFORCEMENT\n\n"
        f"{STORY}\n"
    )
    message.set_content(body)
    read = read_newsletter(message.as_bytes(), name="plain.eml")
    assert not read.is_markdown
    assert read.text == f"ENFORCEMENT\n\n{STORY}\n"


def test_a_wechat_articles_related_posts_and_page_chrome_are_not_news() -> None:
    page = f"""<html><body><div id="page-content">
    <h1 class="rich_media_title">数据合规周报</h1>
    <div id="meta_content"><span>某律所</span></div>
    <div class="rich_media_content" id="js_content" style="visibility: hidden;">
      <p><strong>一、执法动态</strong></p>
      <p>某省网信办对一家网络零售企业处以罚款五十万元，责令其删除违法收集的个人信息。</p>
      <p>{STORY}</p>
      <p><strong>往期推荐</strong></p>
      <p><a href="https://mp.weixin.qq.com/s/aaa">上月数据合规要闻回顾</a></p>
      <p><a href="https://mp.weixin.qq.com/s/bbb">个人信息出境标准合同解读</a></p>
    </div>
    <div id="js_pc_qr_code"><p>微信扫一扫关注该公众号</p></div>
    </div></body></html>"""
    read = read_newsletter(page.encode("utf-8"), name="weixin.html")
    assert read.blocks is not None
    roles = {b.text: b.role for b in read.blocks}
    assert roles["往期推荐"] is Role.RELATED
    assert roles["个人信息出境标准合同解读"] is Role.RELATED
    assert roles["微信扫一扫关注该公众号"] is Role.NAVIGATION
    assert read.text == (
        "**一、执法动态**\n\n"
        "某省网信办对一家网络零售企业处以罚款五十万元，责令其删除违法收集的个人信息。\n\n"
        f"{STORY}\n"
    )


def test_closing_links_to_many_sources_are_news_not_related_posts() -> None:
    page = f"""<html><body><h2>Enforcement</h2><p>{STORY}</p><h2>Other news</h2>
    <p><a href="https://www.cac.gov.cn/a">CAC issues app rules</a></p>
    <p><a href="https://www.npc.gov.cn/b">NPC adopts amended law</a></p></body></html>"""
    read = read_newsletter(page.encode(), name="page.html")
    assert "[NPC adopts amended law](https://www.npc.gov.cn/b)" in read.text
