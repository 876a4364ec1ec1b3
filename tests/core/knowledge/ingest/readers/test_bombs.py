"""Files built to exhaust a reader are refused while they are read, with the limit named:
a Word "element bomb" (millions of empty paragraphs, small zipped) and a PDF page of a
million words. Timing figures are printed by ``python -m bench.reader_bombs``, not asserted."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from bot.core.knowledge.ingest.readers import ReadError, read_newsletter
from bot.core.knowledge.ingest.readers.limits import MAX_PDF_CHARS, MAX_WORD_PIECES

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def element_bomb(path: Path, paragraphs: int) -> Path:
    """A .docx whose body is ``paragraphs`` empty ``<w:p/>``: tiny zipped, huge parsed."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Override PartName="/word/document.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main'
            '+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            entry.write(f'<?xml version="1.0"?><w:document xmlns:w="{_W}"><w:body>'.encode())
            chunk = b"<w:p/>" * 100_000
            for _ in range(paragraphs // 100_000):
                entry.write(chunk)
            entry.write(b"<w:p/>" * (paragraphs % 100_000))
            entry.write(b"</w:body></w:document>")
    return path


@pytest.mark.slow
def test_a_word_element_bomb_is_refused_naming_the_limit(tmp_path: Path) -> None:
    bomb = element_bomb(tmp_path / "bomb.docx", 15_000_000)
    assert bomb.stat().st_size < 400_000  # ~90 MB unpacked, under the unpacked-size limit
    with pytest.raises(ReadError) as caught:
        read_newsletter(bomb, name="bomb.docx")
    message = str(caught.value)
    assert message.startswith("bomb.docx: a Word file with more than")
    assert f"{MAX_WORD_PIECES:,} paragraphs, runs and cells (the limit" in message


def test_a_word_file_under_the_element_limit_is_still_read(tmp_path: Path) -> None:
    small = element_bomb(tmp_path / "empty.docx", 20_000)
    assert read_newsletter(small, name="empty.docx").text == ""  # read, not refused


def word_soup_pdf(path: Path, words: int, links: int) -> Path:
    """One page: ``words`` tiny words drawn with raw text operators (fpdf2 would take minutes
    to lay out a million) and ``links`` link annotations."""
    from fpdf import FPDF

    pdf = FPDF(format=(2000, 2000), unit="pt")
    pdf.add_page()
    pdf.set_font("Helvetica", size=2)
    per_line = 400
    rows = []
    for n in range(0, words, per_line):
        y = 1990 - (n // per_line) * 2 % 1980
        rows.append(f"BT 1 0 0 1 5 {y} Tm (" + "ab " * min(per_line, words - n) + ") Tj ET")
    pdf._out("/F1 2 Tf")  # noqa: SLF001 - the test writes raw content for speed
    for row in rows:
        pdf._out(row)  # noqa: SLF001
    for n in range(links):
        x, y = (n * 37) % 1900, (n * 53) % 1900
        pdf.link(x, y, 60, 10, f"https://example.org/{n}")
    pdf.output(str(path))
    return path


@pytest.mark.slow
def test_a_pdf_page_of_a_million_words_is_refused_naming_the_limit(tmp_path: Path) -> None:
    soup = word_soup_pdf(tmp_path / "soup.pdf", 1_000_000, 4_000)
    with pytest.raises(ReadError) as caught:
        read_newsletter(soup, name="soup.pdf")
    assert f"more than {MAX_PDF_CHARS:,} characters of text" in str(caught.value)


@pytest.mark.slow
def test_a_page_of_many_words_and_links_is_read_with_its_links(tmp_path: Path) -> None:
    soup = word_soup_pdf(tmp_path / "links.pdf", 40_000, 4_000)
    read = read_newsletter(soup, name="links.pdf")
    assert read.text.count("ab") >= 39_000
    assert "](https://example.org/" in read.text
