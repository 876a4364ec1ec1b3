"""Readers: a newsletter file in whatever format it arrived in -> canonical structured text.

Entry point: ``read_newsletter(path_or_bytes, *, name=...) -> ReadResult`` (see
``document.py`` for the canonical text the splitter receives).
"""

from bot.core.knowledge.ingest.readers.document import ReadError, ReadResult, SourceFormat

__all__ = ["ReadError", "ReadResult", "SourceFormat", "read_newsletter"]


def read_newsletter(path_or_bytes: object, *, name: str) -> ReadResult:  # pragma: no cover
    """Placeholder until the dispatcher lands (same signature)."""
    raise NotImplementedError
