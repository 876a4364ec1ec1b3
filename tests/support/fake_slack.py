"""A fake Slack Web API served over real HTTP on 127.0.0.1, for tests and benchmarks.

The bot talks to it through slack_sdk's real ``WebClient`` (``base_url=fake.api_url``) and
posts ``response_url`` replies to ``fake.response_url(...)``. Every call is recorded; faults
(errors, HTTP 5xx, ``429`` with ``Retry-After``, refused connections) and Slack's rate
limits can be switched on per method and per channel.

Several workspaces: ``grant(code, team_id, ...)`` prepares an OAuth code that
``oauth.v2.access`` exchanges (with ``CLIENT_ID``/``CLIENT_SECRET``) for a bot token of that
workspace, with a refresh token when ``rotating``; ``auth.test`` answers for whichever token
calls, and ``revoke(team_id)`` invalidates a workspace's tokens (the app was uninstalled).
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

BOT_TOKEN = "xoxb-test-token-0000"
TEAM_ID = "T0TEST"
BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
CLIENT_ID = "1111.2222"
CLIENT_SECRET = "test-client-secret-9a7e"
APP_ID = "A0APP"


@dataclass
class Workspace:
    """Whose a bot token is: what ``auth.test`` answers for it."""

    team_id: str | None
    enterprise_id: str | None = None
    is_enterprise_install: bool = False
    bot_user_id: str = BOT_USER_ID
    bot_id: str = BOT_ID


@dataclass
class _Grant:
    workspace: Workspace
    installer: str
    rotating: bool
    expires_in: int
    scopes: str


@dataclass
class Call:
    """One request the bot made."""

    method: str  # Web API method ("chat.postMessage") or "response_url"
    params: dict[str, Any]
    headers: dict[str, str]
    at: float
    status: int = 200
    answer: dict[str, Any] = field(default_factory=dict)
    path: str = ""  # the URL path called (e.g. /response/hook-name)

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.answer.get("ok"))

    @property
    def channel(self) -> str | None:
        value = self.params.get("channel", self.params.get("channel_id"))
        return str(value) if value is not None else None

    @property
    def token(self) -> str:
        """The token the call was made with."""
        auth = self.headers.get("authorization", "")
        return auth.removeprefix("Bearer ").strip() or str(self.params.get("token", ""))


@dataclass
class _Fault:
    method: str
    channel: str | None
    error: str | None  # Slack error code, answered with HTTP 200 and ok=false
    status: int  # HTTP status (429, 500, ...)
    retry_after: int | None
    remaining: int | None  # None: forever
    acted: bool = False  # the call is carried out, only its answer is the fault


class FakeSlack:
    """Start with ``with FakeSlack() as slack:`` or ``start()``/``stop()``."""

    def __init__(
        self,
        *,
        token: str = BOT_TOKEN,
        per_channel_per_second: float | None = None,
        workspace_per_second: float | None = None,
    ) -> None:
        self.token = token
        self.tokens: dict[str, Workspace] = {token: Workspace(TEAM_ID)}
        """Valid bot tokens and their workspaces."""
        self.users: dict[str, dict[str, Any]] = {}
        """``users.info`` answers by user id (unknown users: a plain member)."""
        self._grants: dict[str, _Grant] = {}
        self._refresh: dict[str, _Grant] = {}
        self._token_ids = itertools.count(1)
        self.calls: list[Call] = []
        self.per_channel_per_second = per_channel_per_second
        self.workspace_per_second = workspace_per_second
        self.channels: dict[str, dict[str, Any]] = {}
        self.users: dict[str, dict[str, Any]] = {}
        """Users ``users.info`` knows (id -> user object, e.g. with a ``locale``)."""
        self.messages: dict[str, list[dict[str, Any]]] = defaultdict(list)
        """Messages posted with chat.postMessage, per channel, oldest first (for
        ``conversations.history``)."""
        self.memberships: dict[str, list[str]] = {}
        """Channels each user is in, for ``users.conversations`` (see ``add_member``)."""
        self._views = itertools.count(1)
        self.files: dict[str, dict[str, Any]] = {}
        """Files by id, from ``files.getUploadURLExternal`` on: ``name``, ``alt_txt``,
        ``length``, the ``data`` uploaded to their URL, and ``shared_to`` once completed."""
        self._file_ids = itertools.count(1)
        self.files_info: dict[str, dict[str, Any]] = {}
        """Files shared in Slack (``files.info``), by id; their bytes in ``_file_bytes``,
        served at ``url_private_download`` only with the bot token as bearer."""
        self._file_bytes: dict[str, bytes] = {}
        self.usergroups: dict[str, list[str]] = {}
        """Members of user groups (``usergroups.users.list``), by group id."""
        self._faults: list[_Fault] = []
        self._holds: dict[str, tuple[int, threading.Event]] = {}
        self._delays: dict[str, float] = {}
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self._sent_per_channel: dict[str, deque[float]] = defaultdict(deque)
        self._sent_workspace: deque[float] = deque()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> FakeSlack:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                fake._handle(self)

            def do_GET(self) -> None:  # noqa: N802
                fake._handle(self)

            def log_message(self, *_: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )  # a short poll interval makes stop() quick (the default waits up to 0.5 s)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening; later calls get 'connection refused' until ``start()``."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str = "hook") -> str:
        return f"http://127.0.0.1:{self.port}/response/{name}"

    # --- configuration -------------------------------------------------------------------

    def add_file(
        self,
        file_id: str,
        name: str,
        content: bytes,
        *,
        user: str,
        filetype: str = "text",
        mimetype: str = "text/plain",
    ) -> dict[str, Any]:
        """A file shared in Slack: ``files.info`` describes it and its download URL serves
        ``content`` to requests bearing the bot token (anything else gets 403)."""
        info = {
            "id": file_id,
            "name": name,
            "title": name,
            "user": user,
            "size": len(content),
            "filetype": filetype,
            "mimetype": mimetype,
            "url_private": f"http://127.0.0.1:{self.port}/files/{file_id}/{name}",
            "url_private_download": f"http://127.0.0.1:{self.port}/files/{file_id}/download",
        }
        self.files_info[file_id] = info
        self._file_bytes[file_id] = content
        return info

    def add_channel(
        self, channel_id: str, *, is_member: bool = True, is_archived: bool = False, **extra: Any
    ) -> None:
        """Make ``conversations.info`` know a channel. Unknown channels: channel_not_found."""
        self.channels[channel_id] = {
            "id": channel_id,
            "is_member": is_member,
            "is_archived": is_archived,
            "is_channel": not channel_id.startswith("D"),
            "is_im": channel_id.startswith("D"),
            **extra,
        }

    def add_member(self, user: str, *channels: str) -> None:
        """Make ``users.conversations`` list ``channels`` for ``user``."""
        self.memberships.setdefault(user, []).extend(channels)

    def fail(
        self,
        method: str,
        error: str | None = None,
        *,
        channel: str | None = None,
        status: int = 200,
        retry_after: int | None = None,
        times: int | None = None,
        acted: bool = False,
    ) -> None:
        """Answer ``method`` (optionally only for ``channel``) with a Slack error code, or an
        HTTP ``status`` (429 with ``Retry-After``, 5xx), ``times`` times or forever. With
        ``acted`` Slack carries the call out first (a message is posted, a file stored) and
        only the answer is lost: the caller cannot know it worked."""
        with self._lock:
            self._faults.append(_Fault(method, channel, error, status, retry_after, times, acted))

    def grant(
        self,
        code: str,
        team_id: str | None,
        *,
        enterprise_id: str | None = None,
        is_enterprise_install: bool = False,
        installer: str = "UINSTALLER",
        rotating: bool = False,
        expires_in: int = 43_200,
        scopes: str = "commands,chat:write",
    ) -> None:
        """Let ``oauth.v2.access`` exchange ``code`` (once) for a new bot token of this
        workspace (an org-wide install when ``is_enterprise_install``)."""
        bot_user = f"UBOT{team_id or enterprise_id}"
        workspace = Workspace(
            team_id, enterprise_id, is_enterprise_install, bot_user, f"BBOT{team_id}"
        )
        with self._lock:
            self._grants[code] = _Grant(workspace, installer, rotating, expires_in, scopes)

    def revoke(self, team_id: str | None, enterprise_id: str | None = None) -> None:
        """Every token of the workspace (or org) stops working, as after an uninstall."""
        with self._lock:
            for token, ws in list(self.tokens.items()):
                if (team_id and ws.team_id == team_id) or (
                    not team_id and ws.enterprise_id == enterprise_id
                ):
                    del self.tokens[token]

    def tokens_of(self, team_id: str | None, enterprise_id: str | None = None) -> list[str]:
        """The valid tokens of a workspace, oldest first."""
        with self._lock:
            return [
                t
                for t, ws in self.tokens.items()
                if ws.team_id == team_id
                and (enterprise_id is None or ws.enterprise_id == enterprise_id)
            ]

    def slow(self, method: str, seconds: float) -> None:
        """Take ``seconds`` before handling each call to ``method`` (a slow Slack)."""
        with self._lock:
            self._delays[method] = seconds

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def hold(self, method: str, after: int) -> None:
        """Once ``after`` calls to ``method`` have been answered, process and record each
        later one (Slack acted on it) but keep its answer back until ``release()``: the
        caller is caught mid-call, not knowing whether Slack acted (for crash tests)."""
        with self._lock:
            self._holds[method] = (after, threading.Event())

    def release(self) -> None:
        """Answer the held calls and hold no more."""
        with self._lock:
            holds, self._holds = self._holds, {}
        for _after, event in holds.values():
            event.set()

    # --- what happened -------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def delivered(self, method: str = "chat.postMessage") -> list[Call]:
        """Calls to ``method`` that Slack accepted."""
        return [c for c in self.calls_to(method) if c.ok]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Wait until ``count`` calls to ``method`` have arrived (any outcome)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.calls_to(method)
            if len(found) >= count:
                return found
            time.sleep(0.01)
        raise AssertionError(
            f"expected {count} call(s) to {method}, got {len(self.calls_to(method))}: "
            f"{[c.method for c in self.calls]}"
        )

    # --- serving -------------------------------------------------------------------------

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        parsed = urlparse(request.path)
        headers = {k.lower(): v for k, v in request.headers.items()}
        params: dict[str, Any] = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        content_type = headers.get("content-type", "")
        if body:
            if "json" in content_type:
                try:
                    params.update(json.loads(body))
                except json.JSONDecodeError:
                    params["_raw"] = body.decode("utf-8", "replace")
            else:
                params.update(
                    {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
                )
        for key in ("blocks", "attachments", "view", "unfurls"):
            if isinstance(params.get(key), str):
                with contextlib.suppress(json.JSONDecodeError):
                    params[key] = json.loads(params[key])

        if parsed.path.startswith("/files/"):
            self._download(request, parsed.path, headers)
            return
        if parsed.path.startswith("/upload/"):
            method = "file_upload"  # the upload URL handed out by files.getUploadURLExternal
            params = {"file_id": parsed.path.rsplit("/", 1)[-1], "_data": body}
        elif parsed.path.startswith("/response/"):
            method = "response_url"
        elif parsed.path.startswith("/api/"):
            method = parsed.path[len("/api/") :]
        else:
            method = parsed.path
        with self._lock:
            delay = self._delays.get(method)
        if delay:
            time.sleep(delay)
        call = Call(method=method, params=params, headers=headers, at=time.time(), path=parsed.path)
        status, answer, extra_headers = self._answer(call)
        call.status, call.answer = status, answer
        with self._lock:
            self.calls.append(call)
            held = self._holds.get(method)
            answered = sum(1 for c in self.calls if c.method == method) - 1
        if held is not None and answered >= held[0]:
            held[1].wait(timeout=60)
        payload = json.dumps(answer).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json; charset=utf-8")
        request.send_header("Content-Length", str(len(payload)))
        for name, value in extra_headers.items():
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(payload)

    def _download(
        self, request: BaseHTTPRequestHandler, path: str, headers: dict[str, str]
    ) -> None:
        file_id = path.split("/")[2]
        token = headers.get("authorization", "").removeprefix("Bearer ").strip()
        content = self._file_bytes.get(file_id)
        status = 200 if content is not None and token in self.tokens else 403
        body = content if status == 200 and content is not None else b"<html>sign in</html>"
        call = Call(method="download", params={"file": file_id}, headers=headers, at=time.time())
        call.status, call.path = status, path
        with self._lock:
            self.calls.append(call)
        request.send_response(status)
        ctype = "application/octet-stream" if status == 200 else "text/html"
        request.send_header("Content-Type", ctype)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    def _answer(self, call: Call) -> tuple[int, dict[str, Any], dict[str, str]]:
        fault = self._take_fault(call)
        if fault is not None and fault.acted:
            self._act(call)
        if fault is not None:
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after else {}
            if fault.status != 200:
                error = fault.error or ("ratelimited" if fault.status == 429 else "fatal_error")
                return fault.status, {"ok": False, "error": error}, headers
            return 200, {"ok": False, "error": fault.error}, headers

        return self._act(call)

    def _act(self, call: Call) -> tuple[int, dict[str, Any], dict[str, str]]:
        if call.method == "response_url":
            return 200, {"ok": True}, {}
        if call.method == "file_upload":
            return self._receive_upload(call)
        if call.method == "oauth.v2.access":
            return self._oauth_access(call)
        workspace = self.tokens.get(call.token)
        if workspace is None:
            return 200, {"ok": False, "error": "invalid_auth"}, {}

        limited = self._rate_limited(call)
        if limited is not None:
            return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(limited)}

        channel = call.channel
        method = call.method
        if method == "auth.test":
            return (
                200,
                {
                    "ok": True,
                    "team_id": workspace.team_id,
                    "enterprise_id": workspace.enterprise_id,
                    "is_enterprise_install": workspace.is_enterprise_install,
                    "user_id": workspace.bot_user_id,
                    "bot_id": workspace.bot_id,
                    "team": "Test",
                    "user": "pi",
                    "url": "https://test.slack.com/",
                },
                {},
            )
        if method == "users.info":
            user = str(call.params.get("user", ""))
            return 200, {"ok": True, "user": {"id": user, **self.users.get(user, {})}}, {}
        if method == "conversations.info":
            info = self.channels.get(channel or "")
            if info is None:
                return 200, {"ok": False, "error": "channel_not_found"}, {}
            return 200, {"ok": True, "channel": info}, {}
        if method in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
            known = self.channels.get(channel or "")
            if self.channels and known is None and not (channel or "").startswith("D"):
                return 200, {"ok": False, "error": "channel_not_found"}, {}
            if known is not None and known.get("is_archived"):
                return 200, {"ok": False, "error": "is_archived"}, {}
            if known is not None and not known.get("is_member", True):
                return 200, {"ok": False, "error": "not_in_channel"}, {}
            ts = f"{int(time.time())}.{next(self._ts):06d}"
            if method == "chat.postEphemeral":
                return 200, {"ok": True, "message_ts": ts}, {}
            if method == "chat.postMessage":
                self._store_message(str(channel), ts, call.params)
            return 200, {"ok": True, "channel": channel, "ts": ts}, {}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._file_ids):08d}"
            with self._lock:
                self.files[file_id] = {
                    "id": file_id,
                    "name": str(call.params.get("filename") or ""),
                    "length": int(call.params.get("length") or 0),
                    "alt_txt": call.params.get("alt_txt"),
                    "data": None,
                    "shared_to": [],
                }
            url = f"http://127.0.0.1:{self.port}/upload/{file_id}"
            return 200, {"ok": True, "upload_url": url, "file_id": file_id}, {}
        if method == "files.completeUploadExternal":
            return self._complete_upload(call)
        if method == "conversations.history":
            return self._history(call)
        if method == "users.info":
            user = self.users.get(str(call.params.get("user", "")))
            if user is None:
                return 200, {"ok": False, "error": "user_not_found"}, {}
            return 200, {"ok": True, "user": user}, {}
        if method == "conversations.replies":
            return self._replies(call)
        if method == "views.publish":
            return 200, {"ok": True, "view": {"id": "V1"}}, {}
        if method in ("views.open", "views.push"):
            view_id = f"VOPEN{next(self._views):04d}"
            return 200, {"ok": True, "view": {"id": view_id, "hash": "h1"}}, {}
        if method == "views.update":
            view_id = str(call.params.get("view_id") or "")
            return 200, {"ok": True, "view": {"id": view_id, "hash": "h2"}}, {}
        if method == "users.conversations":
            user = str(call.params.get("user") or "")
            listed = [{"id": c} for c in self.memberships.get(user, [])]
            return 200, {"ok": True, "channels": listed, "response_metadata": {}}, {}
        if method == "usergroups.users.list":
            members = self.usergroups.get(str(call.params.get("usergroup", "")))
            if members is None:
                return 200, {"ok": False, "error": "no_such_subteam"}, {}
            return 200, {"ok": True, "users": members}, {}
        if method == "files.info":
            info = self.files_info.get(str(call.params.get("file", "")))
            if info is None:
                return 200, {"ok": False, "error": "file_not_found"}, {}
            return 200, {"ok": True, "file": info}, {}
        if method == "conversations.join":
            return 200, {"ok": True, "channel": {"id": channel}}, {}
        if method == "conversations.open":  # a DM with the user: "D" + their id
            return 200, {"ok": True, "channel": {"id": f"D{call.params.get('users', '')}"}}, {}
        return 200, {"ok": True}, {}

    def _receive_upload(self, call: Call) -> tuple[int, dict[str, Any], dict[str, str]]:
        file_id = str(call.params.get("file_id"))
        data = call.params.pop("_data", b"")
        call.params["length"] = len(data)
        with self._lock:
            known = self.files.get(file_id)
            if known is None:
                return 404, {"ok": False, "error": "file_not_found"}, {}
            known["data"] = data
        return 200, {"ok": True}, {}

    def _complete_upload(self, call: Call) -> tuple[int, dict[str, Any], dict[str, str]]:
        """Share uploaded files in ``channel_id`` as one message (``files`` on it)."""
        raw = call.params.get("files")
        wanted = json.loads(raw) if isinstance(raw, str) else list(raw or [])
        channel = str(call.params.get("channel_id") or "")
        known = self.channels.get(channel)
        if self.channels and known is None and not channel.startswith("D"):
            return 200, {"ok": False, "error": "channel_not_found"}, {}
        if known is not None and not known.get("is_member", True):
            return 200, {"ok": False, "error": "not_in_channel"}, {}
        shared = []
        with self._lock:
            for entry in wanted:
                file = self.files.get(str(entry.get("id")))
                if file is None or file["data"] is None:
                    return 200, {"ok": False, "error": "file_not_found"}, {}
                file["title"] = entry.get("title") or file["name"]
                file["shared_to"].append(channel)
                shared.append({k: file[k] for k in ("id", "name", "title", "alt_txt")})
        ts = f"{int(time.time())}.{next(self._ts):06d}"
        message: dict[str, Any] = {
            "type": "message",
            "subtype": "file_share",
            "ts": ts,
            "text": call.params.get("initial_comment") or "",
            "files": shared,
            "bot_id": BOT_ID,
            "user": BOT_USER_ID,
        }
        if call.params.get("thread_ts"):
            message["thread_ts"] = str(call.params["thread_ts"])
        with self._lock:
            self.messages[channel].append(message)
        return 200, {"ok": True, "files": shared}, {}

    def shared_files(self, channel: str) -> list[dict[str, Any]]:
        """Files shared in ``channel`` (with their uploaded ``data``), oldest first."""
        with self._lock:
            return [f for f in self.files.values() if channel in f["shared_to"]]

    def _oauth_access(self, call: Call) -> tuple[int, dict[str, Any], dict[str, str]]:
        """``oauth.v2.access``: a code (once) or a refresh token for a new bot token."""
        client_id, client_secret = call.params.get("client_id"), call.params.get("client_secret")
        auth = call.headers.get("authorization", "")
        if auth.startswith("Basic "):
            client_id, _, client_secret = (
                base64.b64decode(auth.removeprefix("Basic ")).decode().partition(":")
            )
        if (client_id, client_secret) != (CLIENT_ID, CLIENT_SECRET):
            return 200, {"ok": False, "error": "invalid_client_id"}, {}
        with self._lock:
            if call.params.get("grant_type") == "refresh_token":
                grant = self._refresh.get(str(call.params.get("refresh_token", "")))
                error = "invalid_refresh_token"
            else:
                grant = self._grants.pop(str(call.params.get("code", "")), None)
                error = "invalid_code"
            if grant is None:
                return 200, {"ok": False, "error": error}, {}
            ws = grant.workspace
            token = f"xoxb-{ws.team_id or ws.enterprise_id}-{next(self._token_ids):04d}"
            if grant.rotating:
                token = "xoxe." + token
            self.tokens[token] = ws
        answer: dict[str, Any] = {
            "ok": True,
            "app_id": APP_ID,
            "access_token": token,
            "token_type": "bot",
            "scope": grant.scopes,
            "bot_user_id": ws.bot_user_id,
            "team": {"id": ws.team_id, "name": f"Team {ws.team_id}"} if ws.team_id else None,
            "enterprise": {"id": ws.enterprise_id, "name": "Org"} if ws.enterprise_id else None,
            "is_enterprise_install": ws.is_enterprise_install,
            "authed_user": {"id": grant.installer},
        }
        if grant.rotating:
            refresh = f"xoxe-1-refresh-{next(self._token_ids):04d}"
            with self._lock:
                self._refresh[refresh] = grant
            answer["refresh_token"] = refresh
            answer["expires_in"] = grant.expires_in
        return 200, answer, {}

    def messages_in(self, channel: str) -> list[dict[str, Any]]:
        """Messages posted to ``channel``, oldest first."""
        with self._lock:
            return list(self.messages.get(channel, []))

    def _store_message(self, channel: str, ts: str, params: dict[str, Any]) -> None:
        metadata = params.get("metadata")
        if isinstance(metadata, str):
            with contextlib.suppress(json.JSONDecodeError):
                metadata = json.loads(metadata)
        message: dict[str, Any] = {
            "type": "message",
            "ts": ts,
            "text": params.get("text", ""),
            "bot_id": BOT_ID,
            "user": BOT_USER_ID,
        }
        if params.get("blocks"):
            message["blocks"] = params["blocks"]
        if params.get("thread_ts"):
            message["thread_ts"] = str(params["thread_ts"])
        if isinstance(metadata, dict):
            message["metadata"] = metadata
        with self._lock:
            self.messages[channel].append(message)

    def _history(self, call: Call) -> tuple[int, dict[str, Any], dict[str, str]]:
        """``conversations.history``: newest first, ``oldest``/``latest``/``limit``/``cursor``;
        message metadata only with ``include_all_metadata``."""
        channel = call.channel or ""
        known = self.channels.get(channel)
        if self.channels and known is None and not channel.startswith("D"):
            return 200, {"ok": False, "error": "channel_not_found"}, {}
        if known is not None and not known.get("is_member", True):
            return 200, {"ok": False, "error": "not_in_channel"}, {}
        oldest = float(call.params.get("oldest") or 0)
        latest = float(call.params.get("latest") or "inf")
        limit = max(1, min(int(call.params.get("limit") or 100), 1000))
        offset = int(call.params.get("cursor") or 0)
        with_metadata = str(call.params.get("include_all_metadata", "")).lower() in ("1", "true")
        with self._lock:
            posted = [
                m
                for m in self.messages.get(channel, [])
                if oldest < float(m["ts"]) < latest and m.get("thread_ts", m["ts"]) == m["ts"]
            ]  # thread replies are not in the channel's history, as in Slack
        posted.reverse()
        page = posted[offset : offset + limit]
        if not with_metadata:
            page = [{k: v for k, v in m.items() if k != "metadata"} for m in page]
        more = offset + limit < len(posted)
        answer: dict[str, Any] = {"ok": True, "messages": page, "has_more": more}
        answer["response_metadata"] = {"next_cursor": str(offset + limit) if more else ""}
        return 200, answer, {}

    def _replies(self, call: Call) -> tuple[int, dict[str, Any], dict[str, str]]:
        """``conversations.replies``: the parent then its replies, oldest first, with
        ``oldest``/``limit``/``cursor``; metadata only with ``include_all_metadata``."""
        channel = call.channel or ""
        parent = str(call.params.get("ts") or "")
        with self._lock:
            thread = [
                m
                for m in self.messages.get(channel, [])
                if m["ts"] == parent or m.get("thread_ts") == parent
            ]
        if not thread:
            return 200, {"ok": False, "error": "thread_not_found"}, {}
        oldest = float(call.params.get("oldest") or 0)
        thread = [m for m in thread if m["ts"] == parent or float(m["ts"]) > oldest]
        limit = max(1, min(int(call.params.get("limit") or 100), 1000))
        offset = int(call.params.get("cursor") or 0)
        with_metadata = str(call.params.get("include_all_metadata", "")).lower() in ("1", "true")
        page = thread[offset : offset + limit]
        if not with_metadata:
            page = [{k: v for k, v in m.items() if k != "metadata"} for m in page]
        more = offset + limit < len(thread)
        answer: dict[str, Any] = {"ok": True, "messages": page, "has_more": more}
        answer["response_metadata"] = {"next_cursor": str(offset + limit) if more else ""}
        return 200, answer, {}

    def replies_to(self, channel: str, ts: str) -> list[dict[str, Any]]:
        """Replies posted in the thread of message ``ts`` of ``channel``, oldest first."""
        with self._lock:
            return [m for m in self.messages.get(channel, []) if m.get("thread_ts") == ts]

    def _take_fault(self, call: Call) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.method != call.method:
                    continue
                if fault.channel is not None and fault.channel != call.channel:
                    continue
                if fault.remaining is not None:
                    if fault.remaining <= 0:
                        continue
                    fault.remaining -= 1
                return fault
        return None

    def _rate_limited(self, call: Call) -> int | None:
        """Slack's posting limits: ~1 message/second/channel and a workspace-wide rate; a
        file shared in a channel counts as a message."""
        if call.method not in ("chat.postMessage", "files.completeUploadExternal"):
            return None
        now = time.monotonic()
        with self._lock:
            if self.per_channel_per_second and call.channel:
                sent = self._sent_per_channel[call.channel]
                window = 1.0 / self.per_channel_per_second
                if sent and now - sent[-1] < window:
                    return 1
            if self.workspace_per_second:
                while self._sent_workspace and now - self._sent_workspace[0] >= 1.0:
                    self._sent_workspace.popleft()
                if len(self._sent_workspace) >= self.workspace_per_second:
                    return 1
            if self.per_channel_per_second and call.channel:
                self._sent_per_channel[call.channel].append(now)
            if self.workspace_per_second:
                self._sent_workspace.append(now)
        return None
