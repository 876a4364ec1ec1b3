"""The app manifest stays in step with the code: the command, events, scopes and URL the
listeners and the web app use."""

from __future__ import annotations

import json
from pathlib import Path

import bot.edge.slack
from bot.edge.slack.installations import manifest_bot_scopes
from bot.edge.slack.listeners.commands import COMMAND
from bot.edge.slack.oauth import REDIRECT_PATH
from bot.edge.slack.web import EVENTS_PATH

MANIFEST = Path(bot.edge.slack.__file__).parent / "manifest.json"


def test_manifest_matches_the_listeners() -> None:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    features, settings = manifest["features"], manifest["settings"]
    [command] = features["slash_commands"]
    assert command["command"] == COMMAND
    urls = {
        command["url"],
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
    }
    assert urls == {f"https://YOUR-HOST{EVENTS_PATH}"}
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_home_opened",
        "app_mention",
        "message.im",
        "app_uninstalled",  # OAuth distribution: the app left a workspace
        "tokens_revoked",
    }
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is False
    assert features["app_home"]["home_tab_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    needed = {"commands", "chat:write", "app_mentions:read", "im:history", "im:read", "im:write"}
    needed |= {"channels:read", "groups:read"}  # conversations.info at subscribe time
    needed |= {"channels:history", "groups:history"}  # delivery checks history before resending
    needed |= {"users:read"}  # /pi admins add: is the user a workspace admin (users.info)
    assert needed <= scopes
    assert manifest_bot_scopes() == manifest["oauth_config"]["scopes"]["bot"]  # SLACK_SCOPES
    assert manifest["oauth_config"]["redirect_urls"] == [f"https://YOUR-HOST{REDIRECT_PATH}"]
