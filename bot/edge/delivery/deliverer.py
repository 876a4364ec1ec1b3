"""Fan-out of digests and alerts to Slack, each delivered exactly once.

For every (channel, kind, key) the ledger row is claimed *before* anything is posted, each
message part is recorded as soon as Slack confirms it, and the row is marked sent at the end.
Every message carries Slack message metadata (``event_type`` ``pi_delivery``, payload
``{kind, key, part, parts}``), so a row whose earlier attempt may have posted something (the
process died mid-send, or Slack answered 5xx / the connection broke after the request went
out) is checked against ``conversations.history`` before anything is posted again: parts
found there are not re-sent, parts missing are. When that check itself is impossible the
row is left failed-in-doubt for a later run rather than risking a duplicate.

Slack's limits: about one message per second per channel (``pace_seconds``), optionally a
workspace-wide rate (``workspace_per_second``, ``DELIVERY_WORKSPACE_PER_SECOND``), ``429``
waited out by slack_sdk's ``RateLimitErrorRetryHandler`` (Retry-After), other transient
errors retried with backoff and then recorded failed without holding up other channels.
Channel errors pause the channel's subscriptions with the reason; auth errors stop the run.

While a delivery is in progress its lease is renewed every third of the lease by a thread of
its own (``LeaseKeeper``), however long Slack makes the run wait (a long ``Retry-After``):
a live run's claim is never taken over by another clock, which would post the same parts
again. A run that finds its claim lost posts nothing more.
"""

from __future__ import annotations

import base64
import datetime as dt
import http.client
import json
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator

from bot.core.notify import Claim
from bot.core.utc import utcnow
from bot.edge.delivery.leases import LeaseKeeper
from bot.edge.delivery.outgoing import (
    TRANSIENT_ERRORS,
    ChannelUnavailable,
    DeliveryReport,
    DeliveryStopped,
    Outgoing,
    Undelivered,
    pause_reason,
    raise_if_final,
)
from bot.edge.delivery.pacing import Pacer
from bot.edge.delivery.parts import (
    METADATA_EVENT_TYPE,
    posted_parts,
    tagged_filename,
    thread_of,
)
from bot.edge.delivery.workers import Entry, Workers, round_robin
from bot.edge.slack_api import retry_handlers
from bot.edge.state.repository import StateRepository, forget_owner, new_owner

__all__ = [
    "METADATA_EVENT_TYPE",
    "Deliverer",
    "DeliveryReport",
    "DeliveryStopped",
    "Outgoing",
    "make_clients",
]

log = logging.getLogger(__name__)


def make_clients(
    token: str, base_url: str, *, rate_limit_retries: int = 3, server_retries: int = 2
) -> tuple[WebClient, WebClient]:
    """(poster, reader): the poster only retries 429s, which Slack did not act on; the
    reader also retries 5xx and connection errors, which is harmless for reads. Posts that
    may or may not have reached Slack are retried by ``Deliverer`` after checking history."""
    poster = WebClient(token=token, base_url=base_url, timeout=20)
    poster.retry_handlers = retry_handlers(rate_limited=rate_limit_retries, server_errors=0)
    backoff = BackoffRetryIntervalCalculator(backoff_factor=0.5)
    reader = WebClient(token=token, base_url=base_url, timeout=20)
    reader.retry_handlers = retry_handlers(
        rate_limited=rate_limit_retries, server_errors=server_retries, interval=backoff
    )
    return poster, reader


class Deliverer:
    def __init__(
        self,
        repo: StateRepository,
        poster: WebClient,
        reader: WebClient | None = None,
        *,
        pace_seconds: float = 1.0,
        workspace_per_second: float | None = None,
        retry_delays: Sequence[float] = (2.0, 4.0, 8.0),
        lease: dt.timedelta = dt.timedelta(minutes=10),
        max_attempts: int = 8,
        history_pages: int = 20,
        wall: Callable[[], dt.datetime] = utcnow,
        sleep: Callable[[float], None] = time.sleep,
        in_flight: int = 100,
        workers: int = 1,
        team_id: str | None = None,
    ) -> None:
        self.repo = repo
        self.team_id = team_id  # the workspace delivered to (None: the only one)
        self.poster = poster
        self.reader = reader or poster
        self.pacer = Pacer(pace_seconds, workspace_per_second, sleep)
        self.retry_delays = tuple(retry_delays)
        self.lease = lease
        self.max_attempts = max_attempts
        self.history_pages = history_pages
        self.wall = wall
        self.sleep = sleep
        self.in_flight = max(1, in_flight)
        self.workers = max(1, workers)

    # --- the fan-out ---------------------------------------------------------------------

    def deliver(self, items: Iterable[Outgoing]) -> DeliveryReport:
        """Deliver each item at most once overall; raise ``DeliveryStopped`` on auth errors.

        Each call is one run with its own owner id in the ledger; rows it leaves unfinished
        (a database error, a stop) are taken over by the next run of this process at once,
        and by other processes when the lease runs out."""
        owner = new_owner()
        try:
            return self._deliver(list(items), owner)
        finally:
            forget_owner(owner)

    def _deliver(self, items: list[Outgoing], owner: str) -> DeliveryReport:
        """Up to ``in_flight`` deliveries at once, one message part of each in turn, posted
        by ``workers`` threads: while one channel waits out its pace the others post, and
        Slack's latency is overlapped, so a digest of several parts (or a file upload, three
        calls) to many channels goes at the workspace's rate. The parts of one delivery are
        always posted in order, by one thread at a time."""
        report = DeliveryReport()
        paused_now: set[str] = set()
        waiting = deque(round_robin(items))
        ready: deque[Entry] = deque()
        running: set[int] = set()  # ids of the entries a worker holds
        with Workers(self.workers) as workers:
            try:
                while waiting or ready or running:
                    # one more delivery joins per turn, up to ``in_flight`` at once (a run
                    # stopped by Slack has claimed no more than it started)
                    while waiting and len(ready) + len(running) < self.in_flight:
                        item = waiting.popleft()
                        if item.channel_id in paused_now:
                            continue
                        claim = self._claim(item, owner)
                        if claim is None:
                            report.skipped += 1
                            continue
                        ready.append(Entry(item, claim, self._deliver_claim(claim)))
                        break
                    while ready and len(running) < workers.size:
                        entry = ready.popleft()
                        if entry.item.channel_id in paused_now:
                            self.repo.fail(entry.claim, "the channel was paused", now=self.wall())
                            report.failed.append((*entry.ident, "paused"))
                            continue
                        running.add(id(entry))
                        workers.submit(entry)
                    if not running:
                        continue
                    entry, outcome = workers.next_result()
                    running.discard(id(entry))
                    if self._settle(entry, outcome, report, paused_now):
                        ready.append(entry)
            except DeliveryStopped:
                for entry in (*ready, *workers.drain()):
                    self.repo.fail(
                        entry.claim, "stopped: Slack refused the bot's token", now=self.wall()
                    )
                raise
        return report

    def _claim(self, item: Outgoing, owner: str) -> Claim | None:
        return self.repo.claim(
            item.channel_id,
            item.kind,
            item.key,
            payload=item.payload(),
            parts_total=len(item.messages),
            owner=owner,
            now=self.wall(),
            lease=self.lease,
            max_attempts=self.max_attempts,
            facts=item.facts,
        )

    def _settle(
        self,
        entry: Entry,
        outcome: bool | BaseException,
        report: DeliveryReport,
        paused_now: set[str],
    ) -> bool:
        """Record how one part went; True while the delivery has parts left."""
        item, claim = entry.item, entry.claim
        try:
            if isinstance(outcome, BaseException):
                raise outcome
            more = outcome
        except ChannelUnavailable as exc:
            reason = pause_reason(exc.code)
            self.repo.fail(claim, exc.code, now=self.wall())
            kinds = self.repo.pause_channel(
                item.channel_id, reason, now=self.wall(), team_id=self.team_id
            )
            paused_now.add(item.channel_id)
            report.failed.append((*entry.ident, exc.code))
            report.paused.append((item.channel_id, reason))
            log.warning(
                "paused %s subscription(s) of channel %s: %s",
                "+".join(kinds) or "no",
                item.channel_id,
                reason,
            )
            return False
        except Undelivered as exc:
            self.repo.fail(claim, str(exc), now=self.wall())
            report.failed.append((*entry.ident, str(exc)))
            log.error(
                "could not deliver %s %s to %s (attempt %d, will retry on a later run): %s",
                item.kind,
                item.key,
                item.channel_id,
                claim.attempts,
                exc,
            )
            return False
        except DeliveryStopped:
            self.repo.fail(claim, "stopped: Slack refused the bot's token", now=self.wall())
            raise
        if not more:
            report.sent.append(entry.ident)
        return more

    def _deliver_claim(self, claim: Claim) -> Iterator[None]:
        """Deliver one claimed row, yielding after each part Slack confirmed."""
        messages: list[dict[str, Any]] = json.loads(claim.payload)
        start = claim.parts_sent
        if claim.resumed:
            found = posted_parts(self.reader, claim, thread_of(messages), pages=self.history_pages)
            if found:
                start = max(start, max(found) + 1)
                log.info(
                    "%s %s in %s: %d part(s) already in Slack, resuming at part %d",
                    claim.kind,
                    claim.key,
                    claim.channel_id,
                    len(found),
                    start,
                )
                if not self.repo.record_part(
                    claim, parts_sent=start, slack_ts=found.get(0), now=self.wall()
                ):
                    raise Undelivered("lost the claim to another run")
        with LeaseKeeper(self.repo, claim, self.lease, self.wall) as keeper:
            for index in range(start, len(messages)):
                ts = self._post_part(claim, index, messages[index], keeper)
                if not self.repo.record_part(
                    claim,
                    parts_sent=index + 1,
                    slack_ts=ts if index == 0 else None,
                    now=self.wall(),
                ):
                    raise Undelivered("lost the claim to another run")
                if index + 1 < len(messages):
                    yield
        if not self.repo.finish(claim, now=self.wall()):
            raise Undelivered("lost the claim to another run")

    # --- posting one message -----------------------------------------------------------------

    def _post_part(
        self, claim: Claim, index: int, message: dict[str, Any], keeper: LeaseKeeper
    ) -> str:
        problem = "no attempt made"
        for attempt in range(len(self.retry_delays) + 1):
            if attempt:
                self.sleep(self.retry_delays[attempt - 1])
            self.pacer.wait_turn(claim.channel_id)
            if keeper.lost:
                raise Undelivered("lost the claim to another run")
            maybe_posted = False
            try:
                return self._send(claim, index, message)
            except SlackApiError as exc:
                code = str(exc.response.get("error") or "")
                status = exc.response.status_code
                raise_if_final(code)
                if status == 429:
                    problem = "rate limited (429) after waiting out Retry-After"
                elif status >= 500 or code in TRANSIENT_ERRORS:
                    problem = f"Slack answered HTTP {status} ({code or 'no error code'})"
                    maybe_posted = True
                else:
                    raise Undelivered(f"Slack refused the message: {code or status}") from exc
            except SlackRequestError as exc:
                # the file did not reach its upload URL: nothing was shared, try again
                problem = f"the file upload failed: {str(exc)[:120]}"
            except (URLError, OSError, http.client.HTTPException) as exc:
                reason = exc.reason if isinstance(exc, URLError) else exc
                problem = f"cannot reach Slack: {type(reason).__name__}"
                maybe_posted = not isinstance(reason, ConnectionRefusedError)
            finally:
                self.pacer.answered()
            if maybe_posted:
                ts = posted_parts(
                    self.reader, claim, message.get("thread_ts"), pages=self.history_pages
                ).get(index)
                if ts is not None:
                    return ts
        raise Undelivered(f"{problem}; gave up after {len(self.retry_delays) + 1} tries")

    def _send(self, claim: Claim, index: int, message: dict[str, Any]) -> str:
        """One ``chat.postMessage`` (or one file upload) for part ``index``, with the
        metadata that finds it again; raises what slack_sdk raises."""
        if "upload" in message:
            return self._upload(claim, index, message)
        response = self.poster.chat_postMessage(
            channel=claim.channel_id,
            text=message.get("text") or "",
            blocks=message.get("blocks") or None,
            thread_ts=message.get("thread_ts") or None,
            metadata={
                "event_type": METADATA_EVENT_TYPE,
                "event_payload": {
                    "kind": claim.kind,
                    "key": claim.key,
                    "part": index,
                    "parts": claim.parts_total,
                },
            },
            unfurl_links=False,
            unfurl_media=False,
        )
        return str(response["ts"])

    def _upload(self, claim: Claim, index: int, message: dict[str, Any]) -> str:
        """Share one file (Slack's external upload: get an upload URL, send the bytes,
        complete the upload in the channel). Its name carries this part's tag, which is how
        a retry recognises it in the channel's history (files carry no message metadata)."""
        upload: dict[str, Any] = message["upload"]
        response = self.poster.files_upload_v2(
            channel=claim.channel_id,
            content=base64.b64decode(upload["content_b64"]),
            filename=tagged_filename(upload["filename"], claim.kind, claim.key, index),
            title=upload.get("title") or upload["filename"],
            alt_txt=upload.get("alt_txt") or None,
            initial_comment=message.get("text") or None,
            thread_ts=message.get("thread_ts") or None,
        )
        files = response.get("files") or [{}]
        return f"file:{files[0].get('id', '')}"
