"""Signed requests whose shape Slack never sends are refused before Bolt reads them, and a
slash command whose text says "payload" reaches Bolt as the command it is.

Bolt's listeners and middleware read fields without checking their types: an ``event``
whose ``type`` is a number, ``actions`` that are a string or a list of strings, a ``view``
that is a string, would raise inside Bolt (HTTP 500). ``malformed`` names the first such
field so the web layer answers 400.

Bolt decides that a form body is an interaction payload when the word "payload" appears
anywhere in it, so ``/pi payload rules`` lost its fields (and its workspace: 403).
``bolt_request`` reads such a body as the plain form it is.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from flask import Request
from slack_bolt import BoltContext, BoltRequest
from slack_bolt.adapter.flask.handler import to_bolt_request
from slack_bolt.request.internals import build_context

FORM = "application/x-www-form-urlencoded"
OBJECT_FIELDS = ("user", "container", "message", "state", "view")
"""Fields of an interaction payload that are objects whenever present."""
OPTIONAL_OBJECTS = ("team", "channel", "enterprise")
"""Fields that are objects or null."""
CHECKED_EVENTS = frozenset({"message", "app_mention", "link_shared", "app_home_opened"})
"""The events the listeners read fields of."""
TEXT_EVENT_FIELDS = (
    "subtype",
    "user",
    "channel",
    "channel_type",
    "ts",
    "thread_ts",
    "text",
    "tab",
    "message_ts",
)


def bolt_request(request: Request) -> BoltRequest:
    """The request for Bolt; a form without a ``payload`` field is read as a form even when
    its text contains the word."""
    bolt = to_bolt_request(request)
    raw = bolt.raw_body
    if bolt.content_type == FORM and "payload" in raw:
        form = dict(parse_qsl(raw, keep_blank_values=True))
        if "payload" not in form:
            bolt.body = form
            bolt.context = build_context(BoltContext({}), form)
    return bolt


def malformed(body: bytes, mimetype: str) -> str | None:
    """What is wrong with a signed body's shape (one short phrase), or ``None``."""
    text = body.decode("utf-8", errors="replace")
    if mimetype == FORM:
        form = dict(parse_qsl(text, keep_blank_values=True))
        if "payload" not in form:
            return None  # a slash command: flat text fields
        try:
            payload = json.loads(form["payload"])
        except ValueError:
            return "a payload that is not JSON"
        return _interaction_problem(payload)
    try:
        data = json.loads(text)
    except ValueError:
        return None  # Bolt refuses it (400) on its own
    if not isinstance(data, dict) or "event" not in data:
        return None
    return _event_problem(data["event"])


def _event_problem(event: Any) -> str | None:
    if not isinstance(event, dict):
        return "an event that is not an object"
    if not isinstance(event.get("type"), str):
        return "an event without a text type"
    if event["type"] not in CHECKED_EVENTS:
        return None  # other events (a user or channel object...) are not read here
    for name in TEXT_EVENT_FIELDS:
        if event.get(name) is not None and not isinstance(event[name], str):
            return f"an event whose {name} is not text"
    for name in ("links", "files", "blocks"):
        if event.get(name) is not None and not _list_of_objects(event[name]):
            return f"an event whose {name} are not a list of objects"
    return None


def _interaction_problem(payload: Any) -> str | None:
    if not isinstance(payload, dict):
        return "a payload that is not an object"
    if not isinstance(payload.get("type"), str):
        return "a payload without a text type"
    if "actions" in payload and not _list_of_objects(payload["actions"]):
        return "actions that are not a list of objects"
    for name in OBJECT_FIELDS:
        if name in payload and not isinstance(payload[name], dict):
            return f"a {name} that is not an object"
    for name in OPTIONAL_OBJECTS:
        if payload.get(name) is not None and not isinstance(payload[name], dict):
            return f"a {name} that is not an object"
    view = payload.get("view")
    if isinstance(view, dict):
        for name in ("state", "private_metadata", "callback_id"):
            expected = dict if name == "state" else str
            if view.get(name) is not None and not isinstance(view[name], expected):
                return f"a view whose {name} is malformed"
    return None


def _list_of_objects(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)
