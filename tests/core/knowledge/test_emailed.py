"""A newsletter e-mailed into Slack becomes an .eml read by the e-mail reader."""

from __future__ import annotations

from bot.core.knowledge.emailed import emailed_newsletter, is_email_file
from bot.core.knowledge.ingest.readers import read_newsletter

HTML = (
    b"<html><body><h2>Enforcement</h2><p><b>Suzhou regulator fines a retailer</b></p>"
    b"<p>On 3 June 2022 the Suzhou market regulator fined a retailer RMB 50,000 for "
    b"collecting shoppers' faces without consent.</p></body></html>"
)
INFO = {
    "id": "F0EMAIL1",
    "filetype": "email",
    "mode": "email",
    "subject": "Fwd: China Data Brief — June 2022",
    "from": [{"address": "briefs@lexwell.example", "name": "Lexwell Briefs"}],
    "headers": {"date": "Fri, 17 Jun 2022 08:00:00 +0000", "message_id": "<abc@lexwell>"},
    "plain_text": "Enforcement\nSuzhou regulator fines a retailer",
}


def test_a_slack_email_file_is_recognised() -> None:
    assert is_email_file(INFO)
    assert not is_email_file({"filetype": "pdf"})


def test_the_email_is_read_as_an_eml_with_its_html_part() -> None:
    emailed = emailed_newsletter(INFO, HTML)
    assert emailed.file_name.endswith(".eml")
    assert emailed.publisher == "Lexwell Briefs"
    assert emailed.keys == ("msgid:<abc@lexwell>", "file:F0EMAIL1")
    read = read_newsletter(emailed.eml, name=emailed.file_name)
    assert "Suzhou market regulator fined a retailer RMB 50,000" in read.text
    assert "China Data Brief" in (read.title or "")


def test_without_a_body_the_plain_text_is_used_and_without_an_id_only_the_file_counts() -> None:
    info = {**INFO, "headers": {}}
    emailed = emailed_newsletter(info, None)
    assert emailed.keys == ("file:F0EMAIL1",)
    assert "Suzhou regulator fines a retailer" in read_newsletter(emailed.eml, name="x.eml").text
