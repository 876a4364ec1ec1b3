"""Newsletters coming in from Slack: files shared with the bot, e-mails forwarded to the intake
channel and ``/pi ingest URL``, read,
ingested in one atomic write, summarised in a thread, with a review card per development.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.core.answers.editing import NOT_AN_EDITOR
from bot.core.knowledge.emailed import emailed_newsletter, is_email_file
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
from bot.core.knowledge.publisher_memory import flag_remembered
from bot.edge.fetch import fetch
from bot.edge.render.blocks import escape
from bot.edge.slack.desk.cards import STORE_UNWRITABLE, DeskBase, thread_replier
from bot.edge.state.db import StateError

log = logging.getLogger(__name__)

STATE_UNAVAILABLE = (
    "the bot's state database cannot be used just now, so the e-mail was not read and "
    "nothing was written. Please forward it again later; the operator can see why in the log."
)


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
        from_bot: bool = False,
    ) -> None:
        """Files shared by ``user`` in ``channel`` (message ``ts``). In the intake channel an
        e-mail (Slack's e-mail integration, often a bot's message) is read whoever sent it:
        the channel is the gate. Anything else needs an editor; a bot's other files are
        left alone."""

        reply = thread_replier(client, channel, ts)
        in_channel = channel == (self.settings.pi_intake_channel or "")
        editor = self.is_editor(user, team)
        if not in_channel and not editor:
            reply(NOT_AN_EDITOR)
            return
        refused = False
        for file_id in file_ids:
            info = client.files_info(file=file_id)["file"]
            if in_channel and is_email_file(info):
                self._receive_email(client, reply, info, channel=channel, ts=ts)
            elif editor:
                self._receive_one(client, reply, info, channel=channel, ts=ts)
            elif not from_bot and not refused:
                reply(NOT_AN_EDITOR)
                refused = True

    def _receive_email(
        self,
        client: WebClient,
        reply: Callable[[str], None],
        info: dict[str, Any],
        *,
        channel: str,
        ts: str,
    ) -> None:
        """An e-mailed newsletter: its HTML body downloaded with the workspace's token,
        made an ``.eml`` and read like one; the same message (Message-ID or file id) is
        read once, however often Slack delivers it."""
        limit = self.settings.pi_intake_max_bytes
        subject = str(info.get("subject") or info.get("title") or "the e-mail")
        if int(info.get("size") or 0) > limit:
            reply(f"{subject} is larger than {limit / 1_048_576:.1f} MB; nothing was read.")
            return
        try:
            repo = self.intake_repo()
            read_before = repo.was_read(list(emailed_newsletter(info, None).keys))
        except (StateError, SQLAlchemyError) as exc:
            log.error("intake: the state database cannot be used: %s", type(exc).__name__)
            reply(f"{subject}: {STATE_UNAVAILABLE}")
            return
        if read_before:
            log.info("intake: an e-mail read before was delivered again; not read twice")
            return
        url = str(info.get("url_private_download") or info.get("url_private") or "")
        body = self._download(url, limit, self.token_of(client)) if url else None
        if url and body is None:
            reply(f"I could not download {subject} from Slack; nothing was written. Try again?")
            return
        emailed = emailed_newsletter(info, body)
        try:
            first_time = repo.first_time_read(list(emailed.keys), now=self.now())
        except (StateError, SQLAlchemyError) as exc:
            log.error("intake: the state database cannot be used: %s", type(exc).__name__)
            reply(f"{subject}: {STATE_UNAVAILABLE}")
            return
        if not first_time:
            log.info("intake: an e-mail read before was delivered again; not read twice")
            return
        stored = self._ingest_bytes(
            client,
            emailed.eml,
            emailed.file_name,
            reply,
            channel=channel,
            ts=ts,
            publisher=emailed.publisher,
        )
        if not stored:  # the store could not be written: the same e-mail may come again
            repo.forget_read(list(emailed.keys))

    def _receive_one(
        self,
        client: WebClient,
        reply: Callable[[str], None],
        info: dict[str, Any],
        *,
        channel: str,
        ts: str,
    ) -> None:
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
        publisher: str | None = None,
    ) -> bool:
        """Read and ingest ``data``; False only when the store could not be written (a
        newsletter that cannot be read is told and done with)."""
        try:
            parsed = parse_received_file(data, name, self.gazetteer, address=address)
        except ParseError as exc:
            reply(f"{name} does not look like a newsletter ({exc.message}). Nothing was written.")
            return True
        parsed.publisher = publisher or parsed.publisher or parsed.own_title
        at = self.now()
        try:
            flag_remembered(parsed, self.intake_repo().memory(), at)
            outcome = ingest_parsed([parsed], self.backend, self.backend.describe(), at=at)
        except Exception as exc:  # a full disk, a database down: the store is as it was
            log.error(
                "intake: the knowledge store cannot be written: %s: %s", type(exc).__name__, exc
            )
            reply(f"{name}: {STORE_UNWRITABLE}")
            return False
        knowledge = outcome.result.knowledge  # the store as this ingest wrote it
        pending = pending_from(knowledge, parsed.id)
        flagged = {d.id for d in pending if flags(d, knowledge, self.gazetteer)}
        new_ids = {n.development.id for r in outcome.result.reports for n in r.new}
        reply(summary_line(outcome, name, len(flagged & new_ids)))
        self._post_cards(client, pending, knowledge, parsed.id, channel=channel, ts=ts)
        return True

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
