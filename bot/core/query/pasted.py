"""Pasted e-mails and long messages: the question sentences, without greetings, sign-offs,
signatures and quoted earlier messages. A short request is returned as it is. No I/O."""

from __future__ import annotations

import re

_QUOTED_START = re.compile(
    r"^\s*(?:-{2,}\s*original\s+message\s*-{2,}|on\s.{4,80}\swrote:|from:\s|发件人[:：]|"
    r"-{2,}\s*forwarded\s+message)",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|dear|good\s+(?:morning|afternoon|evening)|greetings|您好|你好|各位)"
    r"\b[^.!?\n,，]{0,40}[,，!:：]?\s*",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"^\s*(?:thanks?(?:\s+(?:you|again|a\s+lot|in\s+advance))?|many\s+thanks|best(?:\s+regards|"
    r"\s+wishes)?|kind\s+regards|regards|cheers|sincerely|yours(?:\s+\w+)?|br|thx|谢谢|此致|祝好)"
    r"\s*[,.!，。]?\s*$",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]?")
_ASKING = re.compile(
    r"[?？]\s*$|^\s*(?:can|could|would|will|do|does|did|is|are|was|were|has|have|any|what|"
    r"which|who|when|where|how|please|pls|i\s+need|we\s+need|i'?d\s+like|we'?d\s+like|"
    r"looking\s+for|send|tell|list|show|find|give|let\s+me\s+know|wondering|请|麻烦|帮|能否|"
    r"是否|有没有|哪些|多少)",
    re.IGNORECASE,
)
LONG = 160


def is_pasted(text: str) -> bool:
    """Whether ``text`` looks like a pasted message rather than a typed request."""
    return "\n" in text.strip() or len(text) > LONG or bool(_GREETING.match(text))


def question_of(text: str) -> str:
    """The part of a pasted message that asks: its question sentences (or, when none is
    recognisable, its body without greeting, sign-off, signature and quoted text)."""
    if not is_pasted(text):
        return text
    body: list[str] = []
    for line in text.splitlines():
        if _QUOTED_START.match(line):
            break  # an earlier message follows
        if line.lstrip().startswith(">"):
            continue
        if _SIGN_OFF.match(line):
            break  # the signature follows
        body.append(line)
    joined = " ".join(body)
    joined = _GREETING.sub("", joined, count=1).strip()
    sentences = [s.strip() for s in _SENTENCE.findall(joined) if s.strip()]
    asking = [s for s in sentences if _ASKING.search(s)]
    kept = " ".join(asking or sentences)
    return kept or text
