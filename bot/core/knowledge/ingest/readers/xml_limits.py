"""The XML parts of an Office file, counted while they are streamed (before any is parsed
whole): an "element bomb" (millions of empty elements, small zipped and under the unpacked
size limit) is refused after reading no more than the limit, in bounded memory."""

from __future__ import annotations

import zipfile

from lxml import etree

from bot.core.knowledge.ingest.readers.document import ReadError
from bot.core.knowledge.ingest.readers.limits import (
    MAX_WORD_PIECES,
    MAX_XML_ELEMENTS,
    MAX_XML_TEXT_CHARS,
)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PIECES = frozenset(f"{_W}{name}" for name in ("p", "r", "tc", "tbl", "hyperlink"))


def check_xml_parts(archive: zipfile.ZipFile, file_name: str, kind: str) -> None:
    """Stream every XML part of ``archive``; raise ``ReadError`` naming the limit as soon as
    the elements, the Word paragraphs/runs/cells (what python-docx spends its time on) or the
    characters of text of all parts together pass it."""
    elements = characters = pieces = 0
    for info in archive.infolist():
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        with archive.open(info) as stream:
            parser = etree.iterparse(
                stream,
                events=("end",),
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
                recover=False,
            )
            try:
                for _, element in parser:
                    elements += 1
                    if element.tag in _PIECES:
                        pieces += 1
                        if pieces > MAX_WORD_PIECES:
                            raise _too_many(
                                file_name, kind, f"{MAX_WORD_PIECES:,} paragraphs, runs and cells"
                            )
                    characters += len(element.text or "") + len(element.tail or "")
                    if elements > MAX_XML_ELEMENTS:
                        raise _too_many(file_name, kind, f"{MAX_XML_ELEMENTS:,} XML elements")
                    if characters > MAX_XML_TEXT_CHARS:
                        raise _too_many(file_name, kind, f"{MAX_XML_TEXT_CHARS:,} characters")
                    element.clear(keep_tail=False)  # memory stays flat however long the part
                    parent = element.getparent()
                    while parent is not None and element.getprevious() is not None:
                        del parent[0]
            except etree.XMLSyntaxError as exc:
                raise ReadError(
                    file_name,
                    f"a damaged {kind} ({info.filename}: {exc})",
                    "open it and save it again",
                ) from exc


def _too_many(file_name: str, kind: str, limit: str) -> ReadError:
    return ReadError(
        file_name,
        f"a {kind} with more than {limit} (the limit; an element bomb or several documents "
        "joined together)",
        "do not ingest it; ask the sender for the newsletter as PDF or HTML",
    )
