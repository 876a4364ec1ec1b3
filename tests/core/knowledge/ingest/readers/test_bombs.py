"""Files built to exhaust a reader are refused while they are read, with the limit named:
a Word "element bomb" (millions of empty paragraphs, small zipped) and a PDF page of a
million words. Timing figures are printed by ``python -m bench.reader_bombs``, not asserted."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.newsletters.hostile import element_bomb, word_soup_pdf
from bot.core.knowledge.ingest.readers import ReadError, read_newsletter
from bot.core.knowledge.ingest.readers.limits import (
    MAX_PDF_CHARS,
    MAX_PDF_PAGE_CHARS,
    MAX_WORD_PIECES,
)


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


@pytest.mark.slow
def test_a_pdf_page_of_a_million_words_is_refused_naming_the_limit(tmp_path: Path) -> None:
    soup = word_soup_pdf(tmp_path / "soup.pdf", 1_000_000, 4_000)
    with pytest.raises(ReadError) as caught:
        read_newsletter(soup, name="soup.pdf")
    assert f"more than {MAX_PDF_CHARS:,} characters of text (the limit)" in str(caught.value)


@pytest.mark.slow
def test_a_page_of_many_words_and_links_is_read_with_its_links(tmp_path: Path) -> None:
    soup = word_soup_pdf(tmp_path / "links.pdf", 40_000, 4_000)
    read = read_newsletter(soup, name="links.pdf")
    assert read.text.count("ab") >= 39_000
    assert "](https://example.org/" in read.text


@pytest.mark.slow
def test_a_page_over_the_page_limit_is_refused_with_its_count(tmp_path: Path) -> None:
    dense = word_soup_pdf(tmp_path / "dense.pdf", 80_000, 0)
    with pytest.raises(ReadError) as caught:
        read_newsletter(dense, name="dense.pdf")
    assert f"(the limit is {MAX_PDF_PAGE_CHARS:,} a page)" in str(caught.value)
