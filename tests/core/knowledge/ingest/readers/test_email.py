"""E-mails built with the standard library -> the newsletter inside them."""

from __future__ import annotations

import base64
import datetime as dt
import quopri
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest

from bench.newsletters.formats import pdf_from_source
from bot.core.knowledge.ingest.readers import ReadError, SourceFormat, read_newsletter
from bot.core.knowledge.ingest.readers.limits import MAX_EMAIL_PARTS

FORWARD_TEXT = """FYI, see below.

Mei

---------- Forwarded message ---------
From: Meridian Legal <briefs@meridian.example>
Date: Fri, 29 Jul 2022 at 08:15
Subject: Asia Privacy Brief
To: <mei@client.example>


ENFORCEMENT

Didi fined. On 21 July 2022 the CAC fined Didi Global Inc. RMB 8.026 billion.

--\x20
Li Mei | Legal Counsel
"""

FORWARD_HTML = """<div>FYI, see below.<br>Mei<br>
<div class="gmail_quote"><div class="gmail_attr">---------- Forwarded message ---------<br>
From: <strong>Meridian Legal</strong> &lt;briefs@meridian.example&gt;<br>Date: Fri, 29 Jul 2022
<br>Subject: Asia Privacy Brief<br>To: &lt;mei@client.example&gt;<br></div><br>
<h3>Enforcement</h3>
<ul><li><strong>Didi fined.</strong> On 21 July 2022 the CAC fined Didi Global Inc. RMB 8.026
billion.</li></ul>
<p><a href="https://meridian.example/unsubscribe">Unsubscribe</a></p></div>
<br>-- <br><div>Li Mei | Legal Counsel</div></div>"""


def forwarded(text_cte: str = "quoted-printable", html_cte: str = "base64") -> bytes:
    message = EmailMessage()
    message["From"] = "Li Mei <mei@client.example>"
    message["To"] = "team@client.example"
    message["Subject"] = "Fwd: Asia Privacy Brief"
    message["Date"] = "Fri, 29 Jul 2022 10:02:00 +0800"
    message.set_content(FORWARD_TEXT, subtype="plain", cte=text_cte)
    message.add_alternative(FORWARD_HTML, subtype="html", cte=html_cte)
    return message.as_bytes()


def test_forwarded_alternative_prefers_the_structured_html_part() -> None:
    read = read_newsletter(forwarded(), name="fwd.eml")
    assert read.source_format is SourceFormat.EMAIL
    assert read.is_markdown
    assert read.title == "Asia Privacy Brief"
    assert read.issue_date == dt.date(2022, 7, 29)
    assert read.text == (
        "### Enforcement\n\n"
        "- **Didi fined.** On 21 July 2022 the CAC fined Didi Global Inc. RMB 8.026 billion.\n"
    )


def test_a_text_only_forward_loses_the_note_headers_and_signature() -> None:
    message = EmailMessage()
    message["Subject"] = "FW: Asia Privacy Brief"
    message["From"] = "mei@client.example"
    message.set_content(FORWARD_TEXT, cte="quoted-printable")
    read = read_newsletter(message.as_bytes(), name="fwd")  # no extension: told by content
    assert read.source_format is SourceFormat.EMAIL
    assert not read.is_markdown
    assert read.text == (
        "ENFORCEMENT\n\n"
        "Didi fined. On 21 July 2022 the CAC fined Didi Global Inc. RMB 8.026 billion.\n"
    )


def test_an_outlook_forward_without_a_marker_line() -> None:
    html = (
        "<p>Team, see the brief below.</p><div style='border-top:solid 1pt'>"
        "<p><b>From:</b> Meridian Legal &lt;briefs@meridian.example&gt;<br><b>Sent:</b> Friday,"
        " 29 July 2022 08:15<br><b>To:</b> Li Mei<br><b>Subject:</b> Asia Privacy Brief</p></div>"
        "<h3>Enforcement</h3><p><b>Didi fined.</b> On 21 July 2022 the CAC fined Didi.</p>"
    )
    message = EmailMessage()
    message["Subject"] = "FW: Asia Privacy Brief"
    message.set_content(html, subtype="html")
    read = read_newsletter(message.as_bytes(), name="fw.eml")
    assert read.text == "### Enforcement\n\n**Didi fined.** On 21 July 2022 the CAC fined Didi.\n"


def test_a_newsletter_forwarded_as_an_attached_message() -> None:
    inner = EmailMessage()
    inner["Subject"] = "Asia Privacy Brief"
    inner["Date"] = "Fri, 29 Jul 2022 08:15:00 +0800"
    inner.set_content("<h3>Enforcement</h3><ul><li>Didi fined RMB 8.026 billion.</li></ul>", "html")
    outer = EmailMessage()
    outer["Subject"] = "Fwd: Asia Privacy Brief"
    outer.set_content("See attached.\n")
    outer.add_attachment(inner)
    read = read_newsletter(outer.as_bytes(), name="outer.eml")
    assert read.text == "### Enforcement\n\n- Didi fined RMB 8.026 billion.\n"
    assert read.issue_date == dt.date(2022, 7, 29)


@pytest.mark.parametrize("charset", ["gb2312", "gbk", "big5", "utf-8"])
@pytest.mark.parametrize("transfer", ["base64", "quoted-printable"])
def test_chinese_charsets_in_base64_and_quoted_printable(charset: str, transfer: str) -> None:
    body = (
        "【执法案例】\n\n罚款五十万元。\n"
        if charset != "big5"
        else "【執法案例】\n\n罰款五十萬元。\n"
    )
    encode = base64.encodebytes if transfer == "base64" else quopri.encodestring
    raw = (
        "Subject: =?utf-8?b?5b+r6K6v?=\nFrom: a@b.example\nMIME-Version: 1.0\n"
        f"Content-Type: text/plain; charset={charset}\nContent-Transfer-Encoding: {transfer}\n\n"
    ).encode() + encode(body.encode(charset))
    read = read_newsletter(raw, name="cn.eml")
    assert read.title == "快讯"
    assert read.text == body


def test_a_newsletter_attached_as_pdf_is_read() -> None:
    memo = "## 2. ENFORCEMENT\n\n2.1 **Lianxin fined.** On 16 June 2022 RMB 500,000.\n"
    message = EmailMessage()
    message["Subject"] = "June memo"
    message["From"] = "a@b.example"
    message.set_content("Please find our June memo attached.\n")
    message.add_attachment(
        pdf_from_source(memo, header="", footer="", title="memo"),
        maintype="application",
        subtype="pdf",
        filename="memo.pdf",
    )
    read = read_newsletter(message.as_bytes(), name="memo.eml")
    assert (
        read.text == "# 2. ENFORCEMENT\n\n  2.1 **Lianxin fined.** On 16 June 2022 RMB 500,000.\n"
    )
    assert read.warnings == ("memo.eml: read the attached newsletter memo.pdf",)


def test_a_gbk_text_newsletter_attached_is_read() -> None:
    bulletin = "【执法案例】\n\n一、某公司被罚款五十万元\n2022年6月16日，处以罚款五十万元。\n"
    message = EmailMessage()
    message["Subject"] = "快讯"
    message.set_content("见附件。\n")
    message.add_attachment(
        bulletin.encode("gbk"), maintype="text", subtype="plain", filename="bulletin.txt"
    )
    read = read_newsletter(message.as_bytes(), name="cn.eml")
    assert read.text == bulletin
    assert not read.is_markdown


def test_a_zip_bomb_attached_to_an_email_is_refused(zip_bomb: bytes) -> None:
    message = EmailMessage()
    message["Subject"] = "Update"
    message.set_content("See attached.\n")
    message.add_attachment(
        zip_bomb,
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="update.docx",
    )
    with pytest.raises(ReadError) as caught:
        read_newsletter(message.as_bytes(), name="bomb.eml")
    assert str(caught.value).startswith(
        "bomb.eml (attachment update.docx): a Word file that unpacks to 150 MB in 2 parts "
        "(a zip bomb"
    )


def test_an_email_of_too_many_parts_is_refused() -> None:
    message = MIMEMultipart()
    message["Subject"] = "parts"
    message["From"] = "a@b.example"
    for n in range(MAX_EMAIL_PARTS + 5):
        message.attach(MIMEText(f"part {n}"))
    with pytest.raises(ReadError, match=f"more than {MAX_EMAIL_PARTS} parts"):
        read_newsletter(message.as_bytes(), name="parts.eml")


def test_an_email_with_nothing_readable_is_refused() -> None:
    message = EmailMessage()
    message["Subject"] = "empty"
    message["From"] = "a@b.example"
    message.add_attachment(b"\x00\x01", maintype="application", subtype="octet-stream")
    with pytest.raises(ReadError, match=r"^empty.eml: an e-mail with no readable newsletter"):
        read_newsletter(message.as_bytes(), name="empty.eml")


def test_an_items_date_line_is_no_forwarded_header() -> None:
    html = (
        "<h1>Northgate Data Update</h1><h2>Enforcement</h2>"
        "<p><b>Two schools fined over student photos</b><br>"
        "Date: 12 June 2024 | Regulator: Shaanxi Provincial Department of Education</p>"
        "<p>Xi'an Greenfield Education Co., Ltd. was fined RMB 25,000.</p>"
    )
    message = EmailMessage()
    message["Subject"] = "Northgate Data Update"
    message.set_content(html, subtype="html")
    read = read_newsletter(message.as_bytes(), name="update.eml")
    assert "Two schools fined over student photos" in read.text
    assert "Date: 12 June 2024 | Regulator:" in read.text
    assert "## Enforcement" in read.text
