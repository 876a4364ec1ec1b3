"""Readers: a newsletter file in whatever format it arrived in -> canonical structured text.

Entry point: ``read_newsletter(path_or_bytes, *, name=...) -> ReadResult`` (see
``document.py`` for the canonical text the splitter receives). The format is told by the
content (``sniff.py``) as well as the name; the limits are in ``limits.py``.
"""

from bot.core.knowledge.ingest.readers.dispatch import read_bytes, read_newsletter
from bot.core.knowledge.ingest.readers.document import ReadError, ReadResult, SourceFormat

__all__ = ["ReadError", "ReadResult", "SourceFormat", "read_bytes", "read_newsletter"]
