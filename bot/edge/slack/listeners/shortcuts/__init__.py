"""Shortcuts: the global "Search China privacy developments" (opens the search form) and
the message shortcut "Find related developments" (the message's text through the answer
engine, answered privately). The names and callback ids here are the manifest's.

A message is chat, not a query: when nothing matches because some of its words appear in
no development ("client", "asks"), those words are dropped and the rest is asked again
(twice at most), so a colleague's question finds what it is about."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.core.answers import Answer, AnswerKind, Context, Router
from bot.edge.render.blocks import SlackMessage, answer_messages
from bot.edge.render.blocks.form_filters import SEARCH_PREFIX, search_text, without_words
from bot.edge.slack.background import background_of
from bot.edge.slack.listeners.views.opening import open_search
from bot.edge.slack.replies import apologise, log_failure, post_all, respond_all, responder

if TYPE_CHECKING:
    from bot.edge.slack.listeners import Deps

SEARCH_SHORTCUT = "pi_search_shortcut"
SEARCH_SHORTCUT_NAME = "Search China privacy developments"
RELATED_SHORTCUT = "pi_find_related"
RELATED_SHORTCUT_NAME = "Find related developments"
GLOBAL_SHORTCUTS = {SEARCH_SHORTCUT: SEARCH_SHORTCUT_NAME}
MESSAGE_SHORTCUTS = {RELATED_SHORTCUT: RELATED_SHORTCUT_NAME}


def search_shortcut(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    open_search(client, str(body.get("trigger_id", "")))


def make_find_related(router: Router) -> Callable[..., None]:
    def find_related(
        ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
    ) -> None:
        ack()
        background_of(context).run(
            "Find related developments", lambda: answer_privately(body, respond, client)
        )

    def answer_privately(body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        user = str((body.get("user") or {}).get("id", ""))
        channel = str((body.get("channel") or {}).get("id", "")) or user
        reply = responder(respond, body.get("response_url"))

        def only_to_them(messages: list[SlackMessage]) -> None:
            respond_all(reply, messages, response_type="ephemeral")

        def by_direct_message(messages: list[SlackMessage]) -> None:
            post_all(client, user, messages)

        text = str((body.get("message") or {}).get("text") or "")
        ctx = Context(
            channel_id=channel,
            user_id=user,
            team_id=(body.get("team") or {}).get("id"),
            surface="slash",
        )
        try:
            messages = answer_messages(related(router, text, ctx))
        except Exception as exc:
            log_failure("Find related developments", exc)
            apologise(only_to_them, by_direct_message)
            return
        try:
            only_to_them(messages)
        except Exception as exc:  # the response_url failed: a direct message instead
            log_failure("answering Find related developments", exc)
            try:
                by_direct_message(messages)
            except Exception as again:
                log_failure("answering Find related developments by DM", again)

    return find_related


RETRIES = 2


def related(router: Router, text: str, ctx: Context) -> Answer:
    query = search_text(text)
    found = router.handle(query, ctx)
    for _ in range(RETRIES):
        if found.kind != AnswerKind.NO_MATCH or not found.not_understood:
            break
        shorter = without_words(query, found.not_understood)
        if shorter in (query, SEARCH_PREFIX):
            break
        query, found = shorter, router.handle(shorter, ctx)
    return found


def register(app: App, router: Router, deps: Deps) -> None:
    app.shortcut(SEARCH_SHORTCUT)(search_shortcut)
    app.shortcut(RELATED_SHORTCUT)(make_find_related(router))
