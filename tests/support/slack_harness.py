"""Serve the real Flask + Bolt app on 127.0.0.1 and talk to it as Slack does: signed
slash commands, events and interactions over HTTP. The bot's Web API calls and
``response_url`` posts land in the fake Slack (``tests/support/fake_slack.py``)."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from werkzeug.serving import BaseWSGIServer, make_server

from bot.core.answers.conversation import ConversationStore
from bot.core.answers.router import Router, SubscriptionHandler
from bot.core.knowledge.store import LiveStore
from bot.edge.slack.app import create_app
from bot.edge.slack.handled import Record
from bot.edge.slack.web import create_web_app
from bot.edge.state.database import StateDatabase
from bot.settings import Settings
from tests.support.fake_slack import BOT_ID, BOT_TOKEN, BOT_USER_ID, TEAM_ID, FakeSlack

SIGNING_SECRET = "test-signing-secret-5f1c0e"
USER = "U0USER1"
CHANNEL = "C0CHAN1"
DM = "D0DM0001"
BUNDLED_STORE = Path(__file__).resolve().parents[2] / "knowledge" / "developments.json"


def sign(body: str, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    """Slack's v0 signature: HMAC-SHA256 of ``v0:{timestamp}:{body}``."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    body: str, *, timestamp: int | None = None, secret: str = SIGNING_SECRET
) -> dict[str, str]:
    ts = int(time.time()) if timestamp is None else timestamp
    return {
        "X-Slack-Request-Timestamp": str(ts),
        "X-Slack-Signature": sign(body, ts, secret),
    }


@dataclass
class Reply:
    status: int
    body: str
    headers: dict[str, str]

    def json(self) -> Any:
        return json.loads(self.body)


SLACK_ACK_TIMEOUT_S = 3.0
"""How long Slack waits for an acknowledgement before it gives up on a request."""


def http(
    method: str,
    url: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    *,
    timeout: float = 10,
) -> Reply:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Reply(response.status, response.read().decode(), dict(response.headers))
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.read().decode(), dict(error.headers))


_ids = itertools.count(1)


@dataclass
class SlackHarness:
    """The served app (``url``) and the fake Slack it calls (``slack``)."""

    slack: FakeSlack
    url: str
    router: Router
    sent: list[str] = field(default_factory=list)

    # --- raw requests ----------------------------------------------------------------------

    def post(
        self,
        body: str,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        timestamp: int | None = None,
        secret: str = SIGNING_SECRET,
        timeout: float = 10,
    ) -> Reply:
        all_headers = {
            "Content-Type": content_type,
            **signed_headers(body, timestamp=timestamp, secret=secret),
        }
        all_headers.update(headers or {})
        self.sent.append(body)
        return http("POST", self.url + "/slack/events", body.encode(), all_headers, timeout=timeout)

    def get(self, path: str) -> Reply:
        return http("GET", self.url + path)

    # --- what Slack sends ------------------------------------------------------------------

    def command(
        self, text: str, *, hook: str = "cmd", team: str = TEAM_ID, user: str = USER, **kw: Any
    ) -> Reply:
        form = {
            "token": "legacy-verification-token",
            "team_id": team,
            "team_domain": "test",
            "channel_id": CHANNEL,
            "channel_name": "general",
            "user_id": user,
            "user_name": "lawyer",
            "command": "/pi",
            "text": text,
            "api_app_id": "A0APP",
            "response_url": self.slack.response_url(hook),
            "trigger_id": "1.2.3",
        }
        return self.post(urlencode(form), "application/x-www-form-urlencoded", **kw)

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        team: str = TEAM_ID,
    ) -> Reply:
        payload = {
            "token": "legacy-verification-token",
            "team_id": team,
            "api_app_id": "A0APP",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(_ids):08d}",
            "event_time": int(time.time()),
            "authorizations": [
                {"team_id": team, "user_id": BOT_USER_ID, "is_bot": True, "enterprise_id": None}
            ],
        }
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return self.post(json.dumps(payload), "application/json", headers=headers)

    def action(
        self,
        action_id: str,
        value: str,
        *,
        hook: str = "action",
        container: dict[str, Any] | None = None,
        channel: str = CHANNEL,
        message: dict[str, Any] | None = None,
        team: str = TEAM_ID,
    ) -> Reply:
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": team, "domain": "test"},
            "user": {"id": USER, "username": "lawyer", "team_id": team},
            "api_app_id": "A0APP",
            "token": "legacy-verification-token",
            "container": container
            or {
                "type": "message",
                "message_ts": "1.000001",
                "channel_id": channel,
                "is_ephemeral": True,
            },
            "trigger_id": "1.2.3",
            "channel": {"id": channel, "name": "general"},
            "response_url": self.slack.response_url(hook),
            "actions": [
                {
                    "action_id": action_id,
                    "block_id": "b1",
                    "type": "button",
                    "value": value,
                    "action_ts": "2.000002",
                }
            ],
        }
        if message is not None:
            payload["message"] = message
        return self.post(
            urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
        )

    def interaction(self, payload: dict[str, Any]) -> Reply:
        """Any interaction payload (block_actions, view_submission, block_suggestion), signed
        and posted as Slack does."""
        full = {
            "team": {"id": TEAM_ID, "domain": "test"},
            "api_app_id": "A0APP",
            "token": "legacy-verification-token",
            **payload,
        }
        return self.post(
            urlencode({"payload": json.dumps(full)}), "application/x-www-form-urlencoded"
        )

    def dm(self, text: str, **kw: Any) -> Reply:
        ts = f"{int(time.time())}.{next(_ids):06d}"
        event = {
            "type": "message",
            "channel": DM,
            "channel_type": "im",
            "user": USER,
            "text": text,
            "ts": ts,
            "event_ts": ts,
        }
        event.update(kw.pop("extra", {}))
        return self.event(event, **kw)

    def mention(self, text: str, *, thread_ts: str | None = None, **kw: Any) -> Reply:
        ts = f"{int(time.time())}.{next(_ids):06d}"
        event = {
            "type": "app_mention",
            "channel": CHANNEL,
            "user": USER,
            "text": f"<@{BOT_USER_ID}> {text}",
            "ts": ts,
            "event_ts": ts,
        }
        if thread_ts:
            event["thread_ts"] = thread_ts
        return self.event(event, **kw)


def bot_message(text: str) -> dict[str, Any]:
    ts = f"{int(time.time())}.{next(_ids):06d}"
    return {
        "type": "message",
        "channel": DM,
        "channel_type": "im",
        "user": BOT_USER_ID,
        "bot_id": BOT_ID,
        "text": text,
        "ts": ts,
    }


def settings_for(slack: FakeSlack, **extra: Any) -> Settings:
    return Settings(
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.api_url,
        **extra,
    )


@contextmanager
def serving(
    *,
    subscriptions: SubscriptionHandler | None = None,
    process_before_response: bool = False,
    store_path: Path = BUNDLED_STORE,
    handled: Record | None = None,
    slack: FakeSlack | None = None,
    conversations: ConversationStore | None = None,
    is_editor: Callable[[str], bool] | None = None,
    **settings: Any,
) -> Iterator[SlackHarness]:
    """The real app on a free loopback port, calling a fresh fake Slack (or ``slack``, for
    several instances of the app sharing one)."""
    with contextlib.ExitStack() as stack:
        if slack is None:
            slack = stack.enter_context(FakeSlack())
        live = LiveStore(store_path)
        router = Router(live, subscriptions, conversations=conversations, is_editor=is_editor)
        app_settings = settings_for(slack, **settings)
        app = create_app(
            app_settings,
            router,
            state=StateDatabase(app_settings.database_url.get_secret_value()),
            process_before_response=process_before_response,
            handled=handled,
        )
        url = stack.enter_context(
            on_loopback(create_web_app(app, live, signing_secret=SIGNING_SECRET))
        )
        yield SlackHarness(slack=slack, url=url, router=router)


@contextmanager
def on_loopback(web_app: Any) -> Iterator[str]:
    """Serve a WSGI app on a free loopback port, threaded; yields its base URL."""
    server: BaseWSGIServer = make_server("127.0.0.1", 0, web_app, threaded=True)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def all_text(params: dict[str, Any]) -> str:
    """Everything a call sent, as one string (to look for unescaped user text)."""
    return json.dumps(params, ensure_ascii=False)
