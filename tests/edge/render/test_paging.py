"""Page tokens are bounded: a value longer than any token the bot makes is refused unread,
and a compressed token is refused once it expands past a few tens of kilobytes."""

from __future__ import annotations

import base64
import json
import zlib

from bot.edge.render.paging import VALUE_LIMIT, decode_page


def _compressed(query: str) -> str:
    packed = zlib.compress(json.dumps({"q": query, "o": 0}).encode(), 9)
    return "z:" + base64.urlsafe_b64encode(packed).decode("ascii")


def test_a_small_token_that_expands_enormously_is_refused() -> None:
    bomb = _compressed("a" * 1_000_000)  # a megabyte in a button-sized value
    assert len(bomb) <= VALUE_LIMIT
    assert decode_page(bomb) is None


def test_a_token_longer_than_any_button_value_is_refused_unread() -> None:
    assert decode_page("j:" + json.dumps({"q": "b" * 400_000, "o": 0})) is None
    wide = "".join(chr(0x4E00 + n % 20000) for n in range(150_000))
    assert decode_page(_compressed(wide)) is None


def test_a_compressed_token_within_the_bound_still_reads() -> None:
    query = "fines henan " * 300  # longer than a plain token, well within the bound
    assert decode_page(_compressed(query)) == (query, 0)
