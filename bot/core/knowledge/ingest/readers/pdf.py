"""PDF -> canonical structured text from the text layer (PDFium, through pypdfium2).

Lines are rebuilt from words with their font size and weight: larger type becomes headings
(levels by size), numbered lines become items (``1.`` top level, ``1.1`` one level down),
bullets become ``-`` items, whole-bold lines become bold paragraphs, link annotations become
``[text](url)``. Lines repeated at the top or bottom of most pages (running headers and
footers) and page numbers are dropped. A PDF with no text layer (a scan) is refused.
"""

from __future__ import annotations

import ctypes
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from bot.core.knowledge.ingest.readers.canonical import CanonicalWriter, bold, link, squeeze
from bot.core.knowledge.ingest.readers.document import ReadError, ReadResult, SourceFormat
from bot.core.knowledge.ingest.readers.limits import MAX_PDF_CHARS, MAX_PDF_PAGES

_MARGIN = 0.09  # share of the page height at the top and bottom where running lines sit
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$|第\s*\d+\s*页|"
    r"\bpage\s+\d{1,4}\s+of\s+\d{1,4}\b",
    re.IGNORECASE,
)
# "1.2" / "1.2." / "1." / "1)" at the start of a line; a single number needs its dot.
_NUMBERED = re.compile(r"^(?:(\d{1,2}(?:\.\d{1,2})+)\.?|(\d{1,2})[.)])\s+(?=\S)")
_BULLET = re.compile(r"^[•◆●▪■◦‣∙·]\s*(?=\S)|^[-–*]\s+(?=\S)")
_AMBIGUOUS_BULLETS = "-–*"  # also a dash or a footnote mark that a wrapped line starts with
_SENTENCE_END = re.compile(r"[.。:：;；!?！？)”\"]$")
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
_WORD = re.compile(r"[^\s\x00-\x1f\ufffe\uffff]+")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


@dataclass
class _Word:
    text: str
    x0: float
    top: float
    bottom: float
    size: float
    bold: bool
    url: str | None


@dataclass(frozen=True)
class _Link:
    x0: float
    top: float
    x1: float
    bottom: float
    url: str

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.top <= y <= self.bottom


@dataclass
class _Line:
    words: list[_Word]
    page: int
    page_height: float
    baseline: float = 0.0

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def size(self) -> float:
        return round(max(w.size for w in self.words) * 2) / 2

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)


@dataclass
class _Block:
    kind: str  # "heading", "item", "paragraph"
    lines: list[_Line] = field(default_factory=list)
    level: int = 0
    marker: str = ""


def read_pdf(data: bytes, file_name: str, sha256: str | None = None) -> ReadResult:
    pages = _page_lines(data, file_name)
    lines = _without_running_lines(pages)
    writer = CanonicalWriter(file_name, "a PDF")
    for block in _blocks(lines):
        _write(writer, block)
    return ReadResult(
        text=writer.text(),
        source_format=SourceFormat.PDF,
        file_name=file_name,
        sha256=sha256 or hashlib.sha256(data).hexdigest(),
        title=_title(lines),
    )


def _page_lines(data: bytes, file_name: str) -> list[list[_Line]]:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError(
                file_name,
                "a password-protected PDF",
                "save an unprotected copy and ingest that",
            ) from exc
        raise ReadError(
            file_name,
            f"a damaged PDF ({exc})",
            "save it again from the original (Print to PDF) and retry",
        ) from exc
    try:
        if len(document) > MAX_PDF_PAGES:
            raise ReadError(
                file_name,
                f"a PDF of {len(document):,} pages (the limit is {MAX_PDF_PAGES})",
                "split it into separate newsletters",
            )
        pages = []
        has_images = False
        characters = 0
        for number in range(len(document)):
            page = document[number]
            pages.append(_lines(document, page, number))
            characters += sum(len(w.text) for line in pages[-1] for w in line.words)
            if characters > MAX_PDF_CHARS:
                raise ReadError(
                    file_name,
                    f"a PDF with more than {MAX_PDF_CHARS:,} characters of text",
                    "split it into separate newsletters",
                )
            has_images = has_images or any(
                True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)
            )
    finally:
        document.close()
    if sum(len(line.text.strip()) for page in pages for line in page) < 20:
        if has_images:
            raise ReadError(
                file_name, "a PDF without a text layer (a scanned image)", "run OCR first"
            )
        raise ReadError(file_name, "a PDF with no text in it", "check that it is the right file")
    return pages


def _links(document: pdfium.PdfDocument, page: pdfium.PdfPage, height: float) -> list[_Link]:
    """The page's web links: (x0, top, x1, bottom) in top-down coordinates, and the URL."""
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
            links.append(
                _Link(min(rect.left, rect.right), top, max(rect.left, rect.right), bottom, url)
            )
    return links


def _lines(document: pdfium.PdfDocument, page: pdfium.PdfPage, number: int) -> list[_Line]:
    """The page's text as lines of words, each word with its size, weight and link."""
    height = float(page.get_height())
    links = _links(document, page, height)
    text_page = page.get_textpage()
    count = pdfium_c.FPDFText_CountChars(text_page.raw)
    font_name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    x, y = ctypes.c_double(), ctypes.c_double()
    box = pdfium_c.FS_RECTF()
    lines: list[_Line] = []
    styles: dict[int, tuple[float, bool]] = {}
    text = _page_text(text_page, count)
    # PDFium puts a space (or a line break) between words; each run of other characters is a
    # word, measured at its first and last character.
    for match in _WORD.finditer(text):
        first, last = match.start(), match.end() - 1
        pdfium_c.FPDFText_GetCharOrigin(text_page.raw, first, x, y)
        pdfium_c.FPDFText_GetLooseCharBox(text_page.raw, first, box)  # the advance, not the ink
        x0 = box.left
        pdfium_c.FPDFText_GetLooseCharBox(text_page.raw, last, box)
        x1 = box.right
        text_object = ctypes.cast(
            pdfium_c.FPDFText_GetTextObject(text_page.raw, first), ctypes.c_void_p
        ).value
        style = styles.get(text_object) if text_object else None
        if style is None:  # one look-up per text object, not per word
            size = float(pdfium_c.FPDFText_GetFontSize(text_page.raw, first))
            pdfium_c.FPDFText_GetFontInfo(text_page.raw, first, font_name, 128, flags)
            weight = pdfium_c.FPDFText_GetFontWeight(text_page.raw, first)
            bold_name = bool(_BOLD_FONT.search(font_name.value.decode("latin-1")))
            style = styles[text_object or 0] = (size, weight >= 600 or bold_name)
        size, is_bold = style
        baseline = y.value
        cx, cy = (x0 + x1) / 2, height - baseline - size * 0.3
        url = next((ln.url for ln in links if ln.contains(cx, cy)), None)
        word = _Word(
            match.group(), x0, height - baseline - size * 0.8,
            height - baseline + size * 0.2, size, is_bold, url,
        )  # fmt: skip
        if lines and abs(lines[-1].baseline - baseline) <= 2:
            lines[-1].words.append(word)
        else:
            lines.append(_Line([word], number, height, baseline))
    text_page.close()
    lines.sort(key=lambda ln: (round(ln.top), ln.x0))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


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


def _in_margin(line: _Line) -> bool:
    return line.top < line.page_height * _MARGIN or line.bottom > line.page_height * (1 - _MARGIN)


def _running_key(line: _Line) -> str:
    return re.sub(r"\d+", "#", line.text.lower()).strip()


def _without_running_lines(pages: list[list[_Line]]) -> list[_Line]:
    """All lines in reading order, less page numbers and headers/footers seen on most pages."""
    seen = Counter(
        key for page in pages for key in {_running_key(ln) for ln in page if _in_margin(ln)}
    )
    threshold = max(2, (len(pages) + 1) // 2)
    kept: list[_Line] = []
    for page in pages:
        for line in page:
            if _in_margin(line) and (
                _PAGE_NUMBER.search(line.text.strip())
                or (len(pages) > 1 and seen[_running_key(line)] >= threshold)
            ):
                continue
            kept.append(line)
    return kept


def _body_size(lines: list[_Line]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _blocks(lines: list[_Line]) -> list[_Block]:
    body = _body_size(lines)
    heading_sizes = sorted({ln.size for ln in lines if ln.size >= body + 1}, reverse=True)
    left = min((ln.x0 for ln in lines if ln.size <= body), default=0.0)
    blocks: list[_Block] = []
    numbering = _Numbering()
    previous: _Line | None = None
    for line in lines:
        text = line.text.strip()
        if line.size in heading_sizes:
            level = heading_sizes.index(line.size) + 1
            current = blocks[-1] if blocks else None
            if (
                current is not None
                and current.kind == "heading"
                and current.level == level
                and previous is not None
                and _close(previous, line)
            ):
                current.lines.append(line)
            else:
                blocks.append(_Block("heading", [line], level=min(level, 6)))
            if heading_number := _NUMBERED.match(text):
                numbering.seen(heading_number.group(1) or heading_number.group(2))
        elif (numbered := _NUMBERED.match(text)) and numbering.accept(
            label := numbered.group(1) or numbered.group(2)
        ):
            depth = label.count(".")
            marker = f"{label}." if depth == 0 else label
            blocks.append(_Block("item", [_strip_marker(line, numbered.end())], depth, marker))
        elif (bullet := _BULLET.match(text)) and _starts_item(text, blocks, previous, line):
            depth = 1 if line.x0 > left + 15 else 0
            blocks.append(_Block("item", [_strip_marker(line, bullet.end())], depth, "-"))
        elif _continues(blocks, previous, line):
            blocks[-1].lines.append(line)
        else:
            blocks.append(_Block("paragraph", [line]))
        previous = line
    return blocks


class _Numbering:
    """Numbers seen so far (``[2, 3]`` after "2.3"): a number at the start of a line is an
    item's only if it follows them ("2.4", "3.", "2.3.1", or a new "1."), so a wrapped line
    that starts "1.5 million" stays text."""

    def __init__(self) -> None:
        self.last: list[int] = []

    def seen(self, label: str) -> None:
        """A numbered heading: the numbering goes on from it."""
        self.last = [int(part) for part in label.split(".")]

    def accept(self, label: str) -> bool:
        numbers = [int(part) for part in label.split(".")]
        parent, own = numbers[:-1], numbers[-1]
        known = self.last[: len(parent)]
        follows = (
            not self.last  # the first number of the document, whatever it is
            or numbers == [1]
            or (
                parent == known
                and own == (self.last[len(parent)] + 1 if len(self.last) > len(parent) else 1)
            )
            or (own == 1 and len(parent) == len(known) and parent > known)  # a parent not seen
        )
        if follows:
            self.last = numbers
        return follows


def _starts_item(text: str, blocks: list[_Block], previous: _Line | None, line: _Line) -> bool:
    """A bullet that starts an item: "•" always; "-", "–" or "*" unless the line continues an
    unfinished sentence of a paragraph."""
    if text[0] not in _AMBIGUOUS_BULLETS or previous is None or not _close(previous, line):
        return True
    in_list = bool(blocks) and blocks[-1].kind == "item" and blocks[-1].marker == "-"
    return in_list or bool(_SENTENCE_END.search(previous.text.strip()))


def _close(previous: _Line, line: _Line) -> bool:
    """The line follows the previous one with no paragraph gap (on the same page)."""
    if previous.page != line.page:
        return False
    height = max(previous.bottom - previous.top, 1.0)
    return line.top - previous.bottom <= 0.75 * height


def _continues(blocks: list[_Block], previous: _Line | None, line: _Line) -> bool:
    if not blocks or previous is None or blocks[-1].kind == "heading":
        return False
    if previous.bold != line.bold:
        return False
    if previous.page != line.page:  # a paragraph running over a page break
        return not _SENTENCE_END.search(previous.text.strip())
    return _close(previous, line)


def _strip_marker(line: _Line, length: int) -> _Line:
    """The line without its list marker (the first ``length`` characters of its text)."""
    words = list(line.words)
    consumed = 0
    while words and consumed + len(words[0].text) <= length:
        consumed += len(words[0].text) + 1
        words.pop(0)
    if words and consumed < length:
        first = words[0]
        words[0] = _Word(
            first.text[length - consumed :], first.x0, first.top, first.bottom,
            first.size, first.bold, first.url,
        )  # fmt: skip
    return _Line(words or line.words, line.page, line.page_height, line.baseline)


def _inline(lines: list[_Line]) -> str:
    """The lines joined (de-hyphenated), bold runs as ``**..**``, links as ``[..](..)``."""
    words = _dehyphenated(lines)
    whole_bold = all(w.bold for w in words)
    pieces: list[str] = []
    index = 0
    while index < len(words):
        first = words[index]
        end = index + 1
        while end < len(words) and (words[end].url, words[end].bold) == (first.url, first.bold):
            end += 1
        text = _joined([w.text for w in words[index:end]])
        piece = link(text, first.url) if first.url else text
        pieces.append(bold(piece) if first.bold and not whole_bold else piece)
        index = end
    text = squeeze(_joined(pieces))
    return bold(text) if whole_bold and text else text


def _dehyphenated(lines: list[_Line]) -> list[_Word]:
    """The lines' words, a word broken over a line end ("protec-" / "tion") made whole."""
    words: list[_Word] = []
    for line in lines:
        rest = list(line.words)
        if (
            words
            and rest
            and re.search(r"[A-Za-z]-$", words[-1].text)
            and rest[0].text[:1].islower()
        ):
            last = words[-1]
            words[-1] = _Word(
                last.text[:-1] + rest.pop(0).text, last.x0, last.top, last.bottom,
                last.size, last.bold, last.url,
            )  # fmt: skip
        words.extend(rest)
    return words


def _joined(parts: list[str]) -> str:
    """Words joined by spaces; CJK characters joined without one."""
    text = ""
    for part in parts:
        if not text:
            text = part
        elif _CJK.search(text[-1:]) and _CJK.search(part[:1]):
            text += part
        else:
            text += " " + part
    return text


def _write(writer: CanonicalWriter, block: _Block) -> None:
    text = _inline(block.lines)
    if block.kind == "heading":
        writer.end_list()
        writer.heading(block.level, text.replace("**", ""))
    elif block.kind == "item":
        writer.item(text, depth=block.level, marker=block.marker)
    else:
        writer.end_list()
        writer.paragraph(text)


def _title(lines: list[_Line]) -> str | None:
    if not lines:
        return None
    largest = max(ln.size for ln in lines)
    for line in lines:
        if line.size == largest:
            return squeeze(line.text) or None
    return None
