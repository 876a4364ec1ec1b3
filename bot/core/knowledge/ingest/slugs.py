"""The slug of a new development's id, in any language of its title.

An English title gives its content words ("cbirc-issues-measures-protection-consumer").
A Chinese title gives the English names of what the gazetteer recognises in it (国家网信办
-> "cac", 个人信息 -> "personal-information", 深圳 -> "shenzhen") and the pinyin of the
rest, word by word as ``jieba`` segments it ("chujing-biaozhun-hetong", never syllables
split across words), romanised with ``pypinyin``. Never a generic "development".
"""

from __future__ import annotations

import logging
import re

import jieba

from bot.core.knowledge.gazetteer import KINDS, Gazetteer, normalise
from bot.core.knowledge.ingest.summary import slug, slug_words

GENERIC_SLUG_WORDS = frozenset(
    (
        "development",
        "developments",
        "update",
        "updates",
        "news",
        "new",
        "issue",
        "notice",
        "item",
        "report",
        "other",
        "misc",
        "headlines",
        "highlights",
    )
)
"""Words that say nothing about a development; a slug of only these is flagged."""

SLUG_MAX_CHARS = 59
"""The longest slug: a development id (``YYYY-MM-DD-slug``) stays within 70 characters."""

_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_CJK_FILLER = re.compile(r"关于|的|就|对|和|与|及|等|了|之|其|一|某")
_SLUG_KINDS = ("authorities", "laws", "entities", "regions", "topics", "sectors")


def development_slug(title: str, gazetteer: Gazetteer, *, max_chars: int = SLUG_MAX_CHARS) -> str:
    """3-7 words naming the development, lowercase and hyphenated."""
    if not _CJK.search(title):
        return slug(title, max_chars=max_chars)
    words = _romanised_words(normalise(title), gazetteer)
    chosen: list[str] = []
    for word in words:
        if len(chosen) >= 7 or len("-".join([*chosen, word])) > max_chars:
            break
        if word not in chosen:
            chosen.append(word)
    return "-".join(chosen) or slug(title, max_chars=max_chars)


def is_generic(slug_text: str) -> bool:
    """A slug that names nothing in particular ("development", "news-update")."""
    words = [w for w in slug_text.split("-") if w]
    return not words or all(w in GENERIC_SLUG_WORDS or w.isdigit() for w in words)


def _romanised_words(title: str, gazetteer: Gazetteer) -> list[str]:
    spans: list[tuple[int, int, str]] = []
    for kind in _SLUG_KINDS:
        assert kind in KINDS
        for start, end, name in gazetteer.find_spans(kind, title):
            if any(start < e and s < end for s, e, _ in spans):
                continue
            spans.append((start, end, name))
    spans.sort()
    words: list[str] = []
    position = 0
    for start, end, name in spans:
        words += _plain_words(title[position:start])
        words += slug_words(name)
        position = end
    words += _plain_words(title[position:])
    return words


def _plain_words(text: str) -> list[str]:
    """Latin words as they are; Chinese runs in pinyin, one slug word per Chinese word."""
    words: list[str] = []
    position = 0
    for run in _CJK_RUN.finditer(text):
        words += slug_words(text[position : run.start()])
        for piece in _CJK_FILLER.split(run.group(0)):
            # imported here: its dictionaries take a quarter of a second to load, which every
            # process would pay at start-up; only Chinese titles need it
            from pypinyin import lazy_pinyin

            words += ["".join(lazy_pinyin(word)) for word in _segmenter().lcut(piece) if word]
        position = run.end()
    words += slug_words(text[position:])
    return [w for w in words if w]


_SEGMENTER: list[jieba.Tokenizer] = []


def _segmenter() -> jieba.Tokenizer:
    """One jieba tokenizer (its dictionary is loaded on first use, quietly)."""
    if not _SEGMENTER:
        jieba.setLogLevel(logging.WARNING)
        _SEGMENTER.append(jieba.Tokenizer())
    return _SEGMENTER[0]
