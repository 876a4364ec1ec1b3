"""Word (.docx) -> canonical structured text with python-docx.

Heading styles (``Title``, ``Heading 1``..``Heading 6``) become headings; list styles
(``List Bullet 2``, ``List Number``) and numbered paragraphs become items, nested by their
level, numbered ``1.`` / ``1.1`` when Word numbers them; bold runs, hyperlinks and tables are
kept.
"""

from __future__ import annotations

import hashlib
import io
import re
from typing import Any

import docx
from docx.document import Document
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from bot.core.knowledge.ingest.blocks import render_markdown
from bot.core.knowledge.ingest.readers.archive import checked_zip
from bot.core.knowledge.ingest.readers.canonical import CanonicalWriter, bold, link, squeeze
from bot.core.knowledge.ingest.readers.document import ReadError, ReadResult, SourceFormat
from bot.core.knowledge.ingest.readers.roles import mark_toc
from bot.core.knowledge.ingest.readers.xml_limits import check_xml_parts

_HEADING = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^list\s+(bullet|number|paragraph)(?:\s+(\d))?$", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, file_name: str, sha256: str | None = None) -> ReadResult:
    check_xml_parts(checked_zip(data, file_name, "Word file"), file_name, "Word file")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a broken package
        raise ReadError(
            file_name, f"a damaged Word file ({type(exc).__name__})", "open it and save it again"
        ) from exc
    writer = CanonicalWriter(file_name, "a Word file")
    _Renderer(document, writer).render()
    title = squeeze(document.core_properties.title or "") or None
    blocks = tuple(mark_toc(list(writer.blocks())))
    return ReadResult(
        text=render_markdown(blocks),
        blocks=blocks,
        source_format=SourceFormat.DOCX,
        file_name=file_name,
        sha256=sha256 or hashlib.sha256(data).hexdigest(),
        title=title,
    )


class _Renderer:
    def __init__(self, document: Document, writer: CanonicalWriter) -> None:
        self.document = document
        self.writer = writer
        self.formats = _numbering_formats(document)
        self.counters: dict[str, list[int]] = {}
        self.styles: dict[str | None, Any] = {}  # by style id: python-docx looks each up slowly
        # Below a "Title" paragraph, "Heading 1" is a second-level heading.
        self.shift = int(
            any(
                (style := self.style(p)) is not None and style.name == "Title"
                for p in document.paragraphs
            )
        )

    def style(self, paragraph: Paragraph) -> Any:
        key = paragraph._p.style
        if key not in self.styles:
            self.styles[key] = paragraph.style
        return self.styles[key]

    def render(self) -> None:
        for block in self.document.iter_inner_content():
            if isinstance(block, Table):
                self._table(block)
            else:
                self._paragraph(block)

    def _paragraph(self, paragraph: Paragraph) -> None:
        paragraph_style = self.style(paragraph)
        text = _inline(paragraph, paragraph_style)
        if not squeeze(text.replace("**", "")):
            return
        style = paragraph_style.name if paragraph_style is not None else ""
        heading = _HEADING.match(style or "")
        outline = _outline_level(paragraph, paragraph_style)
        if style == "Title" or heading or outline is not None:
            if heading:
                level = int(heading.group(1)) + self.shift
            else:
                level = 1 if style == "Title" else (outline or 0) + 1 + self.shift
            self.writer.heading(level, text.replace("**", ""))
            return
        listed = self._list_position(paragraph, style or "")
        if listed is None:
            self.writer.end_list()
            self.writer.paragraph(text)
            return
        num_id, level, numbered = listed
        marker = self._marker(num_id, level) if numbered else "-"
        self.writer.item(text, depth=level, marker=marker)

    def _list_position(self, paragraph: Paragraph, style: str) -> tuple[str, int, bool] | None:
        """(numbering id, level, numbered?) of a list paragraph, None for any other."""
        p_pr: Any = paragraph._p.pPr
        num_pr = p_pr.numPr if p_pr is not None else None
        if num_pr is not None and num_pr.numId is not None and num_pr.numId.val != 0:
            num_id = str(num_pr.numId.val)
            level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
            return num_id, level, self.formats.get((num_id, level), "bullet") != "bullet"
        styled = _LIST_STYLE.match(style)
        if styled is None or styled.group(1).lower() == "paragraph":
            return None
        level = int(styled.group(2)) - 1 if styled.group(2) else 0
        return f"style:{styled.group(1).lower()}", level, styled.group(1).lower() == "number"

    def _marker(self, num_id: str, level: int) -> str:
        counters = self.counters.setdefault(num_id, [])
        del counters[level + 1 :]
        while len(counters) <= level:
            counters.append(0)
        counters[level] += 1
        label = ".".join(str(n) for n in counters)
        return f"{label}." if level == 0 else label

    def _table(self, table: Table) -> None:
        self.writer.end_list()
        for row in table.rows:
            cells = []
            for cell in row.cells:
                cells.append(" ".join(_inline(p, self.style(p)) for p in cell.paragraphs))
            self.writer.table_row(cells)
        self.writer.end_list()


def _outline_level(paragraph: Paragraph, paragraph_style: Any) -> int | None:
    """Word's outline level (0 = top) set on the paragraph or its style chain, if any: how
    custom heading styles (and localised ones) make a heading."""
    elements: list[Any] = [paragraph._p.pPr]
    style: Any = paragraph_style
    while style is not None:
        elements.append(style.element.pPr)
        style = style.base_style
    for p_pr in elements:
        found = p_pr.find(f"{_W}outlineLvl") if p_pr is not None else None
        if found is not None:
            value = int(found.get(f"{_W}val", "9"))
            return value if value < 9 else None  # 9: body text
    return None


def _style_bold(style: Any) -> bool | None:
    while style is not None:
        if style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    return None


def _run_bold(run: Run, paragraph_bold: bool) -> bool:
    """Bold set on the run, else by its character style, else by the paragraph's style."""
    if run.bold is not None:
        return bool(run.bold)
    by_style = (
        _style_bold(run.style)
        if run.style is not None and run.style.name != ("Default Paragraph Font")
        else None
    )
    return by_style if by_style is not None else paragraph_bold


def _inline(paragraph: Paragraph, style: Any) -> str:
    """The paragraph's text with bold runs as ``**...**`` and hyperlinks as ``[text](url)``."""
    paragraph_bold = bool(_style_bold(style))
    segments: list[tuple[str, bool, str | None]] = []
    for part in paragraph.iter_inner_content():
        if isinstance(part, Hyperlink):
            url = part.url or ""
            for run in part.runs:
                segments.append((run.text, _run_bold(run, paragraph_bold), url or None))
        elif isinstance(part, Run):
            segments.append((part.text, _run_bold(part, paragraph_bold), None))
    merged: list[tuple[str, bool, str | None]] = []
    for words, is_bold, address in segments:
        if merged and merged[-1][1:] == (is_bold, address):
            merged[-1] = (merged[-1][0] + words, is_bold, address)
        else:
            merged.append((words, is_bold, address))
    whole_bold = all(is_bold for words, is_bold, _ in merged if words.strip())
    out: list[str] = []
    for words, is_bold, address in merged:
        linked = address is not None and address.startswith(("http://", "https://"))
        piece = link(words, address) if linked and address else words
        if is_bold and not whole_bold and piece.strip():
            lead = piece[: len(piece) - len(piece.lstrip())]
            trail = piece[len(piece.rstrip()) :]
            piece = f"{lead}{bold(piece)}{trail}"
        out.append(piece)
    text = squeeze("".join(out))
    return bold(text) if whole_bold and text else text


def _numbering_formats(document: Document) -> dict[tuple[str, int], str]:
    """(numId, level) -> Word's number format ("bullet", "decimal", ...)."""
    try:
        numbering: Any = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract: dict[str, dict[int, str]] = {}
    for node in numbering.iter(f"{_W}abstractNum"):
        levels: dict[int, str] = {}
        for lvl in node.iter(f"{_W}lvl"):
            fmt = lvl.find(f"{_W}numFmt")
            levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal"
            )
        abstract[node.get(f"{_W}abstractNumId", "")] = levels
    formats: dict[tuple[str, int], str] = {}
    for num in numbering.iter(f"{_W}num"):
        ref = num.find(f"{_W}abstractNumId")
        if ref is None:
            continue
        for level, fmt in abstract.get(ref.get(f"{_W}val", ""), {}).items():
            formats[(num.get(f"{_W}numId", ""), level)] = fmt
    return formats
