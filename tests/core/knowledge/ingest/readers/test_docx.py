"""Word files built with python-docx -> canonical text; zip bombs refused before unpacking."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from bench.newsletters.formats import docx_from_source
from bot.core.knowledge.ingest.readers import ReadError, SourceFormat, read_newsletter

SOURCE = """# China Data Law Update

Dear clients, the news of July 2022.

## Enforcement actions

**CAC fines Didi**

On 21 July 2022 the CAC fined Didi Global Inc. RMB 8.026 billion. [Notice](https://cac.example/didi)

- first **point**
  - a nested point
- second point
"""


def test_heading_styles_lists_bold_and_hyperlinks() -> None:
    read = read_newsletter(docx_from_source(SOURCE, title="Update"), name="update.docx")
    assert read.source_format is SourceFormat.DOCX
    assert read.title == "Update"
    assert read.text == (
        "# China Data Law Update\n\n"
        "Dear clients, the news of July 2022.\n\n"
        "## Enforcement actions\n\n"
        "**CAC fines Didi**\n\n"
        "On 21 July 2022 the CAC fined Didi Global Inc. RMB 8.026 billion. "
        "[Notice](https://cac.example/didi)\n\n"
        "- first **point**\n"
        "  - a nested point\n"
        "- second point\n"
    )


def test_word_numbering_and_tables() -> None:
    document = docx.Document()
    document.add_heading("Memo", level=1)
    document.add_paragraph("Legislation", style="List Number")
    document.add_paragraph("Enforcement", style="List Number")
    table = document.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "Law", (0, 1): "Date", (1, 0): "PIPL", (1, 1): "2021"}.items():
        table.cell(row, col).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    read = read_newsletter(buffer.getvalue(), name="memo.docx")
    assert (
        read.text == "# Memo\n\n1. Legislation\n2. Enforcement\n\n| Law | Date |\n| PIPL | 2021 |\n"
    )


def test_a_zip_bomb_named_docx_is_refused_before_unpacking(zip_bomb: bytes) -> None:
    assert len(zip_bomb) < 1024 * 1024  # small on disk
    with pytest.raises(ReadError) as caught:
        read_newsletter(zip_bomb, name="bomb.docx")
    assert str(caught.value).startswith(
        "bomb.docx: a Word file that unpacks to 150 MB in 2 parts (a zip bomb; the limit is "
        "100 MB): do not ingest it"
    )


def test_a_broken_word_file_is_refused_in_one_line() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<not really word")
    with pytest.raises(ReadError) as caught:
        read_newsletter(buffer.getvalue(), name="broken.docx")
    assert str(caught.value).startswith("broken.docx: a damaged Word file")


def test_custom_heading_and_bold_styles() -> None:
    document = docx.Document()
    section = document.styles.add_style("Section Title", WD_STYLE_TYPE.PARAGRAPH)
    section.element.get_or_add_pPr().append(_outline_level(0))
    headline = document.styles.add_style("Headline", WD_STYLE_TYPE.PARAGRAPH)
    headline.font.bold = True
    document.add_paragraph("Enforcement", style="Section Title")
    document.add_paragraph("Lianxin fined", style="Headline")
    body = document.add_paragraph("On 16 June 2022, ")
    body.add_run("RMB 500,000", style="Strong")
    body.add_run(".")
    buffer = io.BytesIO()
    document.save(buffer)
    read = read_newsletter(buffer.getvalue(), name="custom.docx")
    assert read.text == "# Enforcement\n\n**Lianxin fined**\n\nOn 16 June 2022, **RMB 500,000**.\n"


def _outline_level(level: int) -> object:
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    return element
