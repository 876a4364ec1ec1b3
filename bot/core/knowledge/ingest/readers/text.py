"""Plain text in any encoding -> ``str`` (BOMs, UTF-8, UTF-16, else charset-normalizer).

Binary data (NUL bytes, control characters beyond a stray few) is refused rather than
guessed at; a stray few are removed by ingest, which says so.
"""

from __future__ import annotations

import codecs
import hashlib

from charset_normalizer import from_bytes

from bot.core.knowledge.ingest.readers.document import ReadError, ReadResult, SourceFormat

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Declared charsets that are subsets of a wider one: decode with the wider one.
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "ascii": "utf-8"}
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1b")


def wider_charset(name: str) -> str:
    name = name.lower().replace("_", "-")
    return _WIDER.get(name, _WIDER.get(name.replace("-", ""), name))


def normalise_newlines(text: str) -> str:
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes, file_name: str, *, declared: str | None = None) -> str:
    """Decode ``data`` as text; ``declared`` is a charset the container names (e-mail, HTML)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"), file_name)
    if data.count(b"\x00") > _tolerated(len(data)):
        raise _binary(file_name, "NUL bytes")
    if declared:
        try:
            return _checked(data.decode(wider_charset(declared)), file_name)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return _checked(data.decode("utf-8"), file_name)
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise _binary(file_name, "bytes in no known text encoding")
    return _checked(data.decode(wider_charset(best.encoding), errors="replace"), file_name)


def read_text(data: bytes, file_name: str, sha256: str | None = None) -> ReadResult:
    text = normalise_newlines(decode_text(data, file_name))
    return ReadResult(
        text=text,
        source_format=SourceFormat.TEXT,
        file_name=file_name,
        sha256=sha256 or hashlib.sha256(data).hexdigest(),
        is_markdown=False,
    )


def _checked(text: str, file_name: str) -> str:
    sample = text[:100_000]
    controls = sum(1 for ch in sample if ch < " " and ch not in _ALLOWED_CONTROLS)
    if controls > _tolerated(len(sample)):
        raise _binary(file_name, "control characters")
    return text


def _tolerated(size: int) -> int:
    """Stray control characters (NUL included) a text may hold: ingest removes them and says
    so; more than this and the file is binary data, refused."""
    return max(2, size // 200)


def _binary(file_name: str, what: str) -> ReadError:
    return ReadError(
        file_name,
        f"binary data, not text ({what})",
        "ingest the newsletter itself (HTML, e-mail, PDF, Word, Markdown, feed or plain text)",
    )
