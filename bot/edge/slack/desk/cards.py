"""The desk's common ground: who is an editor, the store it writes through, and the review
cards (posted through the delivery ledger, updated after an action, or a note to one editor).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import ValidationError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.answers.router import Router
from bot.core.knowledge import review
from bot.core.knowledge.gazetteer import Gazetteer, default_gazetteer
from bot.core.knowledge.intake import flags
from bot.core.knowledge.model import Development, KnowledgeFile
from bot.core.knowledge.store import KnowledgeBackend, LiveStore
from bot.core.utc import utcnow
from bot.edge.addresses import FetchAllow
from bot.edge.delivery.deliverer import Deliverer
from bot.edge.delivery.factory import DelivererFactory
from bot.edge.intake.review_batch import review_batch
from bot.edge.render.blocks import escape
from bot.edge.render.blocks.review import review_card
from bot.edge.slack.background import Background
from bot.edge.state.sources import IntakeRepository
from bot.settings import Settings

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class Where:
    """A message in Slack: the card to update after an action."""

    channel: str
    ts: str | None


class StoreUnwritable(Exception):
    """The knowledge store could not be written (a full disk, a database down): nothing was
    changed; ``str()`` is the one line for the editor."""


STORE_UNWRITABLE = (
    "The knowledge store could not be written just now (the disk may be full), so nothing "
    "was changed. Please try again later; the operator can see why in the log."
)
JOBS_WAITING = 256
"""Editors' jobs waiting at most (files, addresses, review actions); past it an editor is
told at once that it was not done."""
FETCHES_WAITING = 8
MAX_DELIVERERS = 64
"""Card senders kept, one per workspace token."""
FETCH_WORKERS = 2
DESK_BUSY = (
    "The editors' desk has too much waiting right now, so this was not done and nothing was "
    "written. Please try again in a few minutes."
)


class DeskBase:
    def __init__(
        self,
        settings: Settings,
        router: Router,
        *,
        deliverers: DelivererFactory,
        gazetteer: Gazetteer | None = None,
        now: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        """``deliverers``: the process's ``DelivererFactory`` (its one state database and
        the ``DELIVERY_*`` settings); without it the desk opens its own."""
        self.settings = settings
        self.deliverers = deliverers
        self.router = router
        self.deliverers = deliverers
        self.gazetteer = gazetteer or default_gazetteer()
        self.now = now
        self.fetch_allow = FetchAllow.parse(settings.pi_fetch_allow)
        # editors' work never waits behind (nor is dropped with) the users' answers; fetches
        # of addresses have their own bounded workers, so a slow server holds only them
        self.jobs = Background(workers=1, max_waiting=JOBS_WAITING, name="pi-editors")
        self.fetches = Background(
            workers=FETCH_WORKERS, max_waiting=FETCHES_WAITING, name="pi-fetch"
        )
        self._deliverers: dict[str, Deliverer] = {}
        self._lock = threading.Lock()

    # --- who and where -------------------------------------------------------------------

    @property
    def backend(self) -> KnowledgeBackend:
        live = self.router.live_store
        if not isinstance(live, LiveStore):  # the router of a Slack process always has one
            raise TypeError("the review desk writes through a LiveStore's backend")
        return live.backend

    def is_editor(self, user_id: str, team_id: str | None = None) -> bool:
        """``PI_EDITORS`` and the workspace's stored editors, only in ``PI_EDITORS_TEAM``
        when it is set (``Editors.for_team``)."""
        check = self.router.is_editor
        home = self.settings.pi_editors_team
        if not user_id or check is None or (home and team_id != home):
            return False
        for_team = getattr(check, "for_team", None)
        return bool(for_team(user_id, team_id) if for_team else check(user_id))

    def is_intake_conversation(self, channel: str, channel_type: str | None) -> bool:
        return channel_type == "im" or channel == (self.settings.pi_intake_channel or "")

    def run(
        self,
        inline: bool,
        what: str,
        work: Callable[[], None],
        busy: Callable[[], None],
        *,
        fetch: bool = False,
    ) -> bool:
        """Queue an editor's job on the desk's own workers (inline when the app answers
        before responding); when it cannot be taken, ``busy`` tells the editor at once."""
        if inline:
            return Background(inline=True).run(what, work)
        pool = self.fetches if fetch else self.jobs
        return pool.run(what, work, busy=busy)

    def token_of(self, client: WebClient) -> str:
        """The bot token of the workspace this request came from (OAuth: its installation's),
        else ``SLACK_BOT_TOKEN``."""
        if client.token:
            return client.token
        token = self.settings.slack_bot_token
        return token.get_secret_value() if token else ""

    def write(self, change: Callable[[KnowledgeFile], tuple[KnowledgeFile | None, T]]) -> T:
        """``backend.update(change)``; a failure to write (anything but the review rules'
        own refusals) is ``StoreUnwritable`` and leaves the store as it was."""
        try:
            return self.backend.update(change)
        except (review.ReviewError, ValidationError):
            raise
        except Exception as exc:
            log.error("the knowledge store cannot be written: %s: %s", type(exc).__name__, exc)
            raise StoreUnwritable(STORE_UNWRITABLE) from exc

    def write_developments(
        self,
        ids: Collection[str],
        change: Callable[[Mapping[str, Development]], tuple[Sequence[Development], T]],
    ) -> T:
        """``backend.update_developments(ids, change)``: only those developments are read
        and written; failures as ``write``."""
        try:
            return self.backend.update_developments(ids, change)
        except (review.ReviewError, ValidationError):
            raise
        except Exception as exc:
            log.error("the knowledge store cannot be written: %s: %s", type(exc).__name__, exc)
            raise StoreUnwritable(STORE_UNWRITABLE) from exc

    def _knowledge(self) -> KnowledgeFile:
        """The store as this process serves it (reloaded when it changed), without
        validating it again."""
        store = self.router.live_store.current()
        return KnowledgeFile.model_construct(
            newsletters=store.newsletters, developments=store.developments
        )

    def _find(self, dev_id: str) -> Development | None:
        return self.router.live_store.current().get(dev_id)

    def _found_or_told(
        self, client: WebClient, where: Where, user: str, dev_id: str
    ) -> Development | None:
        """The development ``dev_id``; when there is none, the editor is told so."""
        dev = self._find(dev_id)
        if dev is None:
            self._tell(client, where, user, f"No development has the id {dev_id}.")
        return dev

    def _card(
        self, dev: Development, note: str | None = None, *, restored: bool = False
    ) -> dict[str, Any]:
        found = flags(dev, self._knowledge(), self.gazetteer)
        return review_card(dev, found, note=note, restored=restored).to_dict()

    def state_engine(self) -> Any:
        """The process's state database (``deliverers.repository``: opened on first use)."""
        return self.deliverers.repository().engine

    def intake_repo(self) -> IntakeRepository:
        """Watched sources, the publisher memory, the e-mails read."""
        return IntakeRepository(self.state_engine())

    def _cards_deliverer(self, token: str) -> Deliverer:
        """The ledger-backed sender for cards (the process's state database, opened on first
        use), one per workspace token, with the deliverer's own clients: its poster never
        retries a post Slack may have acted on (the ledger checks the channel first). One
        worker: the cards arrive in order, the approve-all message last; short retries: an
        editor is waiting."""
        with self._lock:
            found = self._deliverers.get(token)
            if found is None:
                found = self.deliverers.for_token(token, retry_delays=(1.0, 2.0), workers=1)
                if len(self._deliverers) >= MAX_DELIVERERS:  # rotated tokens: start afresh
                    self._deliverers.clear()
                self._deliverers[token] = found
            return found

    def _post_cards(
        self,
        client: WebClient,
        pending: list[Development],
        knowledge: KnowledgeFile,
        newsletter: str,
        *,
        channel: str,
        ts: str,
    ) -> None:
        target = self.settings.pi_review_channel or channel
        thread = None if self.settings.pi_review_channel else ts
        items = review_batch(
            pending,
            knowledge,
            self.gazetteer,
            newsletter,
            channel=target,
            thread=thread,
            batch=str(len(pending)),
        )
        report = self._cards_deliverer(self.token_of(client)).deliver(items)
        if report.failed:
            log.error("intake: %d review card(s) not posted yet", len(report.failed))

    def _tell(
        self,
        client: WebClient,
        where: Where,
        user: str,
        text: str,
        card: dict[str, Any] | None = None,
    ) -> None:
        client.chat_postEphemeral(
            channel=where.channel,
            user=user,
            text=escape(text),
            blocks=(card or {}).get("blocks"),
        )

    def _update_card(
        self, client: WebClient, where: Where, dev: Development, *, restored: bool = False
    ) -> None:
        card = self._card(dev, restored=restored)
        if where.ts:
            try:
                client.chat_update(channel=where.channel, ts=where.ts, **card)
                return
            except SlackApiError as exc:
                log.warning("could not update a review card: %s", exc.response.get("error"))
        client.chat_postMessage(channel=where.channel, **card)


def thread_replier(client: WebClient, channel: str, ts: str) -> Callable[[str], None]:
    """Replies in the thread of ``ts``, escaped (file names and errors are user text)."""

    def reply(text: str) -> None:
        client.chat_postMessage(channel=channel, thread_ts=ts, text=escape(text))

    return reply
