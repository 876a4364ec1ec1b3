"""What editors may ask besides ordinary questions (no Slack imports).

Ordinary users are answered from the published developments only. Editors may ask
explicitly for what is not published:

- ``unreviewed [filters]`` (or ``review``): developments waiting for review, newest first;
- ``show ID``: any development, with its state and history;
- ``history ID``: the history of any development (anyone may ask for a published one);
- ``ingest URL``: a newsletter feed or page by its address, read by the Slack listener of
  ``/pi ingest URL`` (``bot.edge.slack.listeners.commands.ingest``); what reaches the core
  here (no address, or typed in a message) is told how to send it.

Anyone else gets ``editors_only`` for an editors' command (``bot.core.registry``), never a
search of its words.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from bot.core.answers.answer import Answer, AnswerKind
from bot.core.answers.engine import answer
from bot.core.knowledge.review import history_lines, is_pending
from bot.core.knowledge.store import Store
from bot.core.registry import CommandSpec

EDITING = frozenset({"unreviewed", "show", "history", "ingest"})
"""The commands (by registry name) answered here when the asker is an editor."""
PUBLIC = frozenset({"history"})
"""Of those, the ones answered here for anyone (from the published developments)."""

NOT_AN_EDITOR = (
    "Only editors can add newsletters or review developments. Ask the bot's administrator "
    "to add you to PI_EDITORS. Nothing was read or changed."
)

_ID_CHARS = re.compile(r"[^a-z0-9-]")
_LOOKS_LIKE_ID = re.compile(r"^\s*[`'\"]?\d{4}-\d{2}-\d{2}-[A-Za-z0-9-]+[`'\"]?\s*$")
_URL = re.compile(r"^\s*<?https?://", re.IGNORECASE)


def is_command(verb: str, body: str) -> bool:
    """Whether ``body`` (starting with ``verb``) is the command rather than a search that
    happens to start with the word ("history of the PIPL", "review of exports")."""
    rest = _rest(body)
    if verb == "history":
        return not rest or bool(_LOOKS_LIKE_ID.match(rest))
    if verb == "ingest":
        return not rest or bool(_URL.match(rest))
    if verb in ("review", "queue"):
        return not rest
    if verb == "sources":
        return not rest or rest.split()[0].lower() in ("add", "remove", "list")
    if verb == "show":  # "show me the source" is a question, not ``show ID``
        return not rest or bool(_LOOKS_LIKE_ID.match(rest))
    return True


def _rest(body: str) -> str:
    return body.split(maxsplit=1)[1] if len(body.split(maxsplit=1)) > 1 else ""


def editors_only(spec: CommandSpec, body: str) -> Answer:
    """What a non-editor gets for an editors' command: never a search, nothing done."""
    return Answer(
        kind=AnswerKind.NOTICE,
        query=body,
        headline="This is an editors' command.",
        message=(
            f"`{spec.usage}` is for the editors who review developments. {NOT_AN_EDITOR} "
            "Type `help` for the commands you can use."
        ),
    )


def editor_answer(
    name: str,
    body: str,
    store: Store,
    *,
    editor: bool,
    offset: int,
    page_size: int,
    today: date | None,
) -> Answer:
    """The answer to the editors' command ``name`` (the registry's name of ``body``'s first
    word). ``store`` is the whole store; a non-editor only sees its published part."""
    rest = _rest(body)
    if name == "ingest":
        return _ingest_feed(body)
    if name == "unreviewed":
        pending = store.view("pending", is_pending)
        if not pending.developments:
            return Answer(
                kind=AnswerKind.NOTICE,
                query=body,
                headline="Nothing is waiting for review.",
                message="Every development in the store has been approved or withdrawn.",
            )
        found = answer(
            f"latest 50 {rest}", pending, offset=offset, page_size=page_size, today=today
        )
        if found.kind == AnswerKind.RESULTS:
            return replace(found, query=body, headline=f"Waiting for review: {found.headline}")
        return replace(found, query=body)
    visible = store if editor else store.published
    if name == "show":
        shown = answer(body, visible, offset=offset, page_size=page_size, today=today)
        if shown.kind == AnswerKind.DETAIL and shown.results:
            return replace(shown, message="\n".join(history_lines(shown.results[0])))
        return shown
    wanted = _ID_CHARS.sub("", rest.strip().strip("`'\"").lower())
    dev = visible.get(wanted) if wanted else None
    if dev is None:
        return Answer(
            kind=AnswerKind.NO_MATCH if wanted else AnswerKind.ERROR,
            query=body,
            headline="No development has that id." if wanted else "Say `history ID`.",
            message="Every result ends with its id, e.g. `history 2022-05-27-...`.",
        )
    return Answer(
        kind=AnswerKind.NOTICE,
        query=body,
        headline=f"History of {dev.title}",
        message="\n".join(history_lines(dev)),
    )


def _ingest_feed(body: str) -> Answer:
    return Answer(
        kind=AnswerKind.NOTICE,
        query=body,
        headline="Give the newsletter's address as a slash command.",
        message=(
            "Type `/pi ingest https://...` with the feed's or page's address, or share the "
            "newsletter file in a direct message with me (or in the intake channel); I will "
            "ingest it and post review cards. Nothing was read."
        ),
    )
