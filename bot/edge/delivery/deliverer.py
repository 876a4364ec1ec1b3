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
import hashlib
import http.client
import json
import logging
import queue
import re
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from sqlalchemy.exc import SQLAlchemyError

from bot.core.notify.records import Claim, Kind
from bot.edge.slack_api import TOKEN_REJECTED, retry_handlers
from bot.edge.state.repository import StateRepository, forget_owner, new_owner

log = logging.getLogger(__name__)

METADATA_EVENT_TYPE = "pi_delivery"

CHANNEL_ERRORS: dict[str, str] = {
    "not_in_channel": "the bot is not a member of the channel",
    "channel_not_found": "the channel was not found (deleted, or private without the bot)",
    "is_archived": "the channel is archived",
    "restricted_action": "posting in the channel is restricted by a workspace setting",
    "cannot_dm_bot": "this conversation cannot receive messages from the bot",
}
"""Errors that will not go away by retrying: the channel's subscriptions are paused."""

AUTH_ERRORS = TOKEN_REJECTED | frozenset(
    {
        "missing_scope",
        "no_permission",
        "org_login_required",
        "ekm_access_denied",
        "team_access_not_granted",
    }
)
"""Errors about the bot's token or app: nothing can be delivered, the run stops."""

TRANSIENT_ERRORS = frozenset(
    {"internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited"}
)


class DeliveryStopped(Exception):
    """Slack refused the bot's token or app; nothing more can be delivered until fixed."""


class _ChannelUnavailable(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class _Undelivered(Exception):
    """This delivery could not be completed in this run; a later run takes it up again."""


@dataclass(frozen=True)
class Outgoing:
    """One ledger entry to deliver: one or more Slack messages, posted in order."""

    channel_id: str
    kind: Kind
    key: str
    messages: tuple[dict[str, Any], ...]  # each {"text", "blocks"[, "thread_ts"]}
    facts: str | None = None  # alerts and thread updates: the development's facts as sent

    def payload(self) -> str:
        return json.dumps(list(self.messages), ensure_ascii=False, sort_keys=True)


@dataclass
class DeliveryReport:
    sent: list[tuple[str, Kind, str]] = field(default_factory=list)
    failed: list[tuple[str, Kind, str, str]] = field(default_factory=list)
    paused: list[tuple[str, str]] = field(default_factory=list)  # (channel, reason)
    skipped: int = 0  # already delivered, given up, or being delivered by another run

    def merge(self, other: DeliveryReport) -> None:
        self.sent.extend(other.sent)
        self.failed.extend(other.failed)
        self.paused.extend(other.paused)
        self.skipped += other.skipped


def pause_reason(code: str) -> str:
    return f"{CHANNEL_ERRORS.get(code, 'Slack refused to post there')} ({code})"


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


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class LeaseKeeper:
    """Renews ``claim``'s lease every third of ``lease`` until the ``with`` block ends;
    ``lost`` turns True when the ledger says another run owns the row."""

    def __init__(
        self,
        repo: StateRepository,
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


def _round_robin(items: Iterable[Outgoing]) -> list[Outgoing]:
    """Interleave channels so one channel's backlog does not hold up the others."""
    queues: OrderedDict[str, list[Outgoing]] = OrderedDict()
    for item in items:
        queues.setdefault(item.channel_id, []).append(item)
    ordered: list[Outgoing] = []
    while queues:
        for channel in list(queues):
            ordered.append(queues[channel].pop(0))
            if not queues[channel]:
                del queues[channel]
    return ordered


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
        wall: Callable[[], dt.datetime] = _utcnow,
        sleep: Callable[[float], None] = time.sleep,
        in_flight: int = 100,
        workers: int = 1,
        team_id: str | None = None,
    ) -> None:
        self.repo = repo
        self.team_id = team_id  # the workspace delivered to (None: the only one)
        self.poster = poster
        self.reader = reader or poster
        self.pace_seconds = pace_seconds
        self.workspace_interval = 1.0 / workspace_per_second if workspace_per_second else 0.0
        self._window: deque[float] = deque(maxlen=max(1, int(workspace_per_second or 0)))
        """When the latest posts (as many as the workspace rate allows in a second) were
        answered: Slack counts arrivals, which fall before the answer, so a post that starts
        a second after the answer to the one that many posts back can never be one too many
        in any second, whatever the latency did."""
        self.retry_delays = tuple(retry_delays)
        self.lease = lease
        self.max_attempts = max_attempts
        self.history_pages = history_pages
        self.wall = wall
        self.sleep = sleep
        self.in_flight = max(1, in_flight)
        self.workers = max(1, workers)
        self._pace_lock = threading.Lock()
        self._last_post: dict[str, float] = {}
        self._last_any: float | None = None

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
        waiting = deque(_round_robin(items))
        ready: deque[_Entry] = deque()
        running: set[int] = set()  # ids of the entries a worker holds
        with _Workers(self.workers) as workers:
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
                        ready.append(_Entry(item, claim, self._deliver_claim(claim)))
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
        entry: _Entry,
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
        except _ChannelUnavailable as exc:
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
        except _Undelivered as exc:
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
            found = self._posted_parts(claim, _thread_of(messages))
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
                    raise _Undelivered("lost the claim to another run")
        with LeaseKeeper(self.repo, claim, self.lease, self.wall) as keeper:
            for index in range(start, len(messages)):
                ts = self._post_part(claim, index, messages[index], keeper)
                if not self.repo.record_part(
                    claim,
                    parts_sent=index + 1,
                    slack_ts=ts if index == 0 else None,
                    now=self.wall(),
                ):
                    raise _Undelivered("lost the claim to another run")
                if index + 1 < len(messages):
                    yield
        if not self.repo.finish(claim, now=self.wall()):
            raise _Undelivered("lost the claim to another run")

    # --- posting one message -----------------------------------------------------------------

    def _pace(self, channel_id: str) -> None:
        """Wait until this channel's last post is ``pace_seconds`` old and, with a workspace
        rate set, the last post anywhere is ``1 / workspace_per_second`` old: posting at the
        rate Slack allows costs no ``429`` (each one waits out a whole ``Retry-After``).
        Each caller reserves its slot under a lock, then waits for it outside the lock."""
        with self._pace_lock:
            now = time.monotonic()
            slot = now
            last = self._last_post.get(channel_id)
            if last is not None:
                slot = max(slot, last + self.pace_seconds)
            if self.workspace_interval and self._last_any is not None:
                slot = max(slot, self._last_any + self.workspace_interval)
            window = self._window
            if self.workspace_interval and window.maxlen and len(window) == window.maxlen:
                slot = max(slot, window[0] + 1.0)
            self._last_any = self._last_post[channel_id] = slot
        wait_s = slot - time.monotonic()
        if wait_s > 0:
            self.sleep(wait_s)
        with self._pace_lock:  # spacing counts from when the post really leaves, as Slack does
            started = time.monotonic()
            if self._last_any is not None and self._last_any < started:
                self._last_any = started
            if self._last_post.get(channel_id, started) < started:
                self._last_post[channel_id] = started

    def _post_part(
        self, claim: Claim, index: int, message: dict[str, Any], keeper: LeaseKeeper
    ) -> str:
        problem = "no attempt made"
        for attempt in range(len(self.retry_delays) + 1):
            if attempt:
                self.sleep(self.retry_delays[attempt - 1])
            self._pace(claim.channel_id)
            if keeper.lost:
                raise _Undelivered("lost the claim to another run")
            maybe_posted = False
            try:
                return self._send(claim, index, message)
            except SlackApiError as exc:
                code = str(exc.response.get("error") or "")
                status = exc.response.status_code
                self._raise_if_final(code)
                if status == 429:
                    problem = "rate limited (429) after waiting out Retry-After"
                elif status >= 500 or code in TRANSIENT_ERRORS:
                    problem = f"Slack answered HTTP {status} ({code or 'no error code'})"
                    maybe_posted = True
                else:
                    raise _Undelivered(f"Slack refused the message: {code or status}") from exc
            except SlackRequestError as exc:
                # the file did not reach its upload URL: nothing was shared, try again
                problem = f"the file upload failed: {str(exc)[:120]}"
            except (URLError, OSError, http.client.HTTPException) as exc:
                reason = exc.reason if isinstance(exc, URLError) else exc
                problem = f"cannot reach Slack: {type(reason).__name__}"
                maybe_posted = not isinstance(reason, ConnectionRefusedError)
            finally:
                with self._pace_lock:
                    self._window.append(time.monotonic())
            if maybe_posted:
                ts = self._posted_parts(claim, message.get("thread_ts")).get(index)
                if ts is not None:
                    return ts
        raise _Undelivered(f"{problem}; gave up after {len(self.retry_delays) + 1} tries")

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

    @staticmethod
    def _raise_if_final(code: str) -> None:
        if code in CHANNEL_ERRORS:
            raise _ChannelUnavailable(code)
        if code in AUTH_ERRORS:
            raise DeliveryStopped(
                f"Slack refused the bot token ({code}): check SLACK_BOT_TOKEN and the app's "
                "scopes (chat:write, channels:history, groups:history, im:history), then "
                "reinstall the app if needed"
            )

    # --- what an earlier attempt already posted --------------------------------------------

    def _posted_parts(self, claim: Claim, thread_ts: str | None = None) -> dict[int, str]:
        """Parts of this delivery found in the channel's history (or, for a reply, in the
        thread's replies), by part number -> ts.

        Raises ``_Undelivered`` when the history cannot be read: then nobody knows whether
        the parts went out, and posting again could duplicate them."""
        oldest = claim.first_claimed_at - dt.timedelta(minutes=10)
        found: dict[int, str] = {}
        cursor: str | None = None
        for _page in range(self.history_pages):
            try:
                if thread_ts:
                    response = self.reader.conversations_replies(
                        channel=claim.channel_id,
                        ts=thread_ts,
                        oldest=f"{oldest.timestamp():.6f}",
                        include_all_metadata=True,
                        limit=200,
                        cursor=cursor,
                    )
                else:
                    response = self.reader.conversations_history(
                        channel=claim.channel_id,
                        oldest=f"{oldest.timestamp():.6f}",
                        include_all_metadata=True,
                        limit=200,
                        cursor=cursor,
                    )
            except SlackApiError as exc:
                code = str(exc.response.get("error") or "")
                self._raise_if_final(code)
                raise _Undelivered(
                    f"cannot check the channel's history for messages already posted "
                    f"({code or exc.response.status_code}); not re-sending to avoid a duplicate"
                ) from exc
            except (URLError, OSError, http.client.HTTPException) as exc:
                raise _Undelivered(
                    "cannot reach Slack to check for messages already posted; "
                    "not re-sending to avoid a duplicate"
                ) from exc
            for message in response.get("messages") or []:
                part = _our_part(message, claim.kind, claim.key)
                if part is not None:
                    found.setdefault(part, str(message.get("ts")))
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if not response.get("has_more") or not cursor:
                return found
        raise _Undelivered("the channel's history is too long to check; not re-sending")


@dataclass
class _Entry:
    """One claimed delivery in progress: its parts are posted by advancing ``steps``."""

    item: Outgoing
    claim: Claim
    steps: Iterator[None]

    @property
    def ident(self) -> tuple[str, Kind, str]:
        return (self.item.channel_id, self.item.kind, self.item.key)


def _advance(entry: _Entry) -> bool | BaseException:
    """Post the next part: False once the delivery is finished, or what it raised."""
    try:
        next(entry.steps)
    except StopIteration:
        return False
    except BaseException as exc:  # noqa: BLE001 (handed to the run's thread, re-raised there)
        return exc
    return True


class _Workers:
    """``size`` threads advancing deliveries (plain threads, which keep working while the
    interpreter shuts down, so a clock stopped by SIGTERM finishes the run in progress). With
    one, parts are posted in the calling thread."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._jobs: queue.Queue[_Entry | None] = queue.Queue()
        self._results: queue.Queue[tuple[_Entry, bool | BaseException]] = queue.Queue()
        self._inline: deque[_Entry] = deque()
        self._held: dict[int, _Entry] = {}
        self._threads = [
            threading.Thread(target=self._work, name=f"deliver-{n}", daemon=False)
            for n in range(size if size > 1 else 0)
        ]

    def __enter__(self) -> _Workers:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        for _thread in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join()

    def _work(self) -> None:
        while (entry := self._jobs.get()) is not None:
            self._results.put((entry, _advance(entry)))

    def submit(self, entry: _Entry) -> None:
        self._held[id(entry)] = entry
        if self._threads:
            self._jobs.put(entry)
        else:
            self._inline.append(entry)

    def next_result(self) -> tuple[_Entry, bool | BaseException]:
        if self._inline:
            entry = self._inline.popleft()
            outcome = _advance(entry)
        else:
            entry, outcome = self._results.get()
        self._held.pop(id(entry), None)
        return entry, outcome

    def drain(self) -> list[_Entry]:
        """Wait for the parts being posted; the deliveries they belong to."""
        held = list(self._held.values())
        while self._held:
            self.next_result()
        return held


def _thread_of(messages: list[dict[str, Any]]) -> str | None:
    """The thread a delivery replies in (its messages all go to one place), if any."""
    return str(messages[0].get("thread_ts") or "") or None if messages else None


def _file_tag(kind: str, key: str) -> str:
    return hashlib.sha256(f"{kind}|{key}".encode()).hexdigest()[:10]


_TAGGED = re.compile(r"--p(?P<part>\d+)-(?P<tag>[0-9a-f]{10})(?:\.\w+)?$")


def tagged_filename(filename: str, kind: str, key: str, index: int) -> str:
    """``chart.png`` -> ``chart--p1-<tag>.png``: the part and a tag of (kind, key)."""
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""
    return f"{stem}--p{index}-{_file_tag(kind, key)}" + (f".{ext}" if ext else "")


def _our_file_part(message: dict[str, Any], kind: str, key: str) -> int | None:
    for file in message.get("files") or []:
        match = _TAGGED.search(str(file.get("name") or ""))
        if match and match.group("tag") == _file_tag(kind, key):
            return int(match.group("part"))
    return None


def _our_part(message: dict[str, Any], kind: str, key: str) -> int | None:
    if message.get("files"):
        return _our_file_part(message, kind, key)
    metadata = message.get("metadata") or {}
    if metadata.get("event_type") != METADATA_EVENT_TYPE:
        return None
    payload = metadata.get("event_payload") or {}
    if payload.get("kind") != kind or payload.get("key") != key:
        return None
    part = payload.get("part")
    return part if isinstance(part, int) else None
