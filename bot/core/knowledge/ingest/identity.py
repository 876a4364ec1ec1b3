"""A newsletter's identity in the store, stable and unique (pure).

- A feed (or a page fetched by address) is what it calls itself: its own id, else its
  address; the id is readable words of that plus a short hash of all of it, so two feeds
  both called ``feed.xml`` are two newsletters, and fetching one again is the same one.
- A file received without a name of its own (shared in Slack: ``newsletter.pdf``,
  ``image.png``) is its title and a short hash of its bytes.
- A feed's entries are keyed by their id or link (``ParsedItem.key``): a feed that gained
  entries at the top adds exactly those.
"""

from __future__ import annotations

import hashlib
import re

from bot.core.knowledge.ingest.parse import ParsedNewsletter

WORDS_LIMIT = 48
HASH_LENGTH = 10


def _words(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:WORDS_LIMIT].strip("-").lower()


def identity_id(identity: str) -> str:
    """The newsletter id of a source that names itself (a feed's id or address)."""
    bare = re.sub(r"^[a-z][a-z0-9+.-]*://", "", identity.strip(), flags=re.I)
    digest = hashlib.sha256(identity.strip().encode("utf-8")).hexdigest()[:HASH_LENGTH]
    return f"{_words(bare) or 'feed'}-{digest}"


def content_id(title: str | None, file_name: str, sha256: str) -> str:
    """The newsletter id of a received file: its title (else its name's stem) and a short
    hash of its content."""
    stem = file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    words = _words(title or "") or _words(stem) or "newsletter"
    return f"{words}-{sha256[:HASH_LENGTH]}"


def key_entries(parsed: ParsedNewsletter, entry_keys: tuple[tuple[str, str], ...]) -> None:
    """Give each item of a feed its entry's key, found by the item's link, else its
    headline (items of anything but a feed are left as they are)."""
    if not entry_keys:
        return
    keys = dict(reversed(entry_keys))  # the first entry wins a duplicate link or title
    taken: set[str] = set()
    for item in parsed.items:
        key = keys.get(item.url or "") or keys.get(" ".join(item.headline.split()))
        if key and key not in taken:
            item.key = key
            taken.add(key)
