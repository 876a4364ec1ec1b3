"""Build the benchmark newsletters that are not written by hand, from ``sources/``:

- ``02_forwarded_asia_privacy_brief.eml``: a forwarded e-mail, multipart/alternative (text
  part quoted-printable, HTML part base64);
- ``04_client_memo_june2022.pdf``: a multi-page memo with a running header and page numbers;
- ``05_data_law_update_july2022.docx``: Word, heading styles, bullets, hyperlinks;
- ``07_cn_bulletin_gbk.txt``: a Chinese plain-text bulletin, GBK-encoded.

Reproducible: the same sources give the same bytes. ``python -m bench.newsletters.build``
"""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from bench.newsletters.formats import docx_from_source, pdf_from_source

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
FILES = HERE / "files"


def forwarded_email() -> bytes:
    message = EmailMessage()
    message["From"] = "Li Mei <mei.li@client.example>"
    message["To"] = "privacy-team@client.example"
    message["Subject"] = "Fwd: Asia Privacy Brief – July 2022"
    message["Date"] = "Fri, 29 Jul 2022 10:02:00 +0800"
    message["Message-ID"] = "<bench-02-forwarded@client.example>"
    text = (SOURCES / "02_forwarded.txt").read_text(encoding="utf-8")
    html = (SOURCES / "02_forwarded.html").read_text(encoding="utf-8")
    message.set_content(text, subtype="plain", cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="base64")
    message.set_boundary("==bench-02-alternative==")
    return message.as_bytes(policy=SMTP)


def memo_pdf() -> bytes:
    return pdf_from_source(
        (SOURCES / "04_client_memo.md").read_text(encoding="utf-8"),
        header="Westbrook & Ito - Privileged & Confidential - Client Memorandum",
        footer="China Data Protection Memo, June 2022",
        title="China Data Protection: Developments in June 2022",
    )


def update_docx() -> bytes:
    return docx_from_source(
        (SOURCES / "05_data_law_update.md").read_text(encoding="utf-8"),
        title="China Data Law Update – July 2022",
    )


def chinese_gbk() -> bytes:
    return (SOURCES / "07_cn_bulletin.txt").read_text(encoding="utf-8").encode("gbk")


BUILT = {
    "02_forwarded_asia_privacy_brief.eml": forwarded_email,
    "04_client_memo_june2022.pdf": memo_pdf,
    "05_data_law_update_july2022.docx": update_docx,
    "07_cn_bulletin_gbk.txt": chinese_gbk,
}


def main() -> None:
    FILES.mkdir(exist_ok=True)
    for name, build in BUILT.items():
        (FILES / name).write_bytes(build())
        print(f"built {FILES / name}")


if __name__ == "__main__":
    main()
