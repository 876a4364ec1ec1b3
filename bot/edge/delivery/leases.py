"""A delivery's lease, renewed while it is in progress so no other run takes it over."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError

from bot.core.notify import Claim
from bot.edge.state.ledger import DeliveryLedger

log = logging.getLogger(__name__)


class LeaseKeeper:
    """Renews ``claim``'s lease every third of ``lease`` until the ``with`` block ends;
    ``lost`` turns True when the ledger says another run owns the row."""

    def __init__(
        self,
        repo: DeliveryLedger,
        claim: Claim,
        lease: dt.timedelta,
        wall: Callable[[], dt.datetime],
    ) -> None:
        self.repo = repo
        self.claim = claim
        self.interval = max(0.05, lease.total_seconds() / 3)
        self.wall = wall
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._renew, name="pi-lease", daemon=True)

    def __enter__(self) -> LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _renew(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                if not self.repo.renew(self.claim, now=self.wall()):
                    self.lost = True
                    return
            except SQLAlchemyError as exc:  # try again at the next beat
                log.warning(
                    "could not renew the lease of %s %s in %s: %s",
                    self.claim.kind,
                    self.claim.key,
                    self.claim.channel_id,
                    type(exc).__name__,
                )
