"""The HTTP face of the bot: a Flask app around Bolt (``slack_bolt.adapter.flask``).

- ``POST /slack/events``: slash commands, events and interactions (the manifest points all
  three here); Bolt checks the signature and the timestamp (401 otherwise).
- ``GET /slack/install`` and ``GET /slack/oauth_redirect`` (OAuth distribution only): the
  "Add to Slack" page and Slack's redirect after an install, handled by Bolt's OAuth flow.
- ``GET /d/<id>`` and ``GET /d/``: a development's page and the searchable list
  (``bot.edge.web.pages``), for citing outside Slack.
- ``GET /healthz``: JSON with the number of developments served and the store's last
  loading error, for the platform's health check.
- ``GET /calendar.ics?token=...``: the deadlines as an iCalendar feed, for the workspace
  whose token it is (``/pi calendar`` gives the address); 404 for an unknown token.
Before Bolt sees a request: bodies over 1 MB are refused with 413, a body that is neither
form-encoded nor JSON (what Slack sends) with 415, a missing or non-numeric signature
timestamp with 401, and a signed body of a shape Slack never sends (``shapes.malformed``:
an ``event`` that is not an object or whose type is not text, ``actions`` that are not a
list of objects, a ``view`` that is not an object...) with 400.
After Bolt: a body Bolt cannot read is refused with 400, and a signed request no listener
handles (a new event or interaction type) is acknowledged with 200.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, jsonify, request
from slack_bolt import App
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_bolt.adapter.flask.handler import to_flask_response
from slack_sdk.signature import SignatureVerifier

from bot.core.answers.search.snapshot import index_state
from bot.core.knowledge.store import LiveStore
from bot.core.limits import MAX_BODY_BYTES
from bot.edge.render.calendar import calendar_ics
from bot.edge.slack.shapes import bolt_request, malformed
from bot.edge.state.db import StateError
from bot.edge.web.pages import development_pages

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
SLACK_CONTENT_TYPES = frozenset({"application/x-www-form-urlencoded", "application/json"})


GIL_SWITCH_INTERVAL_S = 0.0005
"""The web process hands the GIL over every 0.5 ms instead of Python's 5 ms, so a request
thread back from I/O waits less behind the answering thread to send its acknowledgement."""


def create_web_app(
    bolt_app: App,
    live_store: LiveStore,
    calendar_team: Callable[[str], str | None] | None = None,
    *,
    signing_secret: str,
) -> Flask:
    """The web process: Slack's requests (signature checked before anything else is read),
    the development pages, the calendar feed and ``/healthz``. ``calendar_team(token)``: the
    workspace a calendar token opens (None: unknown)."""
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    web = Flask("pi-bot")
    web.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    handler = SlackRequestHandler(bolt_app)
    verifier = SignatureVerifier(signing_secret)
    web.register_blueprint(development_pages(live_store))

    @web.post(EVENTS_PATH)
    def slack_events() -> Response:
        length = request.content_length
        if length is not None and length > MAX_BODY_BYTES:
            return Response("request body too large", status=413)
        request.get_data(cache=True)  # raises 413 for an over-long body without a length
        if request.mimetype not in SLACK_CONTENT_TYPES:
            return Response("unsupported content type", status=415)
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "").strip()
        if not timestamp.isdigit() or not request.headers.get("X-Slack-Signature"):
            # Bolt would fail on a missing or non-numeric timestamp; refuse it as unsigned
            return Response("invalid request", status=401)
        if not verifier.is_valid_request(request.get_data(), dict(request.headers)):
            return Response("invalid request", status=401)
        problem = malformed(request.get_data(), request.mimetype)
        if problem is not None:
            log.warning("refused a signed Slack request of a shape Slack never sends: %s", problem)
            return Response("malformed request", status=400)
        try:
            response: Response = to_flask_response(bolt_app.dispatch(bolt_request(request)))
        except Exception as exc:  # Bolt could not read the body or payload
            log.warning("refused a malformed Slack request: %s", type(exc).__name__)
            return Response("malformed request", status=400)
        if response.status_code == 404:
            # signed and from our workspace, but no listener takes it (a new event or
            # interaction type): acknowledged so Slack does not retry, and ignored
            log.info("acknowledged a Slack request no listener handles")
            return Response("", status=200)
        return response

    if bolt_app.oauth_flow is not None:
        flow = bolt_app.oauth_flow

        @web.get(flow.install_path)
        def slack_install() -> Response:
            response: Response = handler.handle(request)
            return response

        @web.get(flow.redirect_uri_path)
        def slack_oauth_redirect() -> Response:
            response: Response = handler.handle(request)
            return response

    @web.get("/healthz")
    def healthz() -> tuple[Response, int]:
        store = live_store.current()
        payload: dict[str, Any] = {
            "ok": True,
            "developments": len(store),
            "newsletters": len(store.newsletters),
            "revision": store.revision,
            "store": live_store.backend.describe(),
            "store_problem": getattr(live_store.backend, "problem", None),
            "last_error": live_store.last_error,
            "pid": os.getpid(),  # which process answered (one of several workers)
            "index": index_state(store.published),
        }
        return jsonify(payload), 200

    @web.get("/calendar.ics")
    def calendar_feed() -> Response:
        token = request.args.get("token", "")
        if calendar_team is None:
            return Response("no calendar feed here", status=404)
        try:
            team = calendar_team(token)
        except StateError as exc:
            log.error("calendar feed unavailable: %s", exc)
            return Response("calendar temporarily unavailable", status=503)
        if team is None:
            return Response("unknown calendar", status=404)
        body = calendar_ics(live_store.current(), now=dt.datetime.now(dt.UTC))
        return Response(
            body,
            status=200,
            mimetype="text/calendar",
            headers={
                "Content-Disposition": 'inline; filename="pi-deadlines.ics"',
                "Cache-Control": "private, max-age=300",
            },
        )

    return web
