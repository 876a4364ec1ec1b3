"""OAuth distribution end to end: the real runtime (``build_runtime``) served over HTTP, the
installation and state stores in a real SQLite state database, the fake Slack Web API
answering ``oauth.v2.access`` and ``auth.test`` for each workspace's token, and the real
clock command delivering with each workspace's token."""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_sdk.oauth.installation_store import Installation

from bot.commands.clock import _run as run_clock
from bot.commands.serve import NEEDS_OAUTH
from bot.edge.slack.runtime import SlackRuntime, build_runtime
from bot.edge.slack.web import create_web_app
from bot.edge.state import StateRepository, connect
from bot.settings import Settings
from tests.conftest import REPO_ROOT
from tests.support.fake_slack import BOT_TOKEN, CLIENT_ID, CLIENT_SECRET, TEAM_ID, FakeSlack
from tests.support.processes import wait_until_serving
from tests.support.slack_harness import (
    BUNDLED_STORE,
    SIGNING_SECRET,
    Reply,
    http,
    on_loopback,
    signed_headers,
)

UTC = dt.UTC


@dataclass
class Distributed:
    slack: FakeSlack
    url: str
    runtime: SlackRuntime
    settings: Settings
    repo: StateRepository

    # --- the install flow, as a browser goes through it --------------------------------------

    def install_page(self) -> tuple[Reply, str, str]:
        """GET /slack/install: (the reply, the state in its link, the state cookie)."""
        reply = http("GET", self.url + "/slack/install")
        link = re.search(r'href="(https://slack\.com/oauth/v2/authorize[^"]+)"', reply.body)
        assert link, reply.body
        query = urllib.parse.parse_qs(urllib.parse.urlparse(html.unescape(link.group(1))).query)
        headers = {k.lower(): v for k, v in reply.headers.items()}
        cookie = headers.get("set-cookie", "").split(";")[0]
        return reply, query["state"][0], cookie

    def redirect(self, code: str, state: str, cookie: str) -> Reply:
        query = urlencode({"code": code, "state": state})
        return http("GET", f"{self.url}/slack/oauth_redirect?{query}", headers={"Cookie": cookie})

    def install(self, code: str, team: str | None, **grant: Any) -> Reply:
        self.slack.grant(code, team, **grant)
        _page, state, cookie = self.install_page()
        return self.redirect(code, state, cookie)

    def installation(self, team: str | None, enterprise: str | None = None) -> Installation | None:
        store = self.runtime.app.installation_store
        assert store is not None
        return store.find_installation(
            enterprise_id=enterprise, team_id=team, is_enterprise_install=team is None
        )

    # --- signed requests from a workspace ------------------------------------------------

    def command(
        self,
        text: str,
        *,
        team: str,
        channel: str,
        user: str = "U0LAWYER",
        enterprise: str | None = None,
        org_wide: bool = False,
    ) -> str:
        """``/pi text`` from a workspace; returns the text of the answer (response_url)."""
        hook = f"h{time.monotonic_ns()}"
        form = {
            "team_id": team,
            "team_domain": "firm",
            "channel_id": channel,
            "user_id": user,
            "command": "/pi",
            "text": text,
            "api_app_id": "A0APP",
            "response_url": self.slack.response_url(hook),
            "trigger_id": "1.2.3",
        }
        if enterprise:
            form["enterprise_id"] = enterprise
            form["is_enterprise_install"] = "true" if org_wide else "false"
        reply = self.post(urlencode(form), "application/x-www-form-urlencoded")
        assert reply.status == 200, reply.body
        return self.answer(hook)

    def event(
        self, event: dict[str, Any], *, team: str | None, enterprise: str | None = None
    ) -> Reply:
        payload = {
            "team_id": team,
            "enterprise_id": enterprise,
            "api_app_id": "A0APP",
            "event": event,
            "type": "event_callback",
            "event_id": f"Ev{time.monotonic_ns()}",
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "team_id": team,
                    "enterprise_id": enterprise,
                    "user_id": f"UBOT{team}",
                    "is_bot": True,
                    "is_enterprise_install": team is None,
                }
            ],
        }
        return self.post(json.dumps(payload), "application/json")

    def post(self, body: str, content_type: str) -> Reply:
        headers = {"Content-Type": content_type, **signed_headers(body)}
        return http("POST", self.url + "/slack/events", body.encode(), headers)

    def answer(self, hook: str, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for call in self.slack.calls_to("response_url"):
                if call.path.endswith("/" + hook):
                    return json.dumps(call.params)
            time.sleep(0.02)
        raise AssertionError(f"no answer at {hook}")

    def tokens_used(self, method: str, channel: str) -> set[str]:
        return {c.token for c in self.slack.calls_to(method) if c.channel == channel}


@pytest.fixture
def distributed(db_url: str) -> Iterator[Distributed]:
    with FakeSlack() as slack:
        for channel in ("CA", "CB", "CE"):
            slack.add_channel(channel)
        settings = Settings(
            slack_client_id=CLIENT_ID,
            slack_client_secret=CLIENT_SECRET,
            slack_signing_secret=SIGNING_SECRET,
            slack_api_url=slack.api_url,
            database_url=db_url,
            pi_knowledge_file=str(BUNDLED_STORE),
        )
        runtime = build_runtime(settings, needs=NEEDS_OAUTH, command="serve")
        engine = connect(settings.database_url.get_secret_value())
        with on_loopback(
            create_web_app(runtime.app, runtime.live_store, signing_secret=SIGNING_SECRET)
        ) as url:
            yield Distributed(slack, url, runtime, settings, StateRepository(engine))
        engine.dispose()


def eventually(check: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait for what a listener does after Slack's request was acknowledged."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the listener did not finish"
        time.sleep(0.02)


def clock_once(d: Distributed, now: dt.datetime) -> int:
    return run_clock(d.settings.model_copy(update={"delivery_pace_seconds": 0}), once=True, now=now)


def month_later(days: int) -> dt.datetime:
    return dt.datetime.now(UTC) + dt.timedelta(days=days)


# --- installing ------------------------------------------------------------------------


def test_the_install_page_offers_add_to_slack_with_the_manifest_scopes(d: Distributed) -> None:
    reply, state, cookie = d.install_page()
    assert reply.status == 200 and "Add to Slack" in reply.body
    assert state and cookie.endswith("=" + state)
    scopes = re.search(r"scope=([^&\"]+)", html.unescape(reply.body))
    assert scopes and "chat:write" in urllib.parse.unquote(scopes.group(1)).split(",")


def test_two_workspaces_install_through_the_redirect(d: Distributed) -> None:
    assert d.install("code-a", "TA").status == 200
    assert d.install("code-b", "TB").status == 200
    a, b = d.installation("TA"), d.installation("TB")
    assert a is not None and b is not None
    assert a.bot_token in d.slack.tokens_of("TA") and b.bot_token in d.slack.tokens_of("TB")
    assert a.bot_token != b.bot_token


def test_a_forged_state_is_refused(d: Distributed) -> None:
    d.slack.grant("code-f", "TF")
    _page, _state, _cookie = d.install_page()
    forged = "0f0f0f0f-0000-4000-8000-000000000000"
    reply = d.redirect("code-f", forged, f"slack-app-oauth-state={forged}")
    assert reply.status >= 400
    assert d.slack.calls_to("oauth.v2.access") == []
    assert d.installation("TF") is None


def test_a_state_is_used_once(d: Distributed) -> None:
    d.slack.grant("code-1", "TA")
    d.slack.grant("code-2", "TX")
    _page, state, cookie = d.install_page()
    assert d.redirect("code-1", state, cookie).status == 200
    again = d.redirect("code-2", state, cookie)
    assert again.status >= 400
    assert len(d.slack.calls_to("oauth.v2.access")) == 1
    assert d.installation("TX") is None


def test_a_state_from_another_browser_is_refused(d: Distributed) -> None:
    d.slack.grant("code-1", "TA")
    _page, state, _cookie = d.install_page()
    assert d.redirect("code-1", state, "slack-app-oauth-state=someone-else").status >= 400
    assert d.installation("TA") is None


# --- each workspace with its own token and its own data -------------------------------


def test_each_workspace_is_answered_with_its_own_token(d: Distributed) -> None:
    d.install("code-a", "TA")
    d.install("code-b", "TB")
    token_a, token_b = d.installation("TA").bot_token, d.installation("TB").bot_token  # type: ignore[union-attr]
    for team, channel in (("TA", "DA"), ("TB", "DB")):
        event = {
            "type": "message",
            "channel": channel,
            "channel_type": "im",
            "user": "U0LAWYER",
            "text": "fines",
            "ts": "1.000001",
        }
        assert d.event(event, team=team).status == 200
    d.slack.wait_for("chat.postMessage", 2)
    assert d.tokens_used("chat.postMessage", "DA") == {token_a}
    assert d.tokens_used("chat.postMessage", "DB") == {token_b}
    # a token's auth.test answer is remembered: later requests go straight to the answer
    checks = len(d.slack.calls_to("auth.test"))
    assert d.event({**event, "text": "henan", "ts": "2.000001"}, team="TB").status == 200
    d.slack.wait_for("chat.postMessage", 3)
    assert len(d.slack.calls_to("auth.test")) == checks


def test_a_request_from_a_workspace_not_installed_gets_no_answer(d: Distributed) -> None:
    d.install("code-a", "TA")
    form = {"team_id": "TZ", "channel_id": "CA", "user_id": "U1", "command": "/pi", "text": "x"}
    reply = d.post(urlencode(form), "application/x-www-form-urlencoded")
    assert "reinstall" in reply.body.lower() or reply.status >= 400
    assert d.slack.calls_to("chat.postMessage") == []


def test_a_subscription_in_one_workspace_is_invisible_to_the_other(d: Distributed) -> None:
    d.install("code-a", "TA")
    d.install("code-b", "TB")
    token_a = d.installation("TA").bot_token  # type: ignore[union-attr]
    saved = d.command("subscribe alerts fines in henan", team="TA", channel="CA")
    assert "Subscription saved" in saved
    assert d.tokens_used("conversations.info", "CA") == {token_a}
    assert "No channel has any subscriptions" in d.command(
        "subscriptions all", team="TB", channel="CB"
    )
    # the same channel id sent from the other workspace reaches nothing of the first's
    assert "Nothing to unsubscribe" in d.command("unsubscribe", team="TB", channel="CA")
    assert "This channel has none yet" in d.command("subscriptions", team="TB", channel="CA")
    [sub] = d.repo.subscriptions()
    assert (sub.team_id, sub.channel_id, sub.filters) == ("TA", "CA", "fines in henan")
    assert "henan" in d.command("subscriptions all", team="TA", channel="CA").lower()


def test_admins_are_set_per_workspace_by_its_workspace_admins(d: Distributed) -> None:
    d.install("code-a", "TA")
    d.install("code-b", "TB")
    d.slack.users["UBOSS"] = {"is_admin": True}
    refused = d.command("admins add <@U0LAWYER>", team="TA", channel="CA", user="U0LAWYER")
    assert "Only workspace admins" in refused
    added = d.command("admins add <@U0LAWYER>", team="TA", channel="CA", user="UBOSS")
    assert "Added to this workspace" in added and "U0LAWYER" in added
    # in TA only U0LAWYER may now change subscriptions; TB is still open to anyone
    assert "Only subscription admins" in d.command(
        "subscribe digest", team="TA", channel="CA", user="USOMEONE"
    )
    assert "Subscription saved" in d.command(
        "subscribe digest", team="TB", channel="CB", user="USOMEONE"
    )
    assert "anyone may manage" in d.command("admins", team="TB", channel="CB")


# --- token rotation and Enterprise Grid -------------------------------------------------


def test_rotating_tokens_are_refreshed_before_use(d: Distributed) -> None:
    d.install("code-r", "TR", rotating=True, expires_in=60)
    first = d.installation("TR")
    assert first is not None and first.bot_refresh_token
    d.slack.add_channel("CR")
    assert "Subscription saved" in d.command("subscribe digest", team="TR", channel="CR")
    refreshes = [
        c
        for c in d.slack.calls_to("oauth.v2.access")
        if c.params.get("grant_type") == "refresh_token"
    ]
    assert refreshes and all(c.ok for c in refreshes)
    latest = d.installation("TR")
    assert latest is not None and latest.bot_token != first.bot_token
    used = d.tokens_used("conversations.info", "CR")
    assert used and first.bot_token not in used


def test_an_org_wide_install_serves_each_workspace_of_the_org(d: Distributed) -> None:
    reply = d.install("code-e", None, enterprise_id="E1", is_enterprise_install=True)
    assert reply.status == 200
    org = d.installation(None, "E1")
    assert org is not None and org.is_enterprise_install
    saved = d.command("subscribe digest", team="T1", channel="CE", enterprise="E1", org_wide=True)
    assert "Subscription saved" in saved
    assert d.tokens_used("conversations.info", "CE") == {org.bot_token}
    [sub] = d.repo.subscriptions()
    assert (sub.team_id, sub.enterprise_id) == ("T1", "E1")
    assert clock_once(d, month_later(40)) == 0
    assert d.tokens_used("chat.postMessage", "CE") == {org.bot_token}


# --- the clock, and leaving -------------------------------------------------------------


def test_the_clock_delivers_to_each_workspace_with_its_token(d: Distributed) -> None:
    d.install("code-a", "TA")
    d.install("code-b", "TB")
    token_a, token_b = d.installation("TA").bot_token, d.installation("TB").bot_token  # type: ignore[union-attr]
    d.command("subscribe digest", team="TA", channel="CA")
    d.command("subscribe digest", team="TB", channel="CB")
    assert clock_once(d, month_later(40)) == 0
    assert d.slack.messages_in("CA") and d.slack.messages_in("CB")
    assert d.tokens_used("chat.postMessage", "CA") == {token_a}
    assert d.tokens_used("chat.postMessage", "CB") == {token_b}


def test_uninstalling_stops_that_workspace_only_and_a_reinstall_resumes_it(
    d: Distributed,
) -> None:
    d.install("code-a", "TA")
    d.install("code-b", "TB")
    d.command("subscribe digest", team="TA", channel="CA")
    d.command("subscribe alerts", team="TA", channel="CA")
    d.command("subscribe digest", team="TB", channel="CB")
    d.slack.revoke("TA")
    reply = d.event({"type": "app_uninstalled", "event_ts": "1.000001"}, team="TA")
    assert reply.status == 200
    eventually(lambda: all(s.paused for s in d.repo.subscriptions(team_id="TA")))
    assert d.installation("TA") is None and d.installation("TB") is not None
    subs = {(s.team_id, s.kind): s for s in d.repo.subscriptions()}
    assert subs[("TA", "digest")].paused and subs[("TA", "alerts")].paused
    assert not subs[("TB", "digest")].paused

    posted_before = len(d.slack.calls_to("chat.postMessage"))
    assert clock_once(d, month_later(40)) == 0  # nothing failed: TA is simply not delivered to
    assert clock_once(d, month_later(41)) == 0
    posts = d.slack.calls_to("chat.postMessage")[posted_before:]
    assert posts and {c.channel for c in posts} == {"CB"} and all(c.ok for c in posts)
    assert [dl for dl in d.repo.deliveries() if dl.channel_id == "CA"] == []

    d.install("code-a2", "TA")
    assert not any(s.paused for s in d.repo.subscriptions())
    assert clock_once(d, month_later(42)) == 0
    assert d.slack.messages_in("CA")


def test_revoked_bot_tokens_remove_the_installation(d: Distributed) -> None:
    d.install("code-a", "TA")
    d.command("subscribe digest", team="TA", channel="CA")
    event = {"type": "tokens_revoked", "tokens": {"bot": ["UBOTTA"]}, "event_ts": "1.000002"}
    assert d.event(event, team="TA").status == 200
    eventually(lambda: all(s.paused for s in d.repo.subscriptions()))
    assert d.installation("TA") is None


def test_a_workspace_whose_token_stopped_working_is_paused_without_failures(
    d: Distributed,
) -> None:
    d.install("code-a", "TA")
    d.install("code-b", "TB")
    d.command("subscribe digest", team="TA", channel="CA")
    d.command("subscribe digest", team="TB", channel="CB")
    d.slack.revoke("TA")  # the uninstall event never arrived
    # and one made before workspaces were recorded, with no token to send it with
    d.repo.subscribe("CE", "digest", filters="", user_id="U1", now=dt.datetime.now(UTC))
    assert clock_once(d, month_later(40)) == 0
    assert d.slack.messages_in("CB") and not d.slack.messages_in("CA")
    subs = {s.team_id: s for s in d.repo.subscriptions()}
    assert subs["TA"].paused and not subs["TB"].paused and subs[""].paused
    assert clock_once(d, month_later(41)) == 0  # nothing more to try, nothing failing


d = pytest.fixture(lambda distributed: distributed, name="d")


def test_installed_tokens_stay_out_of_the_logs(
    d: Distributed, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    d.install("code-r", "TR", rotating=True, expires_in=60)
    d.slack.add_channel("CR")
    d.command("subscribe digest", team="TR", channel="CR")
    issued = set(d.slack.tokens_of("TR"))
    assert len(issued) >= 2  # installed, then refreshed
    logged = "\n".join(logging.Formatter().format(r) for r in caplog.records)
    assert "oauth.v2.access" in logged and "[redacted]" in logged  # logged, then masked
    for token in issued:
        assert token not in logged and token.split(".")[-1] not in logged
    assert CLIENT_SECRET not in logged


# --- one workspace, as before ---------------------------------------------------------------


def test_with_a_bot_token_old_subscriptions_become_the_token_workspaces(db_url: str) -> None:
    engine = connect(db_url)
    repo = StateRepository(engine)
    now = dt.datetime.now(UTC)
    repo.subscribe("C0OLD", "digest", filters="", user_id="U1", now=now)  # no workspace recorded
    with FakeSlack() as slack:
        settings = Settings(
            slack_bot_token=BOT_TOKEN,
            slack_signing_secret=SIGNING_SECRET,
            slack_api_url=slack.api_url,
            database_url=db_url,
            pi_knowledge_file=str(BUNDLED_STORE),
        )
        runtime = build_runtime(settings, needs=("SLACK_BOT_TOKEN",), command="serve")
        assert runtime.app.oauth_flow is None and runtime.settings.slack_team_id == TEAM_ID
    [sub] = repo.subscriptions()
    assert sub.team_id == TEAM_ID
    engine.dispose()


# --- the commands ---------------------------------------------------------------------------


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PI_", "DATABASE"))}
    env["PI_KNOWLEDGE_FILE"] = str(BUNDLED_STORE)
    env.update(extra)
    return env


@pytest.mark.slow
@pytest.mark.parametrize("command", ["serve", "clock"])
def test_half_the_oauth_credentials_is_one_clear_line(command: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", command],
        cwd=REPO_ROOT,
        env=_env(SLACK_CLIENT_ID=CLIENT_ID, SLACK_SIGNING_SECRET=SIGNING_SECRET),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"{command}: SLACK_CLIENT_SECRET is not set: export SLACK_CLIENT_SECRET=... with the "
        "Client Secret from your app's Basic Information page "
        "(see docs/operating.md, 'Run it in Slack')."
    ]


@pytest.mark.slow
def test_serve_offers_the_install_page_without_a_bot_token(tmp_path: Path) -> None:
    with FakeSlack() as slack, socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        env = _env(
            SLACK_CLIENT_ID=CLIENT_ID,
            SLACK_CLIENT_SECRET=CLIENT_SECRET,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=slack.api_url,
            DATABASE_URL=f"sqlite:///{tmp_path / 'state.sqlite3'}",
            PORT=str(port),
        )
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve"],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_serving(proc, url, "/slack/install")
            page = http("GET", url + "/slack/install")
            assert page.status == 200 and "Add to Slack" in page.body
            assert slack.calls_to("auth.test") == []  # no token to check at start
        finally:
            proc.terminate()
            proc.wait(timeout=20)
