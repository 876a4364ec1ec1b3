"""One dispatch for every surface: the slash command, direct messages, mentions, the App
Home buttons and the local console all ask the ``Router``, so they all give the same answers.

Ordinary users are answered from the published developments only (``Store.published``);
editors (``is_editor``) may also ask for what is not published (``editing.py``).

Commands come from the registry (``bot.core.registry``), dispatched by name: the workspace's
commands (``subscribe``, ``tz``, ``calendar``, ``export``, ``admins``... ) go to the
``SubscriptionHandler`` when one is set; ``help`` lists the asker's commands; an editors'
command from anyone else gets "this is an editors' command", never a search; everything
else, and the workspace's commands when no handler is set, goes to the answer engine.
No Slack imports.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal, Protocol

from bot.core.answers.answer import Answer, AnswerKind, apology
from bot.core.answers.command import split_command, strip_prefix
from bot.core.answers.conversation import (
    NOTHING_MORE,
    ConversationStore,
    Turn,
    conversation_key,
    paged,
    resolve,
)
from bot.core.answers.editing import EDITING, PUBLIC, editor_answer, editors_only, is_command
from bot.core.answers.engine import answer
from bot.core.answers.explain import help_answer
from bot.core.answers.followups import show_picked
from bot.core.answers.help import help_text
from bot.core.answers.upcoming import upcoming_answer, upcoming_days
from bot.core.knowledge.store import Store
from bot.core.labels import Language
from bot.core.query.parser import parse_query
from bot.core.registry import command_for
from bot.core.utc import utcnow

log = logging.getLogger(__name__)

Surface = Literal["slash", "dm", "mention", "console", "home"]

DEFAULT_PAGE_SIZE = 5
CONVERSATIONAL: frozenset[Surface] = frozenset({"dm", "mention", "console"})
"""Surfaces where a message may follow up the previous one (not the slash command)."""
REMEMBERED = frozenset({AnswerKind.RESULTS, AnswerKind.NO_MATCH, AnswerKind.DIGEST})
"""Answers a follow-up may continue: lists (a digest is one), and "nothing matches"."""


@dataclass(frozen=True)
class Context:
    """Where a request comes from. ``channel_id`` is the conversation the answer goes to
    (a DM's ``D...`` id for direct messages; ``"console"`` in the console)."""

    channel_id: str
    user_id: str
    team_id: str | None
    surface: Surface
    thread: str | None = None  # a Slack thread's ts: its own conversation
    language: Language | None = None  # "zh" for a user whose Slack locale is Chinese
    enterprise_id: str | None = None  # the Enterprise Grid org of the workspace, if any

    @property
    def conversation(self) -> str:
        return conversation_key(self.team_id, self.channel_id, self.user_id, self.thread)


class StoreSource(Protocol):
    """Where the current snapshot of the knowledge store comes from (a ``LiveStore``)."""

    def current(self) -> Store: ...


class FixedStore:
    """A ``StoreSource`` that never changes (one-shot answers: ``python -m bot ask``, the
    relevance evaluation)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def current(self) -> Store:
        return self.store


class SubscriptionHandler(Protocol):
    def handle(self, text: str, ctx: Context) -> Answer: ...


def first_word(text: str) -> str:
    return split_command(text)[0]


class Router:
    def __init__(
        self,
        live_store: StoreSource,
        subscriptions: SubscriptionHandler | None = None,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        today: Callable[[], date] | None = None,
        conversations: ConversationStore | None = None,
        now: Callable[[], datetime] = utcnow,
        is_editor: Callable[[str], bool] | None = None,
    ) -> None:
        self.live_store = live_store
        self.is_editor = is_editor
        self.subscriptions = subscriptions
        self.page_size = page_size
        self.today = today
        self.conversations = conversations
        self.now = now

    @property
    def store(self) -> Store:
        """The current snapshot of the knowledge store."""
        return self.live_store.current()

    def editor(self, ctx: Context) -> bool:
        """Whether the asker is an editor in the workspace they ask from (``is_editor``'s
        ``for_team`` when it has one: stored editors, the editors' workspace)."""
        if self.is_editor is None or not ctx.user_id:
            return False
        for_team = getattr(self.is_editor, "for_team", None)
        return bool(for_team(ctx.user_id, ctx.team_id) if for_team else self.is_editor(ctx.user_id))

    def handle(self, text: str, ctx: Context, *, offset: int = 0) -> Answer:
        """The answer to ``text``; never raises."""
        try:
            verb = first_word(text)
            spec = command_for(verb)  # None: a question
            body = strip_prefix(text).strip()  # the command with its verb
            if spec is not None and spec.workspace and is_command(verb, body):
                if spec.audience == "editors" and not self.editor(ctx):
                    return editors_only(spec, body)
                if self.subscriptions is not None:
                    return self.subscriptions.handle(text, ctx)
            today = self.today() if self.today is not None else None
            days = upcoming_days(text) if spec is not None and spec.name == "upcoming" else None
            if days is not None:
                return upcoming_answer(text, self.store.published, today or date.today(), days)
            store = self.store
            # asked only for commands: with stored editors it is a state database query
            editor = spec is not None and self.editor(ctx)
            if spec is not None and spec.name == "help":
                return help_answer(text.strip(), "How to ask", help_text(editor=editor))
            if spec is not None and spec.name in EDITING and is_command(verb, body):
                if spec.audience == "editors" and not editor:
                    return editors_only(spec, body)
                if editor or spec.name in PUBLIC:
                    return editor_answer(
                        spec.name,
                        body,
                        store,
                        editor=editor,
                        offset=offset,
                        page_size=self.page_size,
                        today=today,
                    )
            if self.conversations is None or ctx.surface not in CONVERSATIONAL:
                return answer(
                    text,
                    store.published,
                    offset=offset,
                    page_size=self.page_size,
                    today=today,
                    language=ctx.language,
                )
            return self._in_conversation(text, ctx, today, offset=offset)
        except Exception as exc:
            log.error(
                "answering a %s request failed: %s", ctx.surface, type(exc).__name__, exc_info=True
            )
            return apology(text)

    def _in_conversation(
        self, text: str, ctx: Context, today: date | None, *, offset: int = 0
    ) -> Answer:
        """Answer ``text`` as a follow-up of the user's previous request here, if it is one;
        remember the request for the next follow-up. ``offset``: the page of the request
        ``text`` a "More" button asks for, remembered as typing "more" would."""
        assert self.conversations is not None
        now = self.now()
        key = ctx.conversation
        previous = self.conversations.load(key, now)
        parse = functools.partial(parse_query, today=today)
        resolved = paged(text, offset, previous) if offset else resolve(text, previous, parse)
        if resolved.offset == NOTHING_MORE:
            return Answer(
                kind=AnswerKind.NOTICE,
                query=text,
                headline="Nothing more to show: the last list was complete.",
                message="Ask a new question, or `latest` for the newest developments.",
            )
        if resolved.pick is not None:  # "the first one": that development in full
            return show_picked(
                resolved.request,
                resolved.pick,
                self.store.published,
                page=(resolved.offset, self.page_size),
                today=today,
                language=ctx.language,
                asked=text,
            )
        result = answer(
            resolved.request,
            self.store.published,
            offset=resolved.offset,
            page_size=self.page_size,
            today=today,
            language=ctx.language,
        )
        if resolved.follow_up:  # the words typed; a button's page: the engine's reading
            asked = result.query if offset else text
            result = replace(result, query=asked, request=resolved.request)
        if result.kind in REMEMBERED:
            turn = Turn(
                resolved.request,
                result.next_offset,
                now,
                base=resolved.base,
                shown=result.offset,
            )
            self.conversations.save(key, turn)
        return result
