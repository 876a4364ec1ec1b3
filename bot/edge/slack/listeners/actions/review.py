"""The buttons of review cards: Approve, Edit, Merge into…, Discard, Withdraw, Restore (a
record collapsed as probably not a development) and Approve all unflagged. Each
acknowledges, then the desk acts (``review_desk.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.edge.render.blocks.discard_reasons import ACTION_DISCARD_REASON, discard_reason
from bot.edge.render.blocks.review import (
    ACTION_APPROVE,
    ACTION_APPROVE_ALL,
    ACTION_DISCARD,
    ACTION_EDIT,
    ACTION_MERGE,
    ACTION_RESTORE,
    ACTION_WITHDRAW,
    parse_key,
)
from bot.edge.slack.background import background_of
from bot.edge.slack.desk.cards import DESK_BUSY
from bot.edge.slack.review_desk import ReviewDesk, Where

_VERBS = {ACTION_APPROVE: "approve", ACTION_DISCARD: "discard", ACTION_WITHDRAW: "withdraw"}


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _where(body: dict[str, Any]) -> Where:
    container = _object(body.get("container"))
    named = _object(body.get("channel"))
    channel = str(named.get("id") or container.get("channel_id") or "")
    ts = container.get("message_ts") or _object(body.get("message")).get("ts")
    return Where(channel, str(ts) if ts else None)


def _user(body: dict[str, Any]) -> str:
    user = body.get("user")
    return str(user.get("id") or "") if isinstance(user, dict) else ""


def _first_action(body: dict[str, Any]) -> dict[str, Any]:
    actions = body.get("actions")
    first = actions[0] if isinstance(actions, list) and actions else None
    return first if isinstance(first, dict) else {}


def _queue(
    desk: ReviewDesk,
    context: BoltContext,
    client: WebClient,
    body: dict[str, Any],
    what: str,
    work: Callable[[], None],
) -> None:
    """On the desk's own workers; when they cannot take it, the editor is told at once."""

    def busy() -> None:
        where = _where(body)
        client.chat_postEphemeral(channel=where.channel, user=_user(body), text=DESK_BUSY)

    desk.run(background_of(context).inline, what, work, busy)


def _act(
    desk: ReviewDesk,
    context: BoltContext,
    client: WebClient,
    body: dict[str, Any],
    verb: str,
    key: str,
    **extra: Any,
) -> None:
    """``verb`` on the development named by ``key`` (``id|version``), queued on the desk."""
    dev_id, version = parse_key(key)
    team = context.team_id
    _queue(
        desk,
        context,
        client,
        body,
        f"review: {verb}",
        lambda: desk.act(
            client,
            verb,
            user=_user(body),
            dev_id=dev_id,
            version=version,
            where=_where(body),
            team=team,
            **extra,
        ),
    )


def _selected(action: dict[str, Any]) -> tuple[str, str]:
    """A menu on a card: (the option chosen, the card's ``id|version`` from the block id)."""
    option = action.get("selected_option")
    value = str(option.get("value") or "") if isinstance(option, dict) else ""
    return value, str(action.get("block_id") or "").partition("|")[2]


def register(app: App, desk: ReviewDesk) -> None:
    def on_button(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        action = _first_action(body)
        verb = _VERBS[str(action.get("action_id"))]
        _act(desk, context, client, body, verb, str(action.get("value") or ""))

    for action_id in _VERBS:
        app.action(action_id)(on_button)

    @app.action(ACTION_MERGE)
    def merge(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        target, key = _selected(_first_action(body))
        _act(desk, context, client, body, "merge", key, target=target)

    @app.options(ACTION_MERGE)
    def merge_options(ack: Ack, body: dict[str, Any]) -> None:
        ack(options=desk.merge_options(str(body.get("value") or "")))

    @app.action(ACTION_EDIT)
    def edit(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        action = _first_action(body)
        dev_id, version = parse_key(str(action.get("value") or ""))
        # at once, not in the background: a trigger_id expires after three seconds
        desk.open_editor(
            client,
            user=_user(body),
            trigger_id=str(body.get("trigger_id") or ""),
            dev_id=dev_id,
            version=version,
            where=_where(body),
            team=context.team_id,
        )

    @app.action(ACTION_APPROVE_ALL)
    def approve_all(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        action = _first_action(body)
        team = context.team_id
        _queue(
            desk,
            context,
            client,
            body,
            "review: approve all unflagged",
            lambda: desk.approve_all(
                client,
                user=_user(body),
                newsletter=str(action.get("value") or ""),
                where=_where(body),
                team=team,
            ),
        )

    @app.action(ACTION_DISCARD_REASON)
    def discard_because(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        chosen, key = _selected(_first_action(body))
        _act(desk, context, client, body, "discard", key, reason=discard_reason(chosen))

    @app.action(ACTION_RESTORE)
    def restore(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        dev_id, _version = parse_key(str(_first_action(body).get("value") or ""))
        team = context.team_id
        _queue(
            desk,
            context,
            client,
            body,
            "review: restore",
            lambda: desk.restore(
                client, user=_user(body), dev_id=dev_id, where=_where(body), team=team
            ),
        )
