"""The editors' desk in Slack: newsletters received as files, review cards, and the
actions on them. The listeners (``listeners/events/files.py``, ``listeners/actions/
review.py``, ``listeners/views/review_edit.py``) only acknowledge and call in here.

- Only editors (``PI_EDITORS``) may send newsletters or act on cards; anyone else gets a
  clear refusal and nothing is downloaded or written.
- A file is checked before it is read (size ``PI_INTAKE_MAX_BYTES``, type), downloaded
  with the bot token, read (``bot.core.knowledge.intake.parse_received_file``) and ingested
  in one atomic write of the deployment's store; the reply goes in a thread under it.
- Cards go to ``PI_REVIEW_CHANNEL`` (default: that thread) through the delivery ledger
  (kind ``review``, key the development id), so a file sent again after a crash posts the
  cards still missing and never one twice.
- Every action names the version it was made on: a stale one is refused with the current
  values ("changed since you opened it").
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.answers.editing import NOT_AN_EDITOR
from bot.core.answers.engine import answer
from bot.core.answers.router import Router
from bot.core.knowledge import review
from bot.core.knowledge.gazetteer import Gazetteer, default_gazetteer
from bot.core.knowledge.ingest.errors import ParseError
from bot.core.knowledge.ingest.ingest import ingest_parsed
from bot.core.knowledge.ingest.readers.document import ReadError
from bot.core.knowledge.intake import (
    ACCEPTED_DESCRIPTION,
    accepts,
    flags,
    parse_received_file,
    pending_from,
    summary_line,
)
from bot.core.knowledge.model import Development, KnowledgeFile
from bot.core.knowledge.store import KnowledgeBackend, LiveStore, StoreError
from bot.core.utc import utcnow
from bot.edge.delivery.deliverer import Deliverer
from bot.edge.delivery.factory import DelivererFactory
from bot.edge.delivery.outgoing import Outgoing
from bot.edge.fetch import fetch
from bot.edge.render.blocks import escape
from bot.edge.render.blocks.review import (
    approve_all_message,
    conflict_note,
    edit_modal,
    form_values,
    review_card,
)
from bot.settings import Settings

log = logging.getLogger(__name__)

OPTION_TEXT_LIMIT = 75


@dataclass(frozen=True)
class CardMessage:
    """A message in Slack: the card to update after an action."""

    channel: str
    ts: str | None


class ReviewDesk:
    def __init__(
        self,
        settings: Settings,
        router: Router,
        *,
        deliverers: DelivererFactory,
        gazetteer: Gazetteer | None = None,
        now: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.settings = settings
        self.router = router
        self.deliverers = deliverers
        self.gazetteer = gazetteer or default_gazetteer()
        self.now = now
        self._deliverer: Deliverer | None = None
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

    def _cards_deliverer(self) -> Deliverer:
        """The ledger-backed sender for cards (the state database, opened on first use),
        with the deliverer's own clients: its poster never retries a post Slack may have
        acted on (the ledger checks the channel first). One worker: the cards arrive in
        order, the approve-all message last; short retries: an editor is waiting."""
        with self._lock:
            if self._deliverer is None:
                token = self.settings.slack_bot_token
                self._deliverer = self.deliverers.for_token(
                    token.get_secret_value() if token else "", retry_delays=(1.0, 2.0), workers=1
                )
            return self._deliverer

    # --- intake --------------------------------------------------------------------------

    def receive(
        self, client: WebClient, *, user: str, channel: str, ts: str, file_ids: list[str]
    ) -> None:
        """Files shared by ``user`` in ``channel`` (message ``ts``)."""

        reply = _thread_replier(client, channel, ts)
        if not self.is_editor(user):
            reply(NOT_AN_EDITOR)
            return
        for file_id in file_ids:
            self._receive_one(client, reply, channel=channel, ts=ts, file_id=file_id)

    def _receive_one(
        self,
        client: WebClient,
        reply: Callable[[str], None],
        *,
        channel: str,
        ts: str,
        file_id: str,
    ) -> None:
        info = client.files_info(file=file_id)["file"]
        name = str(info.get("name") or info.get("title") or "the file")
        size = int(info.get("size") or 0)
        limit = self.settings.pi_intake_max_bytes
        if size > limit:
            reply(
                f"{name} is {size / 1_048_576:.1f} MB; newsletters up to "
                f"{limit / 1_048_576:.1f} MB are read. Nothing was read or written."
            )
            return
        if not accepts(name, info.get("mimetype")):
            reply(
                f"{name} is not a newsletter I can read: I read {ACCEPTED_DESCRIPTION}. "
                "Nothing was written."
            )
            return
        url = str(info.get("url_private_download") or info.get("url_private") or "")
        data = self._download(url, limit)
        if data is None:
            reply(f"I could not download {name} from Slack; nothing was written. Try again?")
            return
        self._ingest_bytes(data, name, reply, channel=channel, ts=ts)

    def receive_address(self, client: WebClient, *, user: str, url: str) -> None:
        """``/pi ingest URL`` by an editor: the feed or page fetched, read and ingested like a
        shared file; the summary and the review cards go to a thread in the editor's direct
        message with the bot (the slash command itself has no thread)."""
        opened = client.conversations_open(users=user)
        channel = str(opened["channel"]["id"])
        head = client.chat_postMessage(channel=channel, text=escape(f"Reading {url} ..."))
        ts = str(head["ts"])
        reply = _thread_replier(client, channel, ts)
        if not self.is_editor(user):
            reply(NOT_AN_EDITOR)
            return
        try:
            data = fetch(url)
        except ReadError as exc:
            reply(f"{exc}. Nothing was written.")
            return
        name = url.rstrip("/").rsplit("/", 1)[-1] or "feed"
        self._ingest_bytes(data, name, reply, channel=channel, ts=ts)

    def _ingest_bytes(
        self,
        data: bytes,
        name: str,
        reply: Callable[[str], None],
        *,
        channel: str,
        ts: str,
    ) -> None:
        try:
            parsed = parse_received_file(data, name, self.gazetteer)
        except ParseError as exc:
            reply(f"{name} does not look like a newsletter ({exc.message}). Nothing was written.")
            return
        try:
            outcome = ingest_parsed([parsed], self.backend, self.backend.describe(), at=self.now())
        except StoreError as exc:
            log.error("intake: the knowledge store cannot be written: %s", exc)
            reply(
                "The knowledge store cannot be written right now; nothing was added. "
                "Please send it again later."
            )
            return
        knowledge = outcome.result.knowledge  # the store as this ingest wrote it
        pending = pending_from(knowledge, parsed.id)
        flagged = {d.id for d in pending if flags(d, knowledge, self.gazetteer)}
        new_ids = {n.development.id for r in outcome.result.reports for n in r.new}
        reply(summary_line(outcome, name, len(flagged & new_ids)))
        self._post_cards(pending, knowledge, parsed.id, channel=channel, ts=ts)

    def _download(self, url: str, limit: int) -> bytes | None:
        token = self.settings.slack_bot_token
        if not url or token is None:
            return None
        request = urllib.request.Request(
            url, headers={"Authorization": f"Bearer {token.get_secret_value()}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                data: bytes = response.read(limit + 1)
        except (urllib.error.URLError, OSError) as exc:
            log.warning("intake: download failed: %s", type(exc).__name__)
            return None
        return data if len(data) <= limit else None

    def _post_cards(
        self,
        pending: list[Development],
        knowledge: KnowledgeFile,
        newsletter: str,
        *,
        channel: str,
        ts: str,
    ) -> None:
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

    # --- actions on cards ----------------------------------------------------------------

    def act(
        self,
        client: WebClient,
        action: str,
        *,
        user: str,
        dev_id: str,
        version: int | None,
        where: CardMessage,
        target: str | None = None,
    ) -> None:
        """Approve, discard, withdraw or merge (into ``target``), then show the result on
        the card; a refusal or a conflict goes to the editor only."""
        if not self.is_editor(user):
            self._tell(client, where, user, NOT_AN_EDITOR)
            return
        actor = review.Actor(user, self.now())

        def change(knowledge: KnowledgeFile) -> tuple[KnowledgeFile, Development]:
            if action == "approve":
                return review.approve(knowledge, dev_id, actor, expected_version=version)
            if action == "merge" and target is not None:
                return review.merge_into(knowledge, dev_id, target, actor, expected_version=version)
            return review.withdraw(knowledge, dev_id, actor, expected_version=version)

        try:
            done = self.backend.update(change)
        except review.Conflict as exc:
            self._tell(client, where, user, conflict_note(exc.current), self._card(exc.current))
            return
        except review.ReviewError as exc:
            self._tell(client, where, user, str(exc))
            return
        self._update_card(client, where, done)

    def approve_all(
        self, client: WebClient, *, user: str, newsletter: str, where: CardMessage
    ) -> None:
        if not self.is_editor(user):
            self._tell(client, where, user, NOT_AN_EDITOR)
            return
        actor = review.Actor(user, self.now())

        def change(knowledge: KnowledgeFile) -> tuple[KnowledgeFile, list[Development]]:
            ids = [
                d.id
                for d in pending_from(knowledge, newsletter)
                if not flags(d, knowledge, self.gazetteer)
            ]
            return review.approve_all(knowledge, ids, actor)

        approved = self.backend.update(change)
        text = f"<@{user}> approved {len(approved)} development(s) without flags."
        if where.ts:
            client.chat_update(channel=where.channel, ts=where.ts, text=text, blocks=[])
        else:
            client.chat_postMessage(channel=where.channel, text=text)

    def _tell(
        self,
        client: WebClient,
        where: CardMessage,
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

    def _update_card(self, client: WebClient, where: CardMessage, dev: Development) -> None:
        card = self._card(dev)
        if where.ts:
            try:
                client.chat_update(channel=where.channel, ts=where.ts, **card)
                return
            except SlackApiError as exc:
                log.warning("could not update a review card: %s", exc.response.get("error"))
        client.chat_postMessage(channel=where.channel, **card)

    # --- the Edit modal ------------------------------------------------------------------

    def open_editor(
        self,
        client: WebClient,
        *,
        user: str,
        trigger_id: str,
        dev_id: str,
        version: int | None,
        where: CardMessage,
    ) -> None:
        if not self.is_editor(user):
            self._tell(client, where, user, NOT_AN_EDITOR)
            return
        dev = self._find(dev_id)
        if dev is None:
            self._tell(client, where, user, f"No development has the id {dev_id}.")
            return
        note = conflict_note(dev) if version is not None and version != dev.version else None
        view = edit_modal(dev, {"channel": where.channel, "ts": where.ts}, note=note)
        client.views_open(trigger_id=trigger_id, view=view)

    def submit_edit(
        self, client: WebClient, *, user: str, view: dict[str, Any]
    ) -> dict[str, Any] | None:
        """Save an Edit modal. Returns what to answer the submission with: field errors,
        the modal again with the current values (a conflict), or ``None`` to close it."""
        meta = json.loads(view.get("private_metadata") or "{}")
        dev_id, version = str(meta.get("id", "")), meta.get("version")
        if not self.is_editor(user):
            return {"response_action": "errors", "errors": {"title": NOT_AN_EDITOR}}
        values, errors = form_values((view.get("state") or {}).get("values") or {})
        if errors:
            return {"response_action": "errors", "errors": errors}
        actor = review.Actor(user, self.now())
        try:
            done = self.backend.update(
                lambda k: review.edit(k, dev_id, values, actor, expected_version=version)
            )
        except ValidationError as exc:
            return {"response_action": "errors", "errors": _field_errors(exc, set(values))}
        except review.Conflict as exc:
            where = {"channel": meta.get("channel"), "ts": meta.get("ts")}
            modal = edit_modal(exc.current, where, note=conflict_note(exc.current))
            return {"response_action": "update", "view": modal}
        except review.ReviewError as exc:
            if str(exc) == "nothing changed":
                return None
            return {"response_action": "errors", "errors": {"title": str(exc)}}
        channel = meta.get("channel")
        if channel:
            self._update_card(client, CardMessage(str(channel), meta.get("ts")), done)
        return None

    # --- the Merge into… select ----------------------------------------------------------

    def merge_options(self, text: str) -> list[dict[str, Any]]:
        """Published developments matching what the editor typed (at most 20)."""
        store = self.router.store.published
        found = answer(text, store, page_size=20)
        return [
            {
                "text": {"type": "plain_text", "text": _option_text(d)},
                "value": d.id,
            }
            for d in found.results[:20]
        ]


def _thread_replier(client: WebClient, channel: str, ts: str) -> Callable[[str], None]:
    """Replies in the thread of ``ts``, escaped (file names and errors are user text)."""

    def reply(text: str) -> None:
        client.chat_postMessage(channel=channel, thread_ts=ts, text=escape(text))

    return reply


def _option_text(dev: Development) -> str:
    text = f"{dev.date.isoformat()} {dev.title}"
    return text if len(text) <= OPTION_TEXT_LIMIT else text[: OPTION_TEXT_LIMIT - 1] + "…"


def _field_errors(exc: ValidationError, blocks: set[str]) -> dict[str, str]:
    """The model's errors on the modal's fields (a whole-record error goes on the title)."""
    errors: dict[str, str] = {}
    for item in exc.errors():
        loc = item["loc"]
        field = str(loc[0]) if loc and str(loc[0]) in blocks else "title"
        message = item["msg"].removeprefix("Value error, ")
        errors.setdefault(field, message[:150])
    return errors
