"""The app manifest stays in step with the code: the command, events, shortcuts, options
endpoint, link-preview domain, scopes and URL the listeners and the web app use."""

from __future__ import annotations

import json
from pathlib import Path

import bot.edge.slack
from bot.edge.render.blocks.form_filters import FormFilters
from bot.edge.render.blocks.search_form import search_view
from bot.edge.render.blocks.subscription_form import subscription_view
from bot.edge.slack.installations import manifest_bot_scopes
from bot.edge.slack.listeners.commands import COMMAND
from bot.edge.slack.listeners.events import HANDLED_EVENTS
from bot.edge.slack.listeners.options import TYPEAHEAD_ACTIONS
from bot.edge.slack.listeners.shortcuts import GLOBAL_SHORTCUTS, MESSAGE_SHORTCUTS
from bot.edge.slack.manifest import manifest_for
from bot.edge.slack.oauth import REDIRECT_PATH, UNINSTALL_EVENTS
from bot.edge.slack.web import EVENTS_PATH
from bot.settings import Settings

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
        settings["interactivity"]["message_menu_options_url"],
    }
    assert urls == {f"https://YOUR-HOST{EVENTS_PATH}"}
    assert set(settings["event_subscriptions"]["bot_events"]) == set(HANDLED_EVENTS) | set(
        UNINSTALL_EVENTS  # OAuth distribution: the app left a workspace
    )
    assert set(HANDLED_EVENTS) == {
        "app_home_opened",
        "app_mention",
        "message.im",
        "link_shared",
        "message.channels",  # files shared in the intake channel
        "message.groups",  # ... when it is private
        "file_shared",
    }
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is False
    assert features["app_home"]["home_tab_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    needed = {"commands", "chat:write", "app_mentions:read", "im:history", "im:read", "im:write"}
    needed |= {"channels:read", "groups:read"}  # conversations.info at subscribe time
    needed |= {"channels:history", "groups:history"}  # delivery checks history before resending
    needed |= {"links:read", "links:write"}  # link_shared and chat.unfurl
    needed |= {"users:read"}  # users.info: Chinese locale; /pi admins add: a workspace admin?
    needed |= {"files:write"}  # the digest's chart and exports (files_upload_v2)
    needed |= {"files:read", "usergroups:read"}  # newsletters sent as files; PI_EDITORS groups
    assert needed <= scopes
    assert manifest_bot_scopes() == manifest["oauth_config"]["scopes"]["bot"]  # SLACK_SCOPES
    assert manifest["oauth_config"]["redirect_urls"] == [f"https://YOUR-HOST{REDIRECT_PATH}"]


def test_manifest_declares_exactly_the_shortcuts_the_listeners_handle() -> None:
    features = json.loads(MANIFEST.read_text(encoding="utf-8"))["features"]
    declared = {(s["type"], s["callback_id"], s["name"]) for s in features["shortcuts"]}
    handled = {("global", cid, name) for cid, name in GLOBAL_SHORTCUTS.items()}
    handled |= {("message", cid, name) for cid, name in MESSAGE_SHORTCUTS.items()}
    assert declared == handled
    assert all(len(s["name"]) <= 40 and len(s["description"]) <= 80 for s in features["shortcuts"])


def test_the_options_endpoint_serves_every_external_select_of_the_forms() -> None:
    selects = set()
    for view in (search_view(FormFilters()), subscription_view("C1")):
        for block in view.to_dict()["blocks"]:
            element = block.get("element") or {}
            if element.get("type", "").endswith("external_select"):
                selects.add(element["action_id"])
    assert selects == set(TYPEAHEAD_ACTIONS)


def test_unfurl_domains_come_from_public_url() -> None:
    template = json.loads(MANIFEST.read_text(encoding="utf-8"))
    assert template["features"]["unfurl_domains"] == ["YOUR-HOST"]
    filled = manifest_for(Settings(public_url="https://pi.example.com/"))
    assert filled["features"]["unfurl_domains"] == ["pi.example.com"]
    assert filled["settings"]["interactivity"]["message_menu_options_url"] == (
        f"https://pi.example.com{EVENTS_PATH}"
    )
    assert "YOUR-HOST" not in json.dumps(filled)
    assert filled["oauth_config"]["redirect_urls"] == [f"https://pi.example.com{REDIRECT_PATH}"]
