"""Hostile files built for real: a Word "element bomb" and a PDF page of a million words and
thousands of links (issue 20, items 4 and 5). Used by the tests and ``bench.reader_bombs``."""

from __future__ import annotations

import zipfile
from pathlib import Path

from fpdf import FPDF

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


def word_soup_pdf(path: Path, words: int, links: int) -> Path:
    """One page: ``words`` tiny words drawn with raw text operators (fpdf2 would take minutes
    to lay out a million) and ``links`` link annotations."""
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
