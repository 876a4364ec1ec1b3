"""The limits every reader enforces, stated once (docs/ingest.md repeats them).

A file over a limit is refused with the limit named; nothing is read past it, so time and
memory stay bounded whatever arrives (binary junk, a zip bomb inside an e-mail, a page with
100,000 list items).
"""

from __future__ import annotations

MAX_FILE_BYTES = 20 * 1024 * 1024
"""A newsletter file (or a feed fetched from a URL) larger than 20 MB is refused."""

MAX_BLOCKS = 20_000
"""Headings, paragraphs, list items and table rows in one newsletter (a real one has a few
hundred; a 1,000-entry feed has ~2,000)."""

MAX_HTML_ELEMENTS = 200_000
"""HTML elements in one page, counted before anything is converted."""

MAX_PDF_PAGES = 300

MAX_PDF_CHARS = 3_000_000
"""Characters in a PDF's text layer (a 50-page memo has ~200,000)."""

MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
"""A Word file (a ZIP archive) whose parts unpack to more than 100 MB is a zip bomb."""

MAX_ZIP_ENTRIES = 5_000

MAX_EMAIL_PARTS = 200
"""MIME parts in one e-mail, nested messages included."""

MAX_EMAIL_DEPTH = 8
"""Messages forwarded as attachments inside each other."""

MAX_HTML_DEPTH = 400
"""Elements nested deeper than this are read as plain text."""

FETCH_TIMEOUT_SECONDS = 20.0


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"
