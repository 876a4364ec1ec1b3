"""The buttons of review cards: Approve, Edit, Merge into…, Discard, Withdraw, and
Approve all unflagged. Each acknowledges, then the desk acts (``review_desk.py``)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.edge.render.blocks.review import (
    ACTION_APPROVE,
    ACTION_APPROVE_ALL,
    ACTION_DISCARD,
    ACTION_EDIT,
    ACTION_MERGE,
    ACTION_WITHDRAW,
    parse_key,
)
from bot.edge.slack.background import background_of
from bot.edge.slack.review_desk import CardMessage, ReviewDesk

_VERBS = {ACTION_APPROVE: "approve", ACTION_DISCARD: "discard", ACTION_WITHDRAW: "withdraw"}


def _where(body: dict[str, Any]) -> CardMessage:
    container = body.get("container") or {}
    channel = str((body.get("channel") or {}).get("id") or container.get("channel_id") or "")
    ts = container.get("message_ts") or (body.get("message") or {}).get("ts")
    return CardMessage(channel, str(ts) if ts else None)


def _user(body: dict[str, Any]) -> str:
    return str((body.get("user") or {}).get("id") or "")


def register(app: App, desk: ReviewDesk) -> None:
    def on_button(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        action = (body.get("actions") or [{}])[0]
        dev_id, version = parse_key(str(action.get("value") or ""))
        verb = _VERBS[str(action.get("action_id"))]
        background_of(context).run(
            f"review: {verb}",
            lambda: desk.act(
                client, verb, user=_user(body), dev_id=dev_id, version=version, where=_where(body)
            ),
        )

    for action_id in _VERBS:
        app.action(action_id)(on_button)

    @app.action(ACTION_MERGE)
    def merge(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        action = (body.get("actions") or [{}])[0]
        target = str((action.get("selected_option") or {}).get("value") or "")
        dev_id, version = parse_key(str(action.get("block_id") or "").partition("|")[2])
        background_of(context).run(
            "review: merge",
            lambda: desk.act(
                client,
                "merge",
                user=_user(body),
                dev_id=dev_id,
                version=version,
                where=_where(body),
                target=target,
            ),
        )

    @app.options(ACTION_MERGE)
    def merge_options(ack: Ack, body: dict[str, Any]) -> None:
        ack(options=desk.merge_options(str(body.get("value") or "")))

    @app.action(ACTION_EDIT)
    def edit(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        action = (body.get("actions") or [{}])[0]
        dev_id, version = parse_key(str(action.get("value") or ""))
        # at once, not in the background: a trigger_id expires after three seconds
        desk.open_editor(
            client,
            user=_user(body),
            trigger_id=str(body.get("trigger_id") or ""),
            dev_id=dev_id,
            version=version,
            where=_where(body),
        )

    @app.action(ACTION_APPROVE_ALL)
    def approve_all(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        action = (body.get("actions") or [{}])[0]
        background_of(context).run(
            "review: approve all unflagged",
            lambda: desk.approve_all(
                client,
                user=_user(body),
                newsletter=str(action.get("value") or ""),
                where=_where(body),
            ),
        )
