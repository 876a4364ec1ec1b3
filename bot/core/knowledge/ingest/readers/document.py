"""What every reader returns: the newsletter as canonical structured text, and its metadata.

The canonical text is a Markdown subset, the one form the splitter reads whatever the file was:

- headings ``#`` .. ``######``;
- paragraphs separated by one blank line;
- list items ``- text``, ``1. text`` or ``1.1 text``, indented by two spaces per nesting level;
- bold as ``**text**``, links inline as ``[text](url)``;
- tables as ``| a | b |`` rows.

Plain text (``SourceFormat.TEXT``, or an e-mail whose text/plain part was chosen) is passed
through as written, only decoded to ``str`` with ``\\n`` line ends (``is_markdown`` False), so
the two plain-text seed layouts keep splitting as they always did.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from bot.core.knowledge.ingest.blocks import Block
from bot.core.knowledge.ingest.errors import ParseError


class SourceFormat(StrEnum):
    TEXT = "text"  # plain text, any encoding
    MARKDOWN = "markdown"
    HTML = "html"
    EMAIL = "email"  # .eml (its HTML, text, PDF or Word part)
    DOCX = "docx"
    PDF = "pdf"
    FEED = "feed"  # RSS or Atom


@dataclass(frozen=True)
class ReadResult:
    """One newsletter, read.

    ``text``: canonical structured text (see the module doc), or the plain text as written when
    ``source_format`` is ``TEXT``. ``title``: the newsletter's own title (an e-mail subject, an
    HTML ``<title>``, a feed's title...), if it has one. ``issue_date``: the date the issue
    carries (e-mail ``Date:``, feed or document date), if found. ``file_name``: the original
    file's name (a URL for a feed read from the web). ``sha256``: of the original bytes.
    ``warnings``: what a person may want to know (a part skipped, boilerplate dropped...).
    """

    text: str
    source_format: SourceFormat
    file_name: str
    sha256: str
    title: str | None = None
    issue_date: dt.date | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    is_markdown: bool = True
    """False when ``text`` is plain text as written (a .txt file, an e-mail's text/plain part)
    rather than canonical Markdown."""
    identity: str | None = None
    """What the source calls itself, stable across fetches (a feed's id or own address);
    its newsletter id is made from it (``bot.core.knowledge.identity``)."""
    entry_keys: tuple[tuple[str, str], ...] = ()
    """A feed's entries: (link or headline, the entry's id or link), so an entry keeps its
    ref whatever its position in the feed."""
    blocks: tuple[Block, ...] | None = None
    """The typed blocks the reader saw (``ingest/blocks.py``), boilerplate marked by role;
    ``text`` is ``render_markdown(blocks)``. None for plain text (only the lexer reads it)."""


class ReadError(ParseError):
    """A file that cannot be read. ``str()`` is one line: ``file: what it is, what was wrong:
    what to do``, e.g. ``scan.pdf: a PDF without a text layer (a scanned image): run OCR
    first``."""

    def __init__(self, file_name: str, problem: str, remedy: str) -> None:
        problem, remedy = " ".join(problem.split()), " ".join(remedy.split())  # one line
        super().__init__(file_name, 0, f"{problem}: {remedy}")
        self.problem = problem
        self.remedy = remedy
