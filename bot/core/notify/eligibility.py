"""Which developments may go out unasked: alerts, thread updates, digests, reminders and the
calendar all ask ``publishable`` and nothing else, so the rule lives in one place.

A development is publishable once a person has reviewed it (``Development.reviewed``): the
ingester's machine summary and tags are never pushed into a channel. Answers to questions
are a different matter and follow their own rules.
"""

from __future__ import annotations

from bot.core.knowledge.model import Development


def publishable(dev: Development) -> bool:
    """True when ``dev`` may be sent to subscribers (alerted, digested, reminded of)."""
    return dev.reviewed
