"""PDF -> typed blocks from the text layer (PDFium, through pypdfium2).

Each page is read by ``pdf_page`` (words, with size, weight and link; drawn frames and
rules), laid out by ``pdf_layout`` (columns in reading order, boxes and sidebars apart,
running headers and footers dropped, the masthead marked) and turned into blocks by
``pdf_blocks`` (headings by size, numbered and bulleted items, paragraphs). A PDF with no text
layer (a scan) is refused; pages and characters are bounded, the characters counted before
a page's words are measured.
"""

from __future__ import annotations

import hashlib

import pypdfium2 as pdfium

from bot.core.knowledge.ingest.blocks import render_markdown
from bot.core.knowledge.ingest.readers.document import ReadError, ReadResult, SourceFormat
from bot.core.knowledge.ingest.readers.limits import (
    MAX_BLOCKS,
    MAX_PDF_CHARS,
    MAX_PDF_PAGE_CHARS,
    MAX_PDF_PAGES,
)
from bot.core.knowledge.ingest.readers.pdf_blocks import title, to_blocks
from bot.core.knowledge.ingest.readers.pdf_layout import (
    Line,
    mark_masthead,
    page_lines,
    without_running_lines,
)
from bot.core.knowledge.ingest.readers.pdf_page import (
    Page,
    char_count,
    estimated_chars,
    read_page,
)
from bot.core.knowledge.ingest.readers.roles import mark_toc


def read_pdf(data: bytes, file_name: str, sha256: str | None = None) -> ReadResult:
    pages = read_pages(data, file_name)
    lines = without_running_lines([page_lines(page) for page in pages])
    mark_masthead(lines, pages[0].rules if pages else [])
    blocks = tuple(mark_toc(to_blocks(lines)))
    if len(blocks) > MAX_BLOCKS:
        raise ReadError(
            file_name,
            f"a PDF with more than {MAX_BLOCKS:,} paragraphs, items and headings "
            "(not a newsletter, or several joined together)",
            "split it into separate newsletters",
        )
    return ReadResult(
        text=render_markdown(blocks),
        source_format=SourceFormat.PDF,
        file_name=file_name,
        sha256=sha256 or hashlib.sha256(data).hexdigest(),
        title=title(lines),
        blocks=blocks,
    )


def read_pages(data: bytes, file_name: str) -> list[Page]:
    """Every page's words and shapes; refused past the page or character limit."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError(
                file_name,
                "a password-protected PDF",
                "save an unprotected copy and ingest that",
            ) from exc
        raise ReadError(
            file_name,
            f"a damaged PDF ({exc})",
            "save it again from the original (Print to PDF) and retry",
        ) from exc
    try:
        if len(document) > MAX_PDF_PAGES:
            raise ReadError(
                file_name,
                f"a PDF of {len(document):,} pages (the limit is {MAX_PDF_PAGES})",
                "split it into separate newsletters",
            )
        pages: list[Page] = []
        characters = 0
        for number in range(len(document)):
            page = document[number]
            if estimated_chars(page, MAX_PDF_CHARS) > MAX_PDF_CHARS:
                raise ReadError(
                    file_name,
                    f"a PDF whose page {number + 1} is laid out for more than "
                    f"{MAX_PDF_CHARS:,} characters of text (the limit)",
                    "split it into separate newsletters",
                )
            text_page, count = char_count(page)
            characters += count
            if characters > MAX_PDF_CHARS or count > MAX_PDF_PAGE_CHARS:
                text_page.close()  # before a single word of the page is measured
                raise ReadError(
                    file_name,
                    f"a PDF with more than {MAX_PDF_CHARS:,} characters of text (the limit)"
                    if characters > MAX_PDF_CHARS
                    else f"a PDF whose page {number + 1} holds {count:,} characters of text "
                    f"(the limit is {MAX_PDF_PAGE_CHARS:,} a page)",
                    "split it into separate newsletters",
                )
            try:
                pages.append(read_page(document, page, text_page, count, number))
            finally:
                text_page.close()
    finally:
        document.close()
    if sum(len(w.text) for page in pages for w in page.words) < 20:
        if any(page.has_images for page in pages):
            raise ReadError(
                file_name, "a PDF without a text layer (a scanned image)", "run OCR first"
            )
        raise ReadError(file_name, "a PDF with no text in it", "check that it is the right file")
    return pages


def pdf_lines(data: bytes, file_name: str) -> list[Line]:
    """The lines of a PDF in reading order (running lines dropped): for tests and tools."""
    pages = read_pages(data, file_name)
    return without_running_lines([page_lines(page) for page in pages])
