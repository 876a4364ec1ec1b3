"""HTML (a page or an e-mail's HTML part) -> canonical structured text.

Headings, lists (nested, numbered ``1.`` / ``1.1``), data tables, bold and links are kept;
layout tables (the way e-mail newsletters are laid out) are read cell by cell; scripts,
styles, hidden preheaders, navigation, footers and unsubscribe/"view in browser" lines are
dropped.
"""

from __future__ import annotations

import hashlib
import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from bot.core.knowledge.ingest.blocks import Block, Role, render_markdown
from bot.core.knowledge.ingest.readers.boilerplate import is_boilerplate
from bot.core.knowledge.ingest.readers.canonical import CanonicalWriter, bold, link, squeeze
from bot.core.knowledge.ingest.readers.document import ReadError, ReadResult, SourceFormat
from bot.core.knowledge.ingest.readers.limits import MAX_HTML_DEPTH, MAX_HTML_ELEMENTS
from bot.core.knowledge.ingest.readers.roles import (
    mark_toc,
    mark_trailing_links,
    structural_role,
)
from bot.core.knowledge.ingest.readers.text import decode_text

_SKIPPED = frozenset(
    [
        "head",
        "title",
        "meta",
        "link",
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "canvas",
        "iframe",
        "object",
        "embed",
        "button",
        "select",
        "input",
        "textarea",
        "form",
        "img",
        "picture",
        "video",
        "audio",
        "map",
    ]
)
_INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "var",
        "wbr",
        "label",
        "o:p",
    ]
)
_BOLD = frozenset(("b", "strong"))
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_LISTS = frozenset(("ul", "ol"))
_CELL_BLOCKS = frozenset(
    ["p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"]
)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_MAIN = "data-pi-main-content"
_HIDDEN_LOOKED_AT = 50  # hidden elements weighed as the page's content (bounds the work)
_TAG_OPEN = re.compile(rb"<[A-Za-z]")
_META_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b", re.IGNORECASE)
_WHOLE_BOLD = re.compile(r"^\*\*[^*]+\*\*[:.]?$")


def read_html(data: bytes, file_name: str, sha256: str | None = None) -> ReadResult:
    match = _META_CHARSET.search(data[:4096])
    text = decode_text(data, file_name, declared=match.group(1).decode() if match else None)
    blocks, title = html_to_blocks(text, file_name)
    return ReadResult(
        text=render_markdown(blocks),
        blocks=blocks,
        source_format=SourceFormat.HTML,
        file_name=file_name,
        sha256=sha256 or hashlib.sha256(data).hexdigest(),
        title=title,
    )


def html_to_canonical(html: str, file_name: str) -> tuple[str, str | None]:
    """The canonical text of an HTML document, and its title (``<title>`` or first ``<h1>``)."""
    blocks, title = html_to_blocks(html, file_name)
    return render_markdown(blocks), title


def html_to_blocks(html: str, file_name: str) -> tuple[tuple[Block, ...], str | None]:
    """The blocks of an HTML document (boilerplate marked by role), and its title."""
    elements = len(_TAG_OPEN.findall(html.encode("utf-8", errors="replace")))
    if elements > MAX_HTML_ELEMENTS:
        raise ReadError(
            file_name,
            f"an HTML page with {elements:,} elements (the limit is {MAX_HTML_ELEMENTS:,})",
            "split it into separate newsletters",
        )
    tree = LexborHTMLParser(html)
    writer = CanonicalWriter(file_name, "an HTML page")
    root = tree.body or tree.root
    if root is not None:
        main = _reveal_main_content(root)
        if main is not None:  # the article itself; the rest of the page is its chrome
            main.attrs[_MAIN] = "1"
            writer.role = Role.NAVIGATION
        _Renderer(writer).blocks(root, 0)
    return tuple(mark_toc(mark_trailing_links(list(writer.blocks())))), _title(tree)


def _reveal_main_content(root: LexborNode) -> LexborNode | None:
    """A hidden element holding most of the page's text is its content, hidden until a
    script shows it (a WeChat article as served: ``#js_content`` with ``visibility:hidden``):
    read it whatever its style, and return it. Short hidden parts (preheaders) stay unread."""
    total = _chars(root)
    hidden = (node for node in root.css("[style], [hidden]") if _hidden(node))
    for _, node in zip(range(_HIDDEN_LOOKED_AT), hidden, strict=False):
        if _chars(node) * 2 > total:
            for name in ("style", "hidden", "aria-hidden"):
                if name in node.attrs:
                    del node.attrs[name]
            return node
    return None


def _chars(node: LexborNode) -> int:
    return len("".join(node.text(deep=True, separator=" ").split()))


def html_fragment_text(html: str) -> str:
    """The words of an HTML fragment on one line (links and bold kept): feed summaries."""
    tree = LexborHTMLParser(f"<body>{html}</body>")
    body = tree.body
    return squeeze(_Renderer(CanonicalWriter("", "")).inline(body, 0)) if body else ""


def html_fragment_blocks(html: str) -> tuple[Block, ...]:
    """The blocks of an HTML fragment (paragraphs, list items, tables): a feed entry's."""
    writer = CanonicalWriter("", "")
    body = LexborHTMLParser(f"<body>{html}</body>").body
    if body is not None:
        _Renderer(writer).blocks(body, 0)
    return writer.blocks()


def _title(tree: LexborHTMLParser) -> str | None:
    for selector in ("title", "h1"):
        node = tree.css_first(selector)
        if node is not None:
            text = squeeze(node.text(deep=True))
            if text:
                return text
    return None


def _hidden(node: LexborNode) -> bool:
    attributes = node.attributes
    if "hidden" in attributes or attributes.get("aria-hidden") == "true":
        return True
    style = attributes.get("style") or ""
    return bool(_HIDDEN.search(style))


class _Renderer:
    def __init__(self, writer: CanonicalWriter) -> None:
        self.writer = writer

    # --- blocks ----------------------------------------------------------------------

    def blocks(self, node: LexborNode, depth: int) -> None:
        pieces: list[str] = []
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                pieces.append(child.text_content or "")
            elif tag == "br":
                pieces.append("\n")
            elif tag is None or tag.startswith("-") or tag in _SKIPPED or _hidden(child):
                continue
            elif tag in _INLINE:
                pieces.append(self.inline(child, depth + 1))
            else:
                self._flush(pieces)
                pieces = []
                role = structural_role(tag, child.attributes)
                if _MAIN in child.attributes:
                    with self.writer.main_content():
                        self._block(child, depth + 1)
                elif role is None:
                    self._block(child, depth + 1)
                else:  # a footer, menu, related-posts list...: read, marked
                    with self.writer.role_of(role):
                        self._block(child, depth + 1)
        self._flush(pieces)

    def _block(self, node: LexborNode, depth: int) -> None:
        tag = node.tag or ""
        if depth > MAX_HTML_DEPTH:
            self._paragraph(node.text(deep=True, separator=" "))
        elif tag in _HEADINGS:
            text = self.inline(node, depth)
            self.writer.heading(_HEADINGS[tag], text, role=_role(text))
        elif tag in _LISTS:
            self._list(node, depth, 0, "")
            self.writer.end_list()
        elif tag == "li":
            self._item(node, depth, 0, "-", "")
        elif tag == "table":
            self._table(node, depth)
        elif tag == "pre":
            for part in re.split(r"\n\s*\n", node.text(deep=True)):
                self._paragraph(part)
        elif tag != "hr":
            self.blocks(node, depth)

    def _flush(self, pieces: list[str]) -> None:
        lines = [squeeze(line) for line in "".join(pieces).split("\n")]
        lines = [line for line in lines if line]
        # "<b>Headline</b><br>Body..." is a headline paragraph and a body paragraph.
        while len(lines) > 1 and _WHOLE_BOLD.match(lines[0]):
            self._paragraph(lines.pop(0))
        if lines:
            self._paragraph(" ".join(lines))

    def _paragraph(self, text: str) -> None:
        text = squeeze(text)
        if text:
            self.writer.paragraph(text, role=_role(text))

    # --- lists -----------------------------------------------------------------------

    def _list(self, node: LexborNode, depth: int, level: int, parent_number: str) -> None:
        ordered = node.tag == "ol"
        start = node.attributes.get("start") or "1"
        number = int(start) if start.isdigit() else 1
        for child in node.iter():
            if child.tag == "li" and not _hidden(child):
                if ordered:
                    label = f"{parent_number}{number}" if parent_number else f"{number}"
                    marker = f"{label}." if not parent_number else label
                    number += 1
                else:
                    label, marker = "", "-"
                self._item(child, depth + 1, level, marker, f"{label}." if label else "")
            elif child.tag in _LISTS:  # a list directly inside a list: one level deeper
                self._list(child, depth + 1, level + 1, parent_number)

    def _item(self, node: LexborNode, depth: int, level: int, marker: str, label: str) -> None:
        parts: list[str] = []
        nested: list[LexborNode] = []
        for child in node.iter(include_text=True):
            if child.tag in _LISTS:
                nested.append(child)
            elif child.tag == "-text":
                parts.append(child.text_content or "")
            elif child.tag == "br":
                parts.append(" ")
            elif (
                child.tag
                and not child.tag.startswith("-")
                and child.tag not in _SKIPPED
                and not _hidden(child)
            ):
                inner = self.inline(child, depth + 1)
                parts.append(inner if child.tag in _INLINE else f" {inner} ")
        text = squeeze("".join(parts))
        if text:
            self.writer.item(text, depth=level, marker=marker, role=_role(text))
        for sub in nested:
            self._list(sub, depth + 1, level + 1, label)

    # --- tables ----------------------------------------------------------------------

    def _table(self, node: LexborNode, depth: int) -> None:
        rows = [row for row in node.css("tr") if _owning_table(row) == node]
        if _is_data_table(node, rows):
            for number, row in enumerate(rows):
                shown = [c for c in row.iter() if c.tag in ("td", "th") and not _hidden(c)]
                cells = [self.inline(cell, depth + 1) for cell in shown]
                if not is_boilerplate(" ".join(cells)):
                    self.writer.table_row(cells)
                    if number == 0 and shown and all(c.tag == "th" for c in shown):
                        self.writer.table_header()  # a row of <th>: it labels the rows
            return
        for row in rows:  # a layout table: each cell is a block of its own
            for cell in row.iter():
                if cell.tag in ("td", "th") and not _hidden(cell):
                    self.blocks(cell, depth + 1)

    # --- inline ----------------------------------------------------------------------

    def inline(self, node: LexborNode, depth: int, *, in_bold: bool = False) -> str:
        tag = node.tag or ""
        if depth > MAX_HTML_DEPTH:
            return node.text(deep=True, separator=" ")
        parts: list[str] = []
        for child in node.iter(include_text=True):
            ctag = child.tag or ""
            if ctag == "-text":
                parts.append(child.text_content or "")
            elif ctag == "br":
                parts.append("\n")
            elif ctag.startswith("-") or ctag in _SKIPPED or _hidden(child):
                continue
            else:
                inner = self.inline(child, depth + 1, in_bold=in_bold or _is_bold(node))
                if ctag not in _INLINE:
                    inner = f" {inner} "
                parts.append(inner)
        text = "".join(parts)
        if tag == "a":
            href = (node.attributes.get("href") or "").strip()
            if href.lower().startswith(("http://", "https://")) and squeeze(text):
                return link(text.replace("**", ""), href)
        if _is_bold(node) and not in_bold and squeeze(text) and "**" not in text:
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            return f"{lead}{bold(text)}{trail}"
        return text


def _role(text: str) -> Role | None:
    """A mailing's own lines (unsubscribe, view in browser, copyright) are its footer."""
    return Role.FOOTER if is_boilerplate(text) else None


def _is_bold(node: LexborNode) -> bool:
    """``<b>``, ``<strong>``, or an inline element styled bold (as e-mail builders write it)."""
    if node.tag in _BOLD:
        return True
    return node.tag in _INLINE and bool(_BOLD_STYLE.search(node.attributes.get("style") or ""))


def _owning_table(row: LexborNode) -> LexborNode | None:
    parent = row.parent
    while parent is not None and parent.tag != "table":
        parent = parent.parent
    return parent


def _is_data_table(table: LexborNode, rows: list[LexborNode]) -> bool:
    """A table of data (kept as ``| a | b |`` rows), not one laying out an e-mail."""
    if not rows:
        return False
    widths = set()
    for row in rows:
        cells = [c for c in row.iter() if c.tag in ("td", "th")]
        widths.add(len(cells))
        for cell in cells:
            if any(cell.css_first(tag) is not None for tag in _CELL_BLOCKS):
                return False
    if table.css_first("th") is not None:
        return True
    return len(widths) == 1 and min(widths) >= 2
