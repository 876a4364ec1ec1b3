"""``read_newsletter``: a path or bytes -> ``ReadResult``.

Every file goes through the size limit and the content sniffing, then its reader. Whatever
goes wrong inside a reader becomes a ``ReadError``: one line naming the file, what it is,
what was wrong and what to do.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from pathlib import Path, PurePath

from bot.core.knowledge.ingest.readers.document import ReadError, ReadResult, SourceFormat
from bot.core.knowledge.ingest.readers.docx import read_docx
from bot.core.knowledge.ingest.readers.email import read_email
from bot.core.knowledge.ingest.readers.feed import read_feed
from bot.core.knowledge.ingest.readers.html import read_html
from bot.core.knowledge.ingest.readers.limits import MAX_FILE_BYTES, megabytes
from bot.core.knowledge.ingest.readers.markdown import read_markdown
from bot.core.knowledge.ingest.readers.pdf import read_pdf
from bot.core.knowledge.ingest.readers.sniff import sniff
from bot.core.knowledge.ingest.readers.text import read_text

_Reader = Callable[[bytes, str, str], ReadResult]
_READERS: dict[SourceFormat, _Reader] = {
    SourceFormat.TEXT: read_text,
    SourceFormat.MARKDOWN: read_markdown,
    SourceFormat.HTML: read_html,
    SourceFormat.DOCX: read_docx,
    SourceFormat.PDF: read_pdf,
    SourceFormat.FEED: read_feed,
}
_DESCRIBED = {
    SourceFormat.TEXT: "a text file",
    SourceFormat.MARKDOWN: "a Markdown file",
    SourceFormat.HTML: "an HTML file",
    SourceFormat.EMAIL: "an e-mail",
    SourceFormat.DOCX: "a Word file",
    SourceFormat.PDF: "a PDF",
    SourceFormat.FEED: "a feed",
}


def read_newsletter(path_or_bytes: str | Path | bytes, *, name: str) -> ReadResult:
    """Read one newsletter: its ``bytes`` or a file path. (A feed or page at a URL is fetched
    by ``bot.edge.fetch`` first: the core touches no network.)

    ``name`` is how errors and the result name it (a file name or path).
    """
    if isinstance(path_or_bytes, bytes):
        data = path_or_bytes
    else:
        data = _read_file(Path(path_or_bytes), name)
    return read_bytes(data, name)


def read_bytes(data: bytes, name: str, depth: int = 0) -> ReadResult:
    """Read one newsletter's bytes. ``name`` (a file name or path) names it in errors; the
    result's ``file_name`` is its last part."""
    result = _read(data, name, depth)
    return dataclasses.replace(result, file_name=PurePath(name).name or name)


def _read(data: bytes, name: str, depth: int) -> ReadResult:
    check_size(len(data), name)
    source_format = sniff(data, name)
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        if source_format is SourceFormat.EMAIL:
            return read_email(
                data,
                name,
                lambda inner, inner_name, level: read_bytes(inner, inner_name, level),
                sha256=sha256,
                depth=depth,
            )
        return _READERS[source_format](data, name, sha256)
    except ReadError:
        raise
    except RecursionError as exc:
        raise ReadError(
            name,
            f"{_DESCRIBED[source_format]} nested too deeply to read",
            "save it in a simpler form (PDF or plain text)",
        ) from exc
    except Exception as exc:  # a library's failure on a broken file must not stop the batch
        raise ReadError(
            name,
            f"{_DESCRIBED[source_format]} that could not be read ({type(exc).__name__}: "
            f"{str(exc)[:120]})",
            "check that it opens, save it again and retry",
        ) from exc


def check_size(size: int, name: str) -> None:
    if size > MAX_FILE_BYTES:
        raise ReadError(
            name,
            f"a file of {megabytes(size)} (the limit is {megabytes(MAX_FILE_BYTES)})",
            "ingest the newsletter itself, not an archive or a scan; split it if it is several",
        )


def _read_file(path: Path, name: str) -> bytes:
    try:
        check_size(path.stat().st_size, name)
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ReadError(
            name, f"cannot read the file ({exc.strerror or exc})", "check the path"
        ) from exc
