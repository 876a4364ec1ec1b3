"""The options endpoint (external selects): regions and authorities from the gazetteer,
filtered by what the user types, Chinese names included."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App

from bot.core.answers import Router
from bot.edge.render.blocks.gazetteer_options import PickKind, matching_options
from bot.edge.render.blocks.search_form import ACTION_PICK_AUTHORITIES, ACTION_PICK_REGIONS

if TYPE_CHECKING:
    from bot.edge.slack.listeners import Deps

TYPEAHEAD_ACTIONS: dict[str, PickKind] = {
    ACTION_PICK_REGIONS: "regions",
    ACTION_PICK_AUTHORITIES: "authorities",
}


def make_options(kind: PickKind) -> Callable[..., None]:
    def options(ack: Ack, body: dict[str, Any]) -> None:
        typed = str(body.get("value") or "")[:100]
        ack(options=[o.to_dict() for o in matching_options(kind, typed)])

    return options


def register(app: App, router: Router, deps: Deps) -> None:
    for action_id, kind in TYPEAHEAD_ACTIONS.items():
        app.options(action_id)(make_options(kind))
