"""Deliverers as the settings say: every deliverer of a process (the clock's, each
workspace's with OAuth distribution, the review desk's for its cards) paces, retries, leases
and posts with as many workers as ``DELIVERY_*`` set, on the process's one state database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from slack_sdk import WebClient

from bot.edge.delivery.deliverer import Deliverer, make_clients
from bot.edge.state.repository import StateRepository
from bot.settings import Settings


@dataclass(frozen=True)
class DelivererFactory:
    settings: Settings
    repository: Callable[[], StateRepository]
    """The state repository (opened on first use: raises ``StateError`` while it cannot)."""

    def make(
        self,
        poster: WebClient,
        reader: WebClient | None = None,
        *,
        team_id: str | None = None,
        retry_delays: Sequence[float] | None = None,
        workers: int | None = None,
    ) -> Deliverer:
        """A deliverer posting with ``poster``; ``retry_delays`` when someone waits for the
        result (default: ``DELIVERY_RETRY_SECONDS``, doubling); ``workers`` 1 when the
        deliveries must arrive in the order given (default: ``DELIVERY_WORKERS``)."""
        settings = self.settings
        retry = settings.delivery_retry_seconds
        return Deliverer(
            self.repository(),
            poster,
            reader,
            team_id=team_id,
            pace_seconds=settings.delivery_pace_seconds,
            workspace_per_second=settings.delivery_workspace_per_second,
            retry_delays=(retry, retry * 2, retry * 4) if retry_delays is None else retry_delays,
            lease=dt.timedelta(seconds=settings.delivery_lease_seconds),
            workers=settings.delivery_workers if workers is None else workers,
        )

    def for_token(
        self,
        token: str,
        *,
        team_id: str | None = None,
        retry_delays: Sequence[float] | None = None,
        workers: int | None = None,
    ) -> Deliverer:
        """A deliverer with its own clients for ``token`` (see ``make_clients``)."""
        poster, reader = make_clients(token, self.settings.slack_api_url)
        return self.make(
            poster, reader, team_id=team_id, retry_delays=retry_delays, workers=workers
        )
