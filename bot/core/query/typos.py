"""A filter word typed with one slip ("fiens", "penalites", "drafs"): read as the word,
and the answer says so ("Read “fiens” as fines."). Only slips that rarely make another
word: two neighbouring letters swapped (words of 4 letters or more), one letter left out
(5 or more), one letter too many (6 or more), one letter wrong (7 or more); the first
letter always as typed, never a word that begins the keyword or that the keyword begins
("sentence" is no slip for "sentenced", nor "finest" for "fines"), and only one keyword
that close. No I/O."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from bot.core.query.vocabulary import KEYWORDS


def _swapped(typed: str, word: str) -> bool:
    if len(typed) != len(word) or len(typed) < 4:
        return False
    diff = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and typed[diff[0]] == word[diff[1]]
        and (typed[diff[1]] == word[diff[0]])
    )


def _one_out(short: str, long: str) -> bool:
    """``short`` is ``long`` with one letter left out."""
    if len(long) != len(short) + 1:
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _one_wrong(typed: str, word: str) -> bool:
    if len(typed) != len(word) or len(typed) < 7:
        return False
    return sum(a != b for a, b in zip(typed, word, strict=True)) == 1


def _slip(typed: str, word: str) -> bool:
    if typed[0] != word[0] or word.startswith(typed) or typed.startswith(word):
        return False  # "sentence", "propose", "damage", "finest": words of their own
    if _swapped(typed, word) or _one_wrong(typed, word):
        return True
    if len(typed) >= 5 and _one_out(typed, word):
        return True
    return len(typed) >= 6 and _one_out(word, typed)


@lru_cache(maxsize=1)
def _keywords() -> tuple[str, ...]:
    return tuple(k for k in KEYWORDS if k.isascii() and k.isalpha() and len(k) >= 4)


def keyword_typo(typed: str, known: Iterable[str] = ()) -> str | None:
    """The filter keyword ``typed`` is one slip from, if exactly one; never for a word the
    vocabulary knows as it is (``known``: stop words, names)."""
    lower = typed.lower()
    if not lower.isalpha() or lower in KEYWORDS or lower in set(known):
        return None
    close = [k for k in _keywords() if _slip(lower, k)]
    return close[0] if len(close) == 1 else None
