"""Newsletters given as an ``http(s)://`` address (a feed, a web page): fetched to a file.

Bounded like a file: at most ``MAX_FILE_BYTES`` are read, with a timeout; a failure is a
``ReadError`` (one line: the address, what went wrong, what to do).
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path

from bot.core.knowledge.ingest.readers.dispatch import check_size
from bot.core.knowledge.ingest.readers.document import ReadError
from bot.core.limits import FETCH_TIMEOUT_SECONDS, MAX_FILE_BYTES


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "pi-bot newsletter intake"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
            data: bytes = response.read(MAX_FILE_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise ReadError(
            url,
            f"an address that could not be fetched ({exc})",
            "check the address, or save the feed to a file and ingest that",
        ) from exc
    check_size(len(data), url)
    return data


def fetch_to(url: str, folder: Path) -> Path:
    """The fetched newsletter saved in ``folder`` under a name made from the address (the
    newsletter's id in the store)."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", url.split("://", 1)[1]).strip("-")[:80] or "feed"
    path = folder / stem
    path.write_bytes(fetch(url))
    return path
