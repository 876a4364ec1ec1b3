"""Page tokens: what a "More" or "Share in channel" button carries to ask the same question
again at an offset, within Slack's 2,000-character limit on a button's value.

A token is self-contained whenever it can be: ``j:`` + JSON for short questions, ``z:`` +
compressed JSON for longer ones. A question too long even compressed (the engine accepts
4,000 characters) is kept in a bounded in-process memory and the token only references it
(``k:`` + key); if that memory has been lost (restart, another worker), ``decode_page``
returns ``None`` and the caller asks the user to ask again. No Slack imports.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import threading
import zlib
from collections import OrderedDict

VALUE_LIMIT = 2000
"""Slack's limit on a button's ``value``."""
REMEMBERED = 2048
"""How many over-long questions are remembered for their buttons."""
MAX_TOKEN_CHARS = VALUE_LIMIT
"""No token this module makes is longer; a longer one is refused before it is read."""
MAX_DECOMPRESSED_BYTES = 64 * 1024
"""A compressed token holds a question of at most a few thousand characters as JSON; its
decompression stops past this many bytes and the token is refused."""

_lock = threading.Lock()
_remembered: OrderedDict[str, str] = OrderedDict()


def _json(query: str, offset: int) -> str:
    """Compact JSON in which ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, so a
    token never carries markup such as ``<!channel>`` even where Slack does not render it."""
    text = json.dumps({"q": query, "o": offset}, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def encode_page(query: str, offset: int) -> str:
    """A button value that gives back (``query``, ``offset``) through ``decode_page``."""
    plain = "j:" + _json(query, offset)
    if len(plain) <= VALUE_LIMIT:
        return plain
    packed = zlib.compress(_json(query, offset).encode("utf-8"), 9)
    compressed = "z:" + base64.urlsafe_b64encode(packed).decode("ascii")
    if len(compressed) <= VALUE_LIMIT:
        return compressed
    key = hashlib.sha256(query.encode("utf-8")).hexdigest()[:32]
    with _lock:
        _remembered[key] = query
        _remembered.move_to_end(key)
        while len(_remembered) > REMEMBERED:
            _remembered.popitem(last=False)
    return f"k:{key}:{offset}"


def decode_page(value: str) -> tuple[str, int] | None:
    """(query, offset) from a token, or ``None`` if it is malformed or no longer known."""
    if not value or len(value) > MAX_TOKEN_CHARS:
        return None
    kind, _, rest = value.partition(":")
    try:
        if kind == "j":
            data = json.loads(rest)
        elif kind == "z":
            data = json.loads(_bounded_decompress(base64.urlsafe_b64decode(rest.encode("ascii"))))
        elif kind == "k":
            key, _, at = rest.partition(":")
            with _lock:
                remembered = _remembered.get(key)
            if remembered is None:
                return None
            return remembered, max(0, int(at))
        else:
            return None
    except (ValueError, zlib.error, binascii.Error, UnicodeError, _TooLarge):
        return None
    if not isinstance(data, dict):
        return None
    query, offset = data.get("q"), data.get("o")
    if not isinstance(query, str) or type(offset) is not int or offset < 0:
        return None
    return query, offset


class _TooLarge(Exception):
    pass


def _bounded_decompress(packed: bytes) -> bytes:
    """``zlib.decompress`` that gives up past ``MAX_DECOMPRESSED_BYTES`` (a small token may
    expand enormously)."""
    inflater = zlib.decompressobj()
    data = inflater.decompress(packed, MAX_DECOMPRESSED_BYTES)
    if inflater.unconsumed_tail or not inflater.eof:
        raise _TooLarge
    return data
