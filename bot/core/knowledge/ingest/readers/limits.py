"""The limits every reader enforces: they live in ``bot.core.limits`` (the one place for the
bot's size limits, which docs/ingest.md repeats) and are named here for the readers."""

from __future__ import annotations

from bot.core.limits import (
    FETCH_TIMEOUT_SECONDS,
    MAX_BLOCKS,
    MAX_EMAIL_DEPTH,
    MAX_EMAIL_PARTS,
    MAX_FILE_BYTES,
    MAX_HTML_DEPTH,
    MAX_HTML_ELEMENTS,
    MAX_PDF_CHARS,
    MAX_PDF_LINKS_PER_CELL,
    MAX_PDF_PAGE_CHARS,
    MAX_PDF_PAGES,
    MAX_UNZIPPED_BYTES,
    MAX_WORD_PIECES,
    MAX_XML_ELEMENTS,
    MAX_XML_TEXT_CHARS,
    MAX_ZIP_ENTRIES,
    megabytes,
)

__all__ = [
    "FETCH_TIMEOUT_SECONDS",
    "MAX_BLOCKS",
    "MAX_EMAIL_DEPTH",
    "MAX_EMAIL_PARTS",
    "MAX_FILE_BYTES",
    "MAX_HTML_DEPTH",
    "MAX_HTML_ELEMENTS",
    "MAX_PDF_CHARS",
    "MAX_PDF_LINKS_PER_CELL",
    "MAX_PDF_PAGE_CHARS",
    "MAX_PDF_PAGES",
    "MAX_UNZIPPED_BYTES",
    "MAX_WORD_PIECES",
    "MAX_XML_ELEMENTS",
    "MAX_XML_TEXT_CHARS",
    "MAX_ZIP_ENTRIES",
    "megabytes",
]
