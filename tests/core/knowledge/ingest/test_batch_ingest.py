"""``python -m bot ingest`` over a batch: each file on its own; one line per bad file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image

from bot.cli import main
from bot.core.knowledge.store import read_knowledge
from tests.conftest import FIXTURE_NUMBERED


def run(*argv: str) -> int:
    return main(["ingest", *argv])


def scan_pdf() -> bytes:
    image = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(image, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(image.getvalue()), x=10, y=10, w=150)
    return bytes(pdf.output())


def test_good_files_go_in_and_each_bad_file_gets_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = {
        "scan.pdf": scan_pdf(),
        "junk.txt": b"\x00\x01\x02" * 1000,
        "list.html": ("<html><body><ul>" + "<li>x</li>" * 100_000 + "</ul>").encode(),
        "old.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    big = tmp_path / "big.eml"
    with big.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    store = tmp_path / "developments.json"
    files = [str(tmp_path / name) for name in bad] + [str(big), str(FIXTURE_NUMBERED)]
    assert run(*files, "--store", str(store)) == 1
    out, err = capsys.readouterr()
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert errors == [
        f"error: {tmp_path}/scan.pdf: a PDF without a text layer (a scanned image): run OCR first",
        f"error: {tmp_path}/junk.txt: binary data, not text (NUL bytes): ingest the newsletter "
        "itself (HTML, e-mail, PDF, Word, Markdown, feed or plain text)",
        f"error: {tmp_path}/list.html: an HTML page with more than 20,000 paragraphs, items and "
        "headings (not a newsletter, or several joined together): split it into separate "
        "newsletters",
        f"error: {tmp_path}/old.doc: an old Word/Office file (.doc): save it as .docx or PDF first",
        f"error: {big}: a file of 200 MB (the limit is 20 MB): ingest the newsletter itself, not "
        "an archive or a scan; split it if it is several",
    ]
    assert "5 file(s) were left out (see above); the others went in." in err
    assert f"{FIXTURE_NUMBERED.name}: " in out
    assert len(read_knowledge(store).developments) == 16  # the numbered fixture's 16 items


def test_a_batch_of_only_bad_files_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scan_pdf())
    store = tmp_path / "developments.json"
    assert run(str(scan), "--store", str(store)) == 1
    assert "Nothing was written" in capsys.readouterr().err
    assert not store.exists()


def test_a_newsletter_keeps_its_own_title(tmp_path: Path) -> None:
    page = tmp_path / "issue.html"
    page.write_text(
        "<html><head><title>China Data Monthly - August 2022</title></head><body>"
        "<h2>Enforcement</h2><ul><li><strong>Shanghai regulator fines Zhongke Travel Co., Ltd."
        "</strong> On 9 August 2022 the Shanghai Administration for Market Regulation fined "
        "Zhongke Travel Co., Ltd. RMB 300,000 for marketing messages sent without consent.</li>"
        "</ul></body></html>",
        encoding="utf-8",
    )
    store = tmp_path / "developments.json"
    assert run(str(page), "--store", str(store)) == 0
    [newsletter] = read_knowledge(store).newsletters
    assert newsletter.title == "China Data Monthly - August 2022"


def test_a_court_case_filed_under_enforcement_is_a_court_case(tmp_path: Path) -> None:
    page = tmp_path / "issue.md"
    page.write_text(
        "# Privacy Monthly - August 2022\n\n## Enforcement\n\n"
        "- **Court orders hotel chain to compensate a guest** On 18 August 2022 the Hangzhou "
        "Internet Court ordered Lanting Hotels Co., Ltd. to pay RMB 8,000 to compensate a guest "
        "whose identity card details leaked.\n"
        "- **Regulator fines travel agency** On 9 August 2022 the Shanghai Administration for "
        "Market Regulation fined Zhongke Travel Co., Ltd. RMB 300,000 for unsolicited "
        "marketing.\n",
        encoding="utf-8",
    )
    store = tmp_path / "developments.json"
    assert run(str(page), "--store", str(store)) == 0
    categories = {d.title: d.category.value for d in read_knowledge(store).developments}
    assert categories == {
        "Court orders hotel chain to compensate a guest": "court",
        "Regulator fines travel agency": "enforcement",
    }
