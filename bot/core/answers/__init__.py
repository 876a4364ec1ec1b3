"""Answers: the router that reads a request (command, question, follow-up), the engine that
answers it from the store, and the ``Answer`` every surface renders. The edge imports these
names from here."""

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
from bot.core.answers.router import Context, Router, SubscriptionHandler, Surface

__all__ = [
    "APOLOGY",
    "EXPIRY",
    "NOT_AN_EDITOR",
    "PREFIX",
    "Answer",
    "AnswerKind",
    "Citation",
    "Context",
    "ConversationStore",
    "DirectAnswer",
    "InMemoryConversations",
    "Router",
    "SubscriptionHandler",
    "Surface",
    "Turn",
    "Understood",
    "answer",
    "split_command",
]
