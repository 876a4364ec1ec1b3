"""Answers: the router that reads a request (command, question, follow-up), the engine that
answers it from the store, and the ``Answer`` every surface renders. The edge imports these
names from here.

Each name is imported from its module when first asked for: ``answers`` and ``notify``
still use each other's modules, so a package that imported all of its own on import
would import itself half-made.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.core.answers.answer import (
        APOLOGY,
        Answer,
        AnswerKind,
        Citation,
        DirectAnswer,
        Understood,
    )
    from bot.core.answers.command import PREFIX, split_command
    from bot.core.answers.conversation import (
        EXPIRY,
        ConversationStore,
        InMemoryConversations,
        Turn,
    )
    from bot.core.answers.editing import NOT_AN_EDITOR
    from bot.core.answers.engine import answer
    from bot.core.answers.query.vocabulary import clean_text
    from bot.core.answers.router import Context, Router, SubscriptionHandler, Surface

_HOMES = {
    "APOLOGY": "bot.core.answers.answer",
    "Answer": "bot.core.answers.answer",
    "AnswerKind": "bot.core.answers.answer",
    "Citation": "bot.core.answers.answer",
    "Context": "bot.core.answers.router",
    "ConversationStore": "bot.core.answers.conversation",
    "DirectAnswer": "bot.core.answers.answer",
    "EXPIRY": "bot.core.answers.conversation",
    "InMemoryConversations": "bot.core.answers.conversation",
    "NOT_AN_EDITOR": "bot.core.answers.editing",
    "PREFIX": "bot.core.answers.command",
    "Router": "bot.core.answers.router",
    "SubscriptionHandler": "bot.core.answers.router",
    "Surface": "bot.core.answers.router",
    "Turn": "bot.core.answers.conversation",
    "Understood": "bot.core.answers.answer",
    "answer": "bot.core.answers.engine",
    "clean_text": "bot.core.answers.query.vocabulary",
    "split_command": "bot.core.answers.command",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> object:
    """Import a public name from its module on first use (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
