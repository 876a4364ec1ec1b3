"""RSS and Atom feeds -> blocks: each entry a bold linked headline paragraph, then its text's
paragraphs, the first starting with its date (the day in the time zone the feed writes it
in)::

    **[CAC issues outbound data transfer measures](https://...)**

    7 July 2022 – The CAC issued ...

Entries keep the feed's order. Their tags (categories) are not made sections: a tag names
what a site files a post under ("CAC", "Site news"), not what the post reports, so the
category comes from the entry's own words."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Sequence
from dataclasses import replace
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser

from bot.core.knowledge.ingest.blocks import BlockKind, Span, inline_markdown, plain
from bot.core.knowledge.ingest.readers.canonical import CanonicalWriter, bold, link, squeeze
from bot.core.knowledge.ingest.readers.document import ReadError, ReadResult, SourceFormat
from bot.core.knowledge.ingest.readers.html import html_fragment_blocks, html_fragment_text


def read_feed(data: bytes, file_name: str, sha256: str | None = None) -> ReadResult:
    # No sanitising: entry HTML is only read for its words and http(s) links, never rendered.
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    entries = list(parsed.entries)
    if not entries:
        problem = "an RSS/Atom feed with no entries"
        if parsed.bozo:
            problem = f"a feed that is not well-formed XML ({parsed.bozo_exception})"
        raise ReadError(file_name, problem, "check the feed's address or save it again")
    feed = parsed.feed
    title = squeeze(str(feed.get("title", ""))) or None
    writer = CanonicalWriter(file_name, "a feed")
    if title:
        writer.heading(1, title)
    for entry in entries:  # in the feed's order; tags are no sections (see the module doc)
        _entry(writer, entry)
    warnings: tuple[str, ...] = ()
    if parsed.bozo:
        warnings = (f"{file_name}: the feed is not well-formed; read what could be read",)
    return ReadResult(
        text=writer.text(),
        blocks=writer.blocks(),
        source_format=SourceFormat.FEED,
        file_name=file_name,
        sha256=sha256 or hashlib.sha256(data).hexdigest(),
        title=title,
        issue_date=_local_date(feed, "updated") or _local_date(feed, "published"),
        warnings=warnings,
        identity=_identity(feed),
        entry_keys=tuple(pair for entry in entries for pair in _entry_keys(entry)),
    )


def _identity(feed: Any) -> str | None:
    """The feed's own id (Atom), else the address it says it is at (``rel="self"``), else
    the site it belongs to (RSS's channel link)."""
    own = squeeze(str(feed.get("id") or ""))
    if own:
        return own
    for item in feed.get("links") or []:
        if item.get("rel") == "self" and item.get("href"):
            return str(item["href"]).strip()
    return str(feed.get("link") or "").strip() or None


def _entry_keys(entry: Any) -> list[tuple[str, str]]:
    """(link, key) and (headline, key): the key is the entry's id, else its link."""
    url = str(entry.get("link") or "").strip()
    key = squeeze(str(entry.get("id") or "")) or url
    if not key:
        return []
    title = squeeze(html_fragment_text(str(entry.get("title", ""))))
    return [(found, key) for found in (url, title) if found]


def _entry(writer: CanonicalWriter, entry: Any) -> None:
    title = squeeze(html_fragment_text(str(entry.get("title", ""))))
    url = str(entry.get("link") or "")
    headline = link(title, url) if url.startswith(("http://", "https://")) else title
    if headline:
        writer.paragraph(bold(headline) if "**" not in headline else headline)
    content = entry.get("content") or []
    html = str(content[0].get("value", "")) if content else str(entry.get("summary", ""))
    body = _paragraphs(html)
    when = _local_date(entry, "published") or _local_date(entry, "updated")
    dateline = f"{when.day} {when:%B %Y}" if when else ""
    first = body[0] if body else ""
    if dateline or first:
        writer.paragraph(f"{dateline} – {first}" if dateline and first else dateline or first)
    for paragraph in body[1:]:
        writer.paragraph(paragraph)


def _paragraphs(html: str) -> list[str]:
    """An entry's text a paragraph (or list item, or table row) at a time, links and bold
    kept but for bold that opens a paragraph: only the entry's headline may read as one."""
    lines: list[str] = []
    for block in html_fragment_blocks(html):
        if block.kind is BlockKind.TABLE:
            lines += ["; ".join(plain(cell) for cell in row) for row in block.rows]
        elif block.kind is not BlockKind.BOX:
            lines.append(inline_markdown(_unbolded_lead(block.spans)))
        else:
            lines += [child.text for child in block.children]
    return [line for line in (squeeze(line) for line in lines) if line]


def _date(parsed: time.struct_time | None) -> dt.date | None:
    if not parsed:
        return None
    return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)


def _local_date(entry: Any, key: str) -> dt.date | None:
    """The day of ``entry[key]`` in the time zone it is written in (the publisher's), not in
    UTC: "Thu, 21 Jul 2022 07:30:00 +0800" is 21 July though it is 20 July in UTC. Falls back
    to feedparser's UTC reading when the text is in no format known here."""
    raw = str(entry.get(key) or "").strip()
    if raw:
        try:
            return parsedate_to_datetime(raw).date()
        except (TypeError, ValueError, IndexError):
            pass
        try:
            return dt.datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    return _date(entry.get(f"{key}_parsed"))


def _unbolded_lead(spans: Sequence[Span]) -> list[Span]:
    """The spans without the bold that opens them ("**Background**", "**Regulator:** X")."""
    out = list(spans)
    for index, span in enumerate(out):
        if span.text.strip() and not span.bold:
            break
        out[index] = replace(span, bold=False)
    return out
