"""The app manifest stays in step with the code: the command, events, scopes and URL the
listeners and the web app use."""

from __future__ import annotations

import json
from pathlib import Path

import bot.edge.slack
from bot.edge.slack.listeners.commands import COMMAND
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
        "message.channels",  # files shared in the intake channel
        "message.groups",  # ... when it is private
        "file_shared",
    }
    options_url = settings["interactivity"]["message_menu_options_url"]
    assert options_url == f"https://YOUR-HOST{EVENTS_PATH}"  # the Merge into… select
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is False
    assert features["app_home"]["home_tab_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    needed = {"commands", "chat:write", "app_mentions:read", "im:history", "im:read", "im:write"}
    needed |= {"channels:read", "groups:read"}  # conversations.info at subscribe time
    needed |= {"channels:history", "groups:history"}  # delivery checks history before resending
    needed |= {"files:read", "usergroups:read"}  # newsletters sent as files; PI_EDITORS groups
    assert needed <= scopes
