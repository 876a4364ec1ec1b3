"""The desk's common ground: who is an editor, the store it writes through, and the review
cards (posted through the delivery ledger, updated after an action, or a note to one editor).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.answers.router import Router
from bot.core.knowledge.gazetteer import Gazetteer, default_gazetteer
from bot.core.knowledge.intake import flags
from bot.core.knowledge.model import Development, KnowledgeFile
from bot.core.knowledge.store import KnowledgeBackend, LiveStore
from bot.edge.render.blocks import escape
from bot.edge.render.blocks.review import approve_all_message, review_card
from bot.settings import Settings

log = logging.getLogger(__name__)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Where:
    """A message in Slack: the card to update after an action."""

    channel: str
    ts: str | None


class DeskBase:
    def __init__(
        self,
        settings: Settings,
        router: Router,
        *,
        gazetteer: Gazetteer | None = None,
        now: Callable[[], dt.datetime] = _now,
    ) -> None:
        self.settings = settings
        self.router = router
        self.gazetteer = gazetteer or default_gazetteer()
        self.now = now
        self._deliverer: Any = None
        self._lock = threading.Lock()

    # --- who and where -------------------------------------------------------------------

    @property
    def backend(self) -> KnowledgeBackend:
        live = self.router.live_store
        if not isinstance(live, LiveStore):  # the router of a Slack process always has one
            raise TypeError("the review desk writes through a LiveStore's backend")
        return live.backend

    def is_editor(self, user_id: str) -> bool:
        check = self.router.is_editor
        return bool(user_id) and check is not None and check(user_id)

    def is_intake_conversation(self, channel: str, channel_type: str | None) -> bool:
        return channel_type == "im" or channel == (self.settings.pi_intake_channel or "")

    def _knowledge(self) -> KnowledgeFile:
        """The store as this process serves it (reloaded when it changed), without
        validating it again."""
        store = self.router.live_store.current()
        return KnowledgeFile.model_construct(
            newsletters=store.newsletters, developments=store.developments
        )

    def _find(self, dev_id: str) -> Development | None:
        return self.router.live_store.current().get(dev_id)

    def _card(self, dev: Development, note: str | None = None) -> dict[str, Any]:
        return review_card(dev, flags(dev, self._knowledge(), self.gazetteer), note=note).to_dict()

    def _cards_deliverer(self) -> Any:
        """The ledger-backed sender for cards (the state database, opened on first use),
        with the deliverer's own clients: its poster never retries a post Slack may have
        acted on (the ledger checks the channel first)."""
        with self._lock:
            if self._deliverer is None:
                from bot.edge.delivery.deliverer import Deliverer, make_clients
                from bot.edge.state.db import connect
                from bot.edge.state.repository import StateRepository

                token = self.settings.slack_bot_token
                poster, reader = make_clients(
                    token.get_secret_value() if token else "", self.settings.slack_api_url
                )
                engine = connect(self.settings.database_url.get_secret_value())
                self._deliverer = Deliverer(
                    StateRepository(engine),
                    poster,
                    reader,
                    pace_seconds=self.settings.delivery_pace_seconds,
                    retry_delays=(1.0, 2.0),
                )
            return self._deliverer

    def _post_cards(
        self,
        pending: list[Development],
        knowledge: KnowledgeFile,
        newsletter: str,
        *,
        channel: str,
        ts: str,
    ) -> None:
        from bot.edge.delivery.deliverer import Outgoing

        target = self.settings.pi_review_channel or channel
        thread = None if self.settings.pi_review_channel else ts
        items = []
        for dev in pending:
            card = review_card(dev, flags(dev, knowledge, self.gazetteer)).to_dict()
            items.append(Outgoing(target, "review", dev.id, ({**card, "thread_ts": thread},)))
        unflagged = [d for d in pending if not flags(d, knowledge, self.gazetteer)]
        if len(pending) > 1:
            message = approve_all_message(
                newsletter, len(unflagged), len(pending) - len(unflagged)
            ).to_dict()
            key = f"all:{newsletter}:{len(pending)}"
            items.append(Outgoing(target, "review", key, ({**message, "thread_ts": thread},)))
        report = self._cards_deliverer().deliver(items)
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

    def _update_card(self, client: WebClient, where: Where, dev: Development) -> None:
        card = self._card(dev)
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
