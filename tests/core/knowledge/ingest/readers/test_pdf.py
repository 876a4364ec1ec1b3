"""PDFs built with fpdf2 -> canonical text: headings by size, nested numbering, running
headers, footers and page numbers dropped; scans and damaged files refused."""

from __future__ import annotations

import io

import pytest
from fpdf import FPDF
from PIL import Image

from bench.newsletters.formats import pdf_from_source
from bot.core.knowledge.ingest.readers import ReadError, SourceFormat, read_newsletter
from bot.core.knowledge.ingest.readers.pdf import pdf_lines

ITEM = (
    "{n} **Regulator fines operator {n}.** On 16 June 2022 the Shenzhen Municipal "
    "Communications Administration fined Shenzhen Example {n} Co., Ltd. RMB 500,000 for "
    "collecting personal information beyond the needs of its service, and ordered it to "
    "correct its app within fifteen days and to report back."
)


def memo(sections: int = 3, items: int = 6) -> str:
    lines = ["# Client Memo, June 2022", "", "An introduction paragraph.", ""]
    for s in range(1, sections + 1):
        lines += [f"## {s}. SECTION {s}", ""]
        lines += [ITEM.format(n=f"{s}.{i}") + "\n" for i in range(1, items + 1)]
    lines += ["See [the notice](https://cac.example/notice) for details.", ""]
    return "\n".join(lines)


def test_multi_page_memo_keeps_structure_and_drops_running_lines() -> None:
    data = pdf_from_source(memo(), header="Privileged & Confidential", footer="Memo", title="M")
    read = read_newsletter(data, name="memo.pdf")
    assert read.source_format is SourceFormat.PDF
    text = read.text
    assert text.startswith(
        "# Client Memo, June 2022\n\nAn introduction paragraph.\n\n## 1. SECTION 1\n\n"
    )
    for s in range(1, 4):
        assert f"\n## {s}. SECTION {s}\n" in text
        for i in range(1, 7):
            assert "\n  " + ITEM.format(n=f"{s}.{i}") + "\n" in text
    assert "See [the notice](https://cac.example/notice) for details." in text
    assert "Privileged" not in text and "Page " not in text and "Memo" not in text.split("\n", 1)[1]


def test_numbered_lines_nest_by_their_number() -> None:
    source = (
        "## Actions\n\n1. Review apps.\n\n1.1 Check permissions.\n\n1.1.1 Camera.\n\n"
        "2. Map transfers.\n"
    )
    # One page: no running header to tell by repetition, but "Page 1 of 1" is dropped.
    data = pdf_from_source(source, header="", footer="Memo", title="t")
    read = read_newsletter(data, name="a.pdf")
    assert read.text == (
        "# Actions\n\n1. Review apps.\n  1.1 Check permissions.\n    1.1.1 Camera.\n"
        "2. Map transfers.\n"
    )


def test_a_scanned_pdf_is_refused_with_its_reason() -> None:
    image = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(image, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(image.getvalue()), x=10, y=10, w=180)
    with pytest.raises(ReadError) as caught:
        read_newsletter(bytes(pdf.output()), name="scan.pdf")
    assert (
        str(caught.value) == "scan.pdf: a PDF without a text layer (a scanned image): run OCR first"
    )


def test_a_damaged_pdf_is_refused_in_one_line() -> None:
    with pytest.raises(ReadError) as caught:
        read_newsletter(b"%PDF-1.7\n1 0 obj garbage", name="broken.pdf")
    assert str(caught.value).startswith("broken.pdf: a damaged PDF (")
    assert "\n" not in str(caught.value)


def wrapped_item(label: str, filler_words: int) -> str:
    filler = " ".join(["ab"] * filler_words)
    return (
        f"{label} The regulator fined the company {filler} RMB 1.5 million, and also ordered it "
        f"to stop {filler} - at once - {filler} - the sharing."
    )


def test_a_wrapped_line_starting_with_a_number_or_dash_stays_in_its_item() -> None:
    # Filler lengths chosen so that a line wraps before "1.5 million" (22) and before a
    # dash (4) in this layout.
    source = f"## 1. ENFORCEMENT\n\n{wrapped_item('1.1', 22)}\n\n{wrapped_item('1.2', 4)}\n"
    data = pdf_from_source(source, header="", footer="", title="t")
    starts = [line.text[:3] for line in pdf_lines(data, "w.pdf")]
    assert "1.5" in starts and "-  " not in starts and any(s.startswith("- ") for s in starts)
    text = read_newsletter(data, name="w.pdf").text
    assert text == (
        f"# 1. ENFORCEMENT\n\n  {wrapped_item('1.1', 22)}\n  {wrapped_item('1.2', 4)}\n"
    )
