"""Which reader a file needs: its content first (magic bytes, markup), then its extension."""

from __future__ import annotations

import re

from bot.core.knowledge.ingest.readers.archive import zip_names
from bot.core.knowledge.ingest.readers.document import ReadError, SourceFormat

_EXTENSIONS = {
    ".txt": SourceFormat.TEXT,
    ".text": SourceFormat.TEXT,
    ".md": SourceFormat.MARKDOWN,
    ".markdown": SourceFormat.MARKDOWN,
    ".html": SourceFormat.HTML,
    ".htm": SourceFormat.HTML,
    ".xhtml": SourceFormat.HTML,
    ".eml": SourceFormat.EMAIL,
    ".docx": SourceFormat.DOCX,
    ".pdf": SourceFormat.PDF,
    ".rss": SourceFormat.FEED,
    ".atom": SourceFormat.FEED,
    ".xml": SourceFormat.FEED,
}
_REFUSED_MAGIC = (
    (b"\xd0\xcf\x11\xe0", "an old Word/Office file (.doc)", "save it as .docx or PDF first"),
    (b"\x89PNG", "an image (PNG)", "run OCR first, or ingest the newsletter's text"),
    (b"\xff\xd8\xff", "an image (JPEG)", "run OCR first, or ingest the newsletter's text"),
    (b"GIF8", "an image (GIF)", "run OCR first, or ingest the newsletter's text"),
    (b"\x1f\x8b", "a gzip archive", "unpack it and ingest the newsletters inside"),
    (b"Rar!", "a RAR archive", "unpack it and ingest the newsletters inside"),
    (b"7z\xbc\xaf", "a 7-Zip archive", "unpack it and ingest the newsletters inside"),
    (b"{\\rtf", "an RTF file", "save it as .docx or PDF first"),
)
_FEED = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML = re.compile(rb"<!DOCTYPE html|<html[\s>]|<body[\s>]|<(?:p|div|table|h[1-6])[\s>]", re.I)
_HTML_DOCUMENT = re.compile(rb"(?:<!--.*?-->\s*)*<(?:!DOCTYPE\s+html|html)[\s>]", re.I | re.S)
_HEADER = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]", re.MULTILINE)
_MAIL_HEADERS = re.compile(
    rb"^(?:From|To|Subject|Date|MIME-Version|Message-ID|Received|Return-Path):", re.I | re.M
)


def sniff(data: bytes, file_name: str) -> SourceFormat:
    """The format of ``data`` (named ``file_name``); raises ``ReadError`` for known non-news."""
    head = data[:4096]
    if b"%PDF-" in head[:1024]:
        return SourceFormat.PDF
    if head.startswith(b"PK\x03\x04"):
        names = zip_names(data)
        if "word/document.xml" in names:
            return SourceFormat.DOCX
        raise ReadError(
            file_name,
            "a ZIP archive, not a newsletter",
            "unpack it and ingest the newsletters inside",
        )
    for magic, what, remedy in _REFUSED_MAGIC:
        if head.startswith(magic):
            raise ReadError(file_name, what, remedy)
    by_name = _EXTENSIONS.get(_suffix(file_name))
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    feed_like = _FEED.search(stripped[:2048]) and not _HTML.search(stripped[:512])
    if feed_like and (stripped.startswith(b"<?xml") or by_name in (None, SourceFormat.FEED)):
        return SourceFormat.FEED
    if by_name in (SourceFormat.DOCX, SourceFormat.PDF):
        kind = "a PDF" if by_name is SourceFormat.PDF else "a Word file"
        raise ReadError(
            file_name,
            f"named as {kind} but not one (damaged, cut short or misnamed)",
            "save it again from the original and retry",
        )
    if by_name in (None, SourceFormat.TEXT, SourceFormat.FEED):
        # Saved under a text name (or none): strong signs of what it really is win.
        if _looks_like_email(stripped):
            return SourceFormat.EMAIL
        if _HTML_DOCUMENT.match(stripped):
            return SourceFormat.HTML
    if by_name is not None and by_name is not SourceFormat.FEED:
        return by_name
    if stripped[:1] == b"<" and _HTML.search(stripped):
        return SourceFormat.HTML
    return by_name or SourceFormat.TEXT


def _looks_like_email(head: bytes) -> bool:
    first_block = head.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    lines = [ln for ln in first_block.splitlines() if ln and not ln[:1].isspace()]
    if not lines or not all(_HEADER.match(ln) for ln in lines):
        return False
    return len(_MAIL_HEADERS.findall(first_block)) >= 2


def _suffix(file_name: str) -> str:
    dot = file_name.rfind(".")
    return file_name[dot:].lower() if dot > file_name.rfind("/") and dot >= 0 else ""
