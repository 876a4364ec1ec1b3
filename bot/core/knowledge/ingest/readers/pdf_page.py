"""One PDF page through PDFium: its words (position, size, weight, link), its drawn boxes and
rules, and whether it holds images. Bounded while it is read: the page's characters are
counted before any word is measured, and links are placed on words through a grid index
(each word looks at the few links of its cell, never at every link of the page)."""

from __future__ import annotations

import ctypes
import re
from collections import defaultdict
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from bot.core.knowledge.ingest.readers.limits import MAX_PDF_LINKS_PER_CELL

_WORD = re.compile(r"[^\s\x00-\x1f\ufffe\uffff]+")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|-bd\b|,bd\b", re.IGNORECASE)
_STANDARD_FONT = re.compile(
    r"^(?:[A-Z]{6}\+)?(?:courier|helvetica|arial|times|symbol|zapfdingbats)", re.IGNORECASE
)
"""The standard fonts: PDFium reports a made-up weight for them (plain Courier as 776), so
their name alone says whether they are bold."""
_FORCE_BOLD = 1 << 18  # the font descriptor's ForceBold flag
_MAX_FRAMES = 400  # rectangles on a page worth reading as boxes and table cells
_CELL = 24.0  # points: the side of a cell of the link index


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    url: str | None
    baseline: float = 0.0


@dataclass(frozen=True)
class Rect:
    """A drawn shape's bounds in top-down page coordinates."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def contains(self, x: float, y: float, slack: float = 0.0) -> bool:
        return (
            self.x0 - slack <= x <= self.x1 + slack and self.top - slack <= y <= self.bottom + slack
        )


@dataclass
class Page:
    number: int  # 0-based
    width: float
    height: float
    words: list[Word]
    frames: list[Rect]  # rectangles drawn around or behind text (boxes, sidebars, cells)
    rules: list[Rect]  # horizontal lines
    has_images: bool


def estimated_chars(page: pdfium.PdfPage, limit: int) -> int:
    """About how many characters the page's text objects hold, from their extents (a
    character is rarely narrower than half its height), read without building the text
    layer (which costs ~120 bytes a character); stops counting past ``limit``."""
    total = 0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        total += int((right - left) / max(0.5 * (top - bottom), 0.25)) + 1
        if total > limit:
            break
    return total


def char_count(page: pdfium.PdfPage) -> tuple[pdfium.PdfTextPage, int]:
    text_page = page.get_textpage()
    return text_page, int(pdfium_c.FPDFText_CountChars(text_page.raw))


def read_page(
    document: pdfium.PdfDocument,
    page: pdfium.PdfPage,
    text_page: pdfium.PdfTextPage,
    count: int,
    number: int,
) -> Page:
    width, height = float(page.get_width()), float(page.get_height())
    links = _LinkIndex(_links(document, page, height))
    frames, rules, has_images = _shapes(page, width, height)
    return Page(
        number, width, height, _words(text_page, count, height, links), frames, rules, has_images
    )


def _words(
    text_page: pdfium.PdfTextPage, count: int, height: float, links: _LinkIndex
) -> list[Word]:
    font_name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    x, y = ctypes.c_double(), ctypes.c_double()
    box = pdfium_c.FS_RECTF()
    styles: dict[int, tuple[float, bool]] = {}
    words: list[Word] = []
    # PDFium puts a space (or a line break) between words; each run of other characters is a
    # word, measured at its first and last character.
    for match in _WORD.finditer(_page_text(text_page, count)):
        first, last = match.start(), match.end() - 1
        pdfium_c.FPDFText_GetCharOrigin(text_page.raw, first, x, y)
        pdfium_c.FPDFText_GetLooseCharBox(text_page.raw, first, box)  # the advance, not the ink
        x0 = box.left
        pdfium_c.FPDFText_GetLooseCharBox(text_page.raw, last, box)
        x1 = max(box.right, x0)
        text_object = ctypes.cast(
            pdfium_c.FPDFText_GetTextObject(text_page.raw, first), ctypes.c_void_p
        ).value
        style = styles.get(text_object) if text_object else None
        if style is None:  # one look-up per text object, not per word
            size = float(pdfium_c.FPDFText_GetFontSize(text_page.raw, first))
            pdfium_c.FPDFText_GetFontInfo(text_page.raw, first, font_name, 128, flags)
            weight = pdfium_c.FPDFText_GetFontWeight(text_page.raw, first)
            style = styles[text_object or 0] = (size, _is_bold(font_name.value, weight, flags))
        size, is_bold = style
        baseline = y.value
        cx, cy = (x0 + x1) / 2, height - baseline - size * 0.3
        words.append(
            Word(
                match.group(),
                x0,
                x1,
                height - baseline - size * 0.8,
                height - baseline + size * 0.2,
                size,
                is_bold,
                links.at(cx, cy),
                baseline,
            )  # fmt: skip
        )
    return words


def _is_bold(raw_name: bytes, weight: int, flags: ctypes.c_int) -> bool:
    name = raw_name.decode("latin-1")
    if _BOLD_FONT.search(name) or flags.value & _FORCE_BOLD:
        return True
    return weight >= 600 and not _STANDARD_FONT.match(name)


def _page_text(text_page: pdfium.PdfTextPage, count: int) -> str:
    """The page's characters, one per character index (UTF-16 from PDFium)."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    pdfium_c.FPDFText_GetText(
        text_page.raw, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    )
    text = buffer.raw[: count * 2].decode("utf-16-le", errors="replace")
    if len(text) == count:
        return text
    # Characters outside the BMP: fall back to one call per character.
    return "".join(chr(pdfium_c.FPDFText_GetUnicode(text_page.raw, i) or 32) for i in range(count))


@dataclass(frozen=True)
class _Link:
    area: Rect
    url: str


class _LinkIndex:
    """Links by the grid cells their areas overlap: a word looks only at its own cell's."""

    def __init__(self, links: list[_Link]) -> None:
        self.cells: dict[tuple[int, int], list[_Link]] = defaultdict(list)
        for link in links:
            area = link.area
            for row in range(int(area.top // _CELL), int(area.bottom // _CELL) + 1):
                for col in range(int(area.x0 // _CELL), int(area.x1 // _CELL) + 1):
                    cell = self.cells[(row, col)]
                    if len(cell) < MAX_PDF_LINKS_PER_CELL:
                        cell.append(link)

    def at(self, x: float, y: float) -> str | None:
        for link in self.cells.get((int(y // _CELL), int(x // _CELL)), ()):
            if link.area.contains(x, y):
                return link.url
        return None


def _links(document: pdfium.PdfDocument, page: pdfium.PdfPage, height: float) -> list[_Link]:
    """The page's web links, their areas in top-down coordinates."""
    links: list[_Link] = []
    position = ctypes.c_int(0)
    handle = pdfium_c.FPDF_LINK()
    while pdfium_c.FPDFLink_Enumerate(page.raw, position, handle):
        rect = pdfium_c.FS_RECTF()
        if not pdfium_c.FPDFLink_GetAnnotRect(handle, rect):
            continue
        action = pdfium_c.FPDFLink_GetAction(handle)
        if not action or pdfium_c.FPDFAction_GetType(action) != pdfium_c.PDFACTION_URI:
            continue
        size = pdfium_c.FPDFAction_GetURIPath(document.raw, action, None, 0)
        buffer = ctypes.create_string_buffer(size)
        pdfium_c.FPDFAction_GetURIPath(document.raw, action, buffer, size)
        url = buffer.value.decode("utf-8", errors="replace")
        if url.startswith(("http://", "https://")):
            top, bottom = sorted((height - rect.top, height - rect.bottom))
            left, right = sorted((rect.left, rect.right))
            links.append(_Link(Rect(left, top, right, bottom), url))
    return links


def _shapes(
    page: pdfium.PdfPage, width: float, height: float
) -> tuple[list[Rect], list[Rect], bool]:
    """Drawn frames (rectangles big enough to hold text, smaller than the page) and rules
    (thin horizontal lines), and whether the page has images."""
    frames: list[Rect] = []
    rules: list[Rect] = []
    has_images = False
    kinds = [pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE]
    for count, obj in enumerate(page.get_objects(filter=kinds, max_depth=2)):
        if count > 5_000:  # a page drawn in thousands of strokes: no layout read from it
            break
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            has_images = True
            continue
        left, bottom, right, top = obj.get_bounds()
        shape = Rect(left, height - top, right, height - bottom)
        if shape.height <= 3 and shape.width >= 0.2 * width:
            rules.append(shape)
        elif (
            shape.width >= 10
            and shape.height >= 8
            and not (shape.width > 0.85 * width and shape.height > 0.6 * height)
        ):
            frames.append(shape)
    if len(frames) > _MAX_FRAMES:  # a page drawn as a mosaic: no boxes or tables read from it
        frames = []
    return frames, rules, has_images
