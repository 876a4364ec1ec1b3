"""The HTTP face of the bot: a Flask app around Bolt (``slack_bolt.adapter.flask``).

- ``POST /slack/events``: slash commands, events and interactions (the manifest points all
  three here); Bolt checks the signature and the timestamp (401 otherwise).
- ``GET /healthz``: JSON with the number of developments served and the store's last
  loading error, for the platform's health check.
Bodies over 1 MB are refused with 413 before Bolt sees them.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, request
from slack_bolt import App
from slack_bolt.adapter.flask import SlackRequestHandler

from bot.store import LiveStore

MAX_BODY_BYTES = 1024 * 1024
EVENTS_PATH = "/slack/events"


def create_web_app(bolt_app: App, live_store: LiveStore) -> Flask:
    web = Flask("pi-bot")
    web.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    handler = SlackRequestHandler(bolt_app)

    @web.post(EVENTS_PATH)
    def slack_events() -> Response:
        length = request.content_length
        if length is not None and length > MAX_BODY_BYTES:
            return Response("request body too large", status=413)
        request.get_data(cache=True)  # raises 413 for an over-long body without a length
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "").strip()
        if not timestamp.isdigit() or not request.headers.get("X-Slack-Signature"):
            # Bolt would fail on a missing or non-numeric timestamp; refuse it as unsigned
            return Response("invalid request", status=401)
        return handler.handle(request)

    @web.get("/healthz")
    def healthz() -> tuple[Response, int]:
        store = live_store.current()
        payload: dict[str, Any] = {
            "ok": True,
            "developments": len(store),
            "newsletters": len(store.newsletters),
            "last_error": live_store.last_error,
        }
        return jsonify(payload), 200

    return web
