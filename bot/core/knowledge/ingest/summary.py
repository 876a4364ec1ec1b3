"""Machine summaries and ids for new developments.

The machine summary is a compressed lead: date openers ("On 19 May,", "It was reported on
May 25 that"), defined-term parentheses ('(the "Plan")', '("CBIRC")') and later sentences
are dropped, and it stops within a word budget. It is never a whole paragraph of the
source; a reviewer rewrites it in our own words before the record is marked reviewed.
"""

from __future__ import annotations

import re
import unicodedata

from bot.core.knowledge.ingest.penalties import split_sentences

WORD_BUDGET = 45
SUMMARY_MAX = 1500
_DEFINED_TERM = re.compile(
    r"\s*\((?:the\s+|collectively\s+referred\s+to\s+as\s+|hereinafter\s+\w+\s+)?"
    r"[“\"'‘][^()]{1,80}?[”\"'’]\)"
)
_ACRONYM = re.compile(r"\s*\([A-Z][A-Z0-9]{1,9}\)")
_DATE_OPENER = re.compile(
    r"^(?:It\s+was\s+reported\s+(?:on|in)\s+[^,]{3,25}?(?:,\s*(?:19|20)\d\d)?\s+that\s+"
    r"|(?:On|In|During|Since|As of)\s+[^,]{3,25}?(?:,\s*(?:19|20)\d\d)?,\s*)",
    re.IGNORECASE,
)
STOP_WORDS = frozenset(
    (
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "for",
        "to",
        "and",
        "or",
        "by",
        "with",
        "from",
        "at",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "its",
        "their",
        "re",
        "via",
        "into",
        "about",
        "over",
        "than",
        "that",
        "this",
        "which",
        "who",
        "whom",
        "it's",
        "it",
        "these",
        "those",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "has",
        "have",
        "had",
        "not",
        "no",
        "nor",
        "so",
        "such",
        "per",
        "vs",
        "etc",
        "also",
        "i",
        "e",
        "g",
    )
)


def machine_summary(headline: str, body: str) -> str:
    paragraphs = [re.sub(r"\s+", " ", p).strip() for p in body.split("\n\n") if p.strip()]
    # "Operations.The Decision": a missing space must not glue two sentences together.
    paragraphs = [re.sub(r"(?<=[a-z)”\"])\.(?=[A-Z])", ". ", p) for p in paragraphs]
    sentences = [_compress(s) for s in split_sentences("\n\n".join(paragraphs))]
    sentences = [s for s in sentences if s]
    words: list[str] = []
    for sentence in sentences:
        sentence_words = sentence.split()
        if words and len(words) + len(sentence_words) > WORD_BUDGET:
            if len(words) < WORD_BUDGET // 2:
                words.extend(sentence_words)
            break
        words.extend(sentence_words)
        if len(words) >= WORD_BUDGET:
            break
    summary = _cut(words)
    if any(_fold(summary) == _fold(p) for p in paragraphs):
        # A one-sentence paragraph survived whole: keep its first clauses only.
        summary = _cut(summary.split(), limit=max(8, len(summary.split()) * 2 // 3))
    if len(summary) < 20:
        summary = f"{headline.rstrip('.')}."
    if len(summary) < 20:
        summary = f"Reported development: {summary}"
    return summary[:SUMMARY_MAX]


def lead_sentence(body: str) -> str:
    """The body's first sentence without its date opener ("On 20 June 2022, ...")."""
    sentences = split_sentences(body)
    return _compress(sentences[0]) if sentences else ""


def _compress(sentence: str) -> str:
    sentence = _DEFINED_TERM.sub("", sentence)
    sentence = _ACRONYM.sub("", sentence)
    sentence = _DATE_OPENER.sub("", sentence.strip())
    sentence = re.sub(r"\s+([,.;:])", r"\1", sentence)
    sentence = re.sub(r"\bthe the\b", "the", sentence)
    return sentence[:1].upper() + sentence[1:] if sentence else ""


def _cut(words: list[str], limit: int = WORD_BUDGET) -> str:
    if len(words) <= limit:
        return " ".join(words)
    kept = " ".join(words[:limit]).rstrip(",;:")
    return kept + " …"


def _fold(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def slug_words(title: str) -> list[str]:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower().replace("'s", ""))
    return [w for w in words if w not in STOP_WORDS and len(w) > 1 or w.isdigit()]


def slug(title: str, *, max_words: int = 7, max_chars: int = 58) -> str:
    """3-7 words of the title, lowercase and hyphenated, without stop words."""
    chosen: list[str] = []
    for word in slug_words(title):
        if len(chosen) >= max_words or len("-".join([*chosen, word])) > max_chars:
            break
        chosen.append(word)
    return "-".join(chosen) or "development"
