"""Every size limit of the bot, stated once: what the readers, the splitter, the answer
engine, the editors' intake and the Slack side accept. The settings and the edge import them
from here (``PI_INTAKE_MAX_BYTES`` defaults to ``MAX_INTAKE_BYTES``).

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

MAX_PDF_PAGE_CHARS = 200_000
"""Characters on one PDF page (a dense page in small type has ~20,000): bounds the time spent
laying out one page, whatever the document's total."""

MAX_PDF_LINKS_PER_CELL = 32
"""Link areas overlapping one cell of a PDF page's link index: more (stacked links) are not
looked up, so placing links on words stays linear whatever the page holds."""

MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
"""A Word file (a ZIP archive) whose parts unpack to more than 100 MB is a zip bomb."""

MAX_ZIP_ENTRIES = 5_000

MAX_XML_ELEMENTS = 1_000_000
"""XML elements in all the parts of a Word file together, counted while the XML is streamed
(a 100-page document has ~200,000): past it, an "element bomb" is refused at once."""

MAX_WORD_PIECES = 100_000
"""Paragraphs, runs, hyperlinks, tables and table cells in a Word file (a 100-page report has
~30,000): bounds the time python-docx takes (about 5 s at the limit on one core)."""

MAX_XML_TEXT_CHARS = MAX_PDF_CHARS
"""Characters of text in a Word file's parts, counted while streaming."""

MAX_EMAIL_PARTS = 200
"""MIME parts in one e-mail, nested messages included."""

MAX_EMAIL_DEPTH = 8
"""Messages forwarded as attachments inside each other."""

MAX_HTML_DEPTH = 400
"""Elements nested deeper than this are read as plain text."""

FETCH_TIMEOUT_SECONDS = 20.0

# --- the splitter -----------------------------------------------------------------------------

MAX_TEXT_BYTES = 2 * 1024 * 1024
"""The largest newsletter text split into items (a monthly issue is some tens of kilobytes);
a larger text is refused before it is read."""

MAX_ITEMS = 5_000
"""The most items one newsletter may hold; more is refused before any item is read."""

# --- questions and requests -------------------------------------------------------------------

MAX_INPUT = 4000
"""The longest question or command answered, in characters."""

MAX_INTAKE_BYTES = 10 * 1024 * 1024
"""The largest file an editor may share for intake (``PI_INTAKE_MAX_BYTES``'s default)."""

MAX_BODY_BYTES = 1024 * 1024
"""The largest HTTP request body the web process reads."""

MAX_WAITING = 64
"""Requests waiting for an answer at most; one more is told the bot is busy."""

MAX_WAITING_BYTES = 1024 * 1024
"""Total size of the requests waiting at most (a request's size is its payload's)."""


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


MAX_PDF_PAGE_CHARS = 200_000
"""Characters on one PDF page (a dense page in small type has ~20,000): bounds the time spent
laying out one page, whatever the document's total."""

MAX_XML_ELEMENTS = 1_000_000
"""XML elements in all the parts of a Word file together, counted while the XML is streamed
(a 100-page document has ~200,000): past it, an "element bomb" is refused at once."""

MAX_WORD_PIECES = 100_000
"""Paragraphs, runs, hyperlinks, tables and table cells in a Word file (a 100-page report has
~30,000): bounds the time python-docx takes (about 5 s at the limit on one core)."""

MAX_XML_TEXT_CHARS = MAX_PDF_CHARS
"""Characters of text in a Word file's parts, counted while streaming."""

MAX_PDF_LINKS_PER_CELL = 32
"""Link areas overlapping one cell of a PDF page's link index: more (stacked links) are not
looked up, so placing links on words stays linear whatever the page holds."""
