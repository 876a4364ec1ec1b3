"""Newsletters coming in from Slack: files shared with the bot and ``/pi ingest URL``, read,
ingested in one atomic write, summarised in a thread, with a review card per development.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from collections.abc import Callable
from urllib.parse import urlsplit

from slack_sdk import WebClient

from bot.core.answers.editing import NOT_AN_EDITOR
from bot.core.knowledge.ingest.errors import ParseError
from bot.core.knowledge.ingest.ingest import ingest_parsed
from bot.core.knowledge.ingest.readers.document import ReadError
from bot.core.knowledge.intake import (
    ACCEPTED_DESCRIPTION,
    accepts,
    flags,
    pending_from,
    read_newsletter,
    summary_line,
)
from bot.edge.fetch import fetch
from bot.edge.render.blocks import escape
from bot.edge.slack.desk.cards import STORE_UNWRITABLE, DeskBase, thread_replier

log = logging.getLogger(__name__)


class IntakeDesk(DeskBase):
    # --- intake --------------------------------------------------------------------------

    def receive(
        self,
        client: WebClient,
        *,
        user: str,
        channel: str,
        ts: str,
        file_ids: list[str],
        team: str | None = None,
    ) -> None:
        """Files shared by ``user`` in ``channel`` (message ``ts``)."""

        reply = thread_replier(client, channel, ts)
        if not self.is_editor(user, team):
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
        data = self._download(url, limit, self.token_of(client))
        if data is None:
            reply(f"I could not download {name} from Slack; nothing was written. Try again?")
            return
        self._ingest_bytes(client, data, name, reply, channel=channel, ts=ts)

    def receive_address(
        self, client: WebClient, *, user: str, url: str, team: str | None = None
    ) -> None:
        """``/pi ingest URL`` by an editor: the feed or page fetched (``bot.edge.fetch``:
        public addresses only, unless ``PI_FETCH_ALLOW`` allows them; a deadline in all),
        read and ingested like a shared file; the summary and the review cards go to a
        thread in the editor's direct message with the bot (the slash command has no thread).
        Runs on the desk's fetch workers, never on the thread that answers users."""
        opened = client.conversations_open(users=user)
        channel = str(opened["channel"]["id"])
        head = client.chat_postMessage(channel=channel, text=escape(f"Reading {url} ..."))
        ts = str(head["ts"])
        reply = thread_replier(client, channel, ts)
        if not self.is_editor(user, team):
            reply(NOT_AN_EDITOR)
            return
        try:
            fetched = fetch(url, allow=self.fetch_allow)
        except ReadError as exc:
            reply(f"{exc}. Nothing was written.")
            return
        name = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "feed"
        self._ingest_bytes(client, fetched.body, name, reply, channel=channel, ts=ts, address=url)

    def _ingest_bytes(
        self,
        client: WebClient,
        data: bytes,
        name: str,
        reply: Callable[[str], None],
        *,
        channel: str,
        ts: str,
        address: str | None = None,
    ) -> None:
        try:
            parsed = read_newsletter(data, name, self.gazetteer, address=address)
        except ParseError as exc:
            reply(f"{name} does not look like a newsletter ({exc.message}). Nothing was written.")
            return
        try:
            outcome = ingest_parsed([parsed], self.backend, self.backend.describe(), at=self.now())
        except Exception as exc:  # a full disk, a database down: the store is as it was
            log.error(
                "intake: the knowledge store cannot be written: %s: %s", type(exc).__name__, exc
            )
            reply(f"{name}: {STORE_UNWRITABLE}")
            return
        knowledge = outcome.result.knowledge  # the store as this ingest wrote it
        pending = pending_from(knowledge, parsed.id)
        flagged = {d.id for d in pending if flags(d, knowledge, self.gazetteer)}
        new_ids = {n.development.id for r in outcome.result.reports for n in r.new}
        reply(summary_line(outcome, name, len(flagged & new_ids)))
        self._post_cards(client, pending, knowledge, parsed.id, channel=channel, ts=ts)

    def _is_slack_file_address(self, url: str) -> bool:
        """Slack's own file hosts (or the configured API host): the token goes nowhere
        else."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        api_host = (urlsplit(self.settings.slack_api_url).hostname or "").lower()
        slack = host == "slack.com" or host.endswith(".slack.com")
        return parts.scheme in ("https", "http") and (slack or host == api_host)

    def _download(self, url: str, limit: int, token: str) -> bytes | None:
        """The file from Slack, with the token of the workspace it was shared in."""
        if not url or not token:
            log.warning("intake: no file address or no bot token for this workspace")
            return None
        if not self._is_slack_file_address(url):
            log.warning("intake: a file address outside Slack was not downloaded")
            return None
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                data: bytes = response.read(limit + 1)
        except (urllib.error.URLError, OSError) as exc:
            log.warning("intake: download failed: %s", type(exc).__name__)
            return None
        return data if len(data) <= limit else None
