"""Deliveries to many workspaces (OAuth distribution): each workspace's digests and alerts
go out with that workspace's bot token, looked up (and refreshed if it rotates) in the
installation store on every clock run."""

from __future__ import annotations

from collections.abc import Callable

from bot.edge.delivery.deliverer import Deliverer

TokenFor = Callable[[str | None, str | None], str | None]
"""The bot token of a workspace (team id, enterprise id) from the installation store,
refreshed if it rotates; None when the app is not installed there."""

DelivererFor = Callable[[str, str | None], Deliverer | None]
"""A deliverer for a workspace (team id, enterprise id); None when the app is not installed
there (or its token cannot be refreshed)."""


def workspace_deliverers(
    bot_token: TokenFor,
    make: Callable[[str, str], Deliverer],
) -> DelivererFor:
    """``make(token, team_id)`` builds a deliverer posting with a workspace's bot token."""

    def deliverer_for(team_id: str, enterprise_id: str | None) -> Deliverer | None:
        if not team_id and not enterprise_id:
            return None  # made before workspaces were recorded: no token to use
        token = bot_token(team_id or None, enterprise_id)
        return make(token, team_id) if token else None

    return deliverer_for
