"""The buttons on answers.

Where the reply goes depends on where the button was pressed:
- on a message only the user sees (a ``/pi`` answer): a new message only they see;
- in a direct message with the bot, or in a thread the bot answered (a mention): a new
  message in that conversation or thread, like the answer itself;
- on a message the whole channel sees (a shared answer, an alert): a message only the
  presser sees, so the channel is not flooded;
- in the App Home: a direct message to the user.
"Share in channel" posts the same answer in the channel for everyone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.core.answers import Answer, AnswerKind, Context, Router, Surface
from bot.edge.render.blocks import SlackMessage, answer_messages
from bot.edge.render.paging import decode_page
from bot.edge.slack.background import BUSY_TEXT, background_of
from bot.edge.slack.replies import apologise, log_failure, post_all, respond_all, responder

EXPIRED = Answer(
    kind=AnswerKind.NOTICE,
    query="",
    headline="That list is no longer available.",
    message="Please ask the question again.",
)

Sender = Callable[[list[SlackMessage]], None]


def _where(body: dict[str, Any]) -> tuple[Surface, str, str | None, bool]:
    """(surface, channel or user to answer in, thread, whether the answer is public there)."""
    container = body.get("container") or {}
    user = str((body.get("user") or {}).get("id", ""))
    channel = str((body.get("channel") or {}).get("id", "")) or user
    if container.get("type") == "view":
        return "home", user, None, True
    if container.get("is_ephemeral"):
        return "slash", channel, None, False
    message = body.get("message") or {}
    thread_ts = message.get("thread_ts") or container.get("thread_ts")
    if channel.startswith("D"):
        return "dm", channel, thread_ts, True
    if thread_ts:
        return "mention", channel, thread_ts, True
    return "slash", channel, None, False


def _context(
    body: dict[str, Any], surface: Surface, channel: str, thread: str | None = None
) -> Context:
    """The asker's context; ``thread``: the thread the button was pressed in, so a button
    continues the conversation of that thread (or of the DM's main view) as a message would."""
    user = body.get("user") or {}
    team = (body.get("team") or {}).get("id") or user.get("team_id")
    return Context(
        channel_id=channel,
        user_id=str(user.get("id", "")),
        team_id=team,
        surface=surface,
        thread=thread,
        enterprise_id=(body.get("enterprise") or {}).get("id"),
    )


def _sender(
    body: dict[str, Any], respond: Respond, client: WebClient
) -> tuple[Sender, Context, bool]:
    reply = responder(respond, body.get("response_url"))
    surface, channel, thread_ts, public = _where(body)
    ctx = _context(body, surface, channel, thread_ts if public else None)
    if surface == "home":
        user = ctx.user_id

        def to_user(messages: list[SlackMessage]) -> None:
            post_all(client, user, messages)

        return to_user, ctx, True
    if public:

        def in_conversation(messages: list[SlackMessage]) -> None:
            post_all(client, channel, messages, thread_ts=thread_ts)

        return in_conversation, ctx, True

    def to_presser(messages: list[SlackMessage]) -> None:
        respond_all(reply, messages, response_type="ephemeral")

    return to_presser, ctx, False


def _value(body: dict[str, Any]) -> str:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("value") or "")


def _handle(
    what: str,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    ask: Callable[[Context], Answer],
) -> None:
    send, ctx, public = _sender(body, respond, client)
    try:
        send(answer_messages(ask(ctx), shared=public))
    except Exception as exc:
        log_failure(what, exc)
        apologise(send)


def _busy_reply(body: dict[str, Any], respond: Respond) -> None:
    reply = responder(respond, body.get("response_url"))
    reply(text=BUSY_TEXT, response_type="ephemeral", replace_original=False)


def make_details(router: Router) -> Callable[..., None]:
    def details(
        ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
    ) -> None:
        ack()
        dev_id = _value(body)
        background_of(context).run(
            "the Details button",
            lambda: _handle(
                "the Details button",
                body,
                respond,
                client,
                lambda ctx: router.handle(f"show {dev_id}", ctx),
            ),
            size=len(str(body)),
            busy=lambda: _busy_reply(body, respond),
        )

    return details


def make_more(router: Router) -> Callable[..., None]:
    def more(
        ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
    ) -> None:
        ack()
        page = decode_page(_value(body))

        def ask(ctx: Context) -> Answer:
            if page is None:
                return EXPIRED
            query, offset = page
            return router.handle(query, ctx, offset=offset)

        background_of(context).run(
            "the More button",
            lambda: _handle("the More button", body, respond, client, ask),
            size=len(str(body)),
            busy=lambda: _busy_reply(body, respond),
        )

    return more


def make_share(router: Router) -> Callable[..., None]:
    def share(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
        ack()
        background_of(context).run(
            "the Share button",
            lambda: share_answer(body, respond),
            size=len(str(body)),
            busy=lambda: _busy_reply(body, respond),
        )

    def share_answer(body: dict[str, Any], respond: Respond) -> None:
        reply = responder(respond, body.get("response_url"))
        page = decode_page(_value(body))
        _, channel, _, _ = _where(body)
        ctx = _context(body, "slash", channel)

        def send(messages: list[SlackMessage]) -> None:
            respond_all(reply, messages, response_type="in_channel")

        try:
            if page is None:
                respond_all(reply, answer_messages(EXPIRED, shared=True))
                return
            query, offset = page
            answer = router.handle(query, ctx, offset=offset)
            send(answer_messages(answer, shared=True, shared_by=ctx.user_id))
        except Exception as exc:
            log_failure("the Share button", exc)
            apologise(lambda messages: respond_all(reply, messages))

    return share
