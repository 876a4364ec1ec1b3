"""Real binary newsletters built from a small Markdown-like source (used by ``build.py``, the
speed benchmark and the reader tests).

The source is the canonical subset the readers produce: ``#``/``##``/``###`` headings,
``- `` bullets and ``1.``/``1.1`` numbered lines (two spaces of indentation per level), bold
``**...**`` and links ``[text](url)`` inside lines, paragraphs separated by blank lines.
Output is reproducible: fixed creation dates, fixed ZIP timestamps.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from fpdf import FPDF

FIXED_TIME = dt.datetime(2022, 7, 31, 9, 0, tzinfo=dt.UTC)
_INLINE = re.compile(r"\*\*(?P<bold>.+?)\*\*|\[(?P<text>[^\]]+)\]\((?P<url>[^)]+)\)")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+")


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "bullet", "numbered", "paragraph"
    text: str
    level: int = 0  # heading level (1..3) or list depth


def blocks(source: str) -> list[Block]:
    out: list[Block] = []
    for chunk in re.split(r"\n\s*\n", source.strip()):
        for line in chunk.split("\n") if _is_list(chunk) else [" ".join(chunk.split("\n"))]:
            if not line.strip():
                continue
            depth = (len(line) - len(line.lstrip(" "))) // 2
            text = line.strip()
            if heading := re.match(r"^(#{1,6})\s+(.*)$", text):
                out.append(Block("heading", heading.group(2), len(heading.group(1))))
            elif text.startswith("- "):
                out.append(Block("bullet", text[2:], depth))
            elif _NUMBERED.match(text):
                out.append(Block("numbered", text, depth))
            else:
                out.append(Block("paragraph", text))
    return out


def _is_list(chunk: str) -> bool:
    lines = [ln.strip() for ln in chunk.split("\n") if ln.strip()]
    return all(ln.startswith("- ") or _NUMBERED.match(ln) for ln in lines)


def _spans(text: str) -> list[tuple[str, bool, str | None]]:
    """(text, bold, url) runs of a line."""
    spans: list[tuple[str, bool, str | None]] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            spans.append((text[position : match.start()], False, None))
        if match.group("bold") is not None:
            spans.append((match.group("bold"), True, None))
        else:
            spans.append((match.group("text"), False, match.group("url")))
        position = match.end()
    if position < len(text):
        spans.append((text[position:], False, None))
    return spans


# --- Word ----------------------------------------------------------------------------------


def docx_from_source(source: str, *, title: str) -> bytes:
    """A .docx: ``#`` -> Title, ``##`` -> Heading 1, ``###`` -> Heading 2; bullets in List
    Bullet styles; numbered lines typed as text (as memos often are); real hyperlinks."""
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.created = FIXED_TIME.replace(tzinfo=None)
    document.core_properties.modified = FIXED_TIME.replace(tzinfo=None)
    for block in blocks(source):
        if block.kind == "heading":
            paragraph = document.add_heading("", level=block.level - 1)
        elif block.kind == "bullet":
            style = "List Bullet" if block.level == 0 else f"List Bullet {block.level + 1}"
            paragraph = document.add_paragraph(style=style)
        else:
            paragraph = document.add_paragraph()
        for text, is_bold, url in _spans(block.text):
            if url:
                _add_hyperlink(paragraph, text, url)
            else:
                run = paragraph.add_run(text)
                run.bold = is_bold or None
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _add_hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps: the same source gives the same bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2022, 7, 31, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


# --- PDF -----------------------------------------------------------------------------------

_LATIN1 = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."})


class _Memo(FPDF):
    def __init__(self, header_text: str, footer_text: str) -> None:
        super().__init__(format="A4")
        self.header_text = header_text
        self.footer_text = footer_text
        self.set_auto_page_break(auto=True, margin=22)
        self.set_creation_date(FIXED_TIME)

    def header(self) -> None:
        self.set_font("helvetica", "", 8)
        self.cell(0, 6, self.header_text, align="R")
        self.ln(12)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("helvetica", "", 8)
        self.cell(0, 6, f"{self.footer_text}    Page {self.page_no()} of {{nb}}", align="C")


def pdf_from_source(source: str, *, header: str, footer: str, title: str) -> bytes:
    """A PDF memo: larger bold type for headings, indented numbered lines and bullets, a
    running header and a footer with page numbers on every page. Latin-1 text only."""
    pdf = _Memo(header.translate(_LATIN1), footer.translate(_LATIN1))
    pdf.set_title(title)
    pdf.alias_nb_pages()
    pdf.add_page()
    sizes = {1: 17.0, 2: 13.5, 3: 12.0}
    for block in blocks(source):
        text = block.text.translate(_LATIN1)
        if block.kind == "heading":
            pdf.ln(2)
            pdf.set_font("helvetica", "B", sizes.get(block.level, 12.0))
            pdf.multi_cell(0, 8, text.replace("**", ""))
            pdf.ln(2)
            continue
        pdf.set_font("helvetica", "", 10.5)
        indent = 6.0 * block.level
        if block.kind == "bullet":
            text = f"- {text}"
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(0, 5.5, text, markdown=True)
        pdf.ln(2.5)
    return bytes(pdf.output())
