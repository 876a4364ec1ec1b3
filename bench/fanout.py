"""Fan-out: alerts for 5 new enforcement developments to 500 subscribed channels through the
fake Slack Web API enforcing 1 message/second/channel and 50 messages/second workspace-wide
(``429`` with ``Retry-After`` when pushed), along the real delivery path.

The path is the production one: a temporary SQLite state database (``bot.edge.state.connect``),
500 alert subscriptions, a knowledge store file in a temporary folder read through
``LiveStore``, ``bot.edge.delivery.clock.Clock.run_due`` selecting the alerts and
``bot.edge.delivery.deliverer.Deliverer``
(built as ``python -m bot clock`` builds it, with slack_sdk's real ``WebClient``) posting
them. A first poll sees the existing records; then the 5 new developments are written to
the store and one ``run_due`` delivers every alert. ``run_due`` runs again until nothing is
left (a delivery that gave up in one run is taken up by the next, as the clock would), so
any loss or duplicate is visible in the fake Slack's record of what it accepted.

The bound: 500 x 5 = 2,500 messages at 50/s is 50 s; the target is 1.2x that.

``--digest``: instead, the monthly digest of May 2022 (the bundled store) with its PNG chart
to every channel: the digest's messages and one file upload each (Slack's external upload
flow, the file shared with ``files.completeUploadExternal``, which the fake counts as a
message against both limits). Bound: (messages + uploads) at 50/s.

    python -m bench.fanout [--quick] [--channels N] [--digest]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

from bench.common import Row, format_table
from bot.core.knowledge.model import Category, Development, KnowledgeFile, Penalty, Source
from bot.core.knowledge.store import LiveStore, Store, default_store_path, write_knowledge
from bot.core.notify.chart_data import chart_data
from bot.edge.delivery.clock import Clock
from bot.edge.delivery.deliverer import Deliverer, make_clients
from bot.edge.delivery.schedule import Schedule
from bot.edge.render.chart import chart_upload
from bot.edge.state import StateRepository, connect
from bot.settings import Settings
from tests.support.fake_slack import BOT_TOKEN, FakeSlack

CHANNELS = 500
QUICK_CHANNELS = 200
NEW_DEVELOPMENTS = 5
PER_CHANNEL_PER_SECOND = 1.0
WORKSPACE_PER_SECOND = 50.0
PACED_AT = 48.0
"""What DELIVERY_WORKSPACE_PER_SECOND is set to: a little under the limit, as an operator
would, since Slack counts arrivals and a request can arrive a little early or late."""
LIMIT_FACTOR = 1.2
MAX_RUNS = 5


def new_developments(now: dt.datetime) -> tuple[Development, ...]:
    return tuple(
        Development(
            id=f"{(now.date() - dt.timedelta(days=i)).isoformat()}-bench-alert-{i}",
            date=now.date() - dt.timedelta(days=i),
            added_at=now,
            category=Category.ENFORCEMENT,
            title=f"Regulator fines Example Company {i} over personal information",
            summary=f"A regulator fined Example Company {i} for collecting personal "
            "information without consent (a benchmark record).",
            regions=("national",),
            penalties=(Penalty(amount=Decimal(10_000 * (i + 1)), bearer=f"Example Company {i}"),),
            sources=(
                Source(
                    newsletter="bench-fanout",
                    ref=f"Enforcement Cases #{i + 1}",
                    headline=f"Example Company {i} fined",
                    url=f"https://example.invalid/fanout/{i}",
                ),
            ),
            reviewed=True,
        )
        for i in range(NEW_DEVELOPMENTS)
    )


def run(
    quick: bool = False,
    channels: int | None = None,
    workspace_rate: float | None = PACED_AT,
) -> list[Row]:
    count = channels or (QUICK_CHANNELS if quick else CHANNELS)
    expected_messages = count * NEW_DEVELOPMENTS
    bound_s = expected_messages / WORKSPACE_PER_SECOND
    # production delivery settings (pace, retries, lease), the workspace rate just under the limit
    settings = Settings(delivery_workspace_per_second=workspace_rate)
    real = Store.load(default_store_path())
    with (
        tempfile.TemporaryDirectory(prefix="pi-bench-fanout-") as tmp,
        FakeSlack(
            per_channel_per_second=PER_CHANNEL_PER_SECOND,
            workspace_per_second=WORKSPACE_PER_SECOND,
        ) as slack,
    ):
        folder = Path(tmp)
        store_path = folder / "developments.json"
        write_knowledge(
            store_path,
            KnowledgeFile(newsletters=real.newsletters, developments=real.developments),
        )
        repo = StateRepository(connect(f"sqlite:///{folder / 'state.sqlite3'}"))
        start = dt.datetime.now(dt.UTC)
        channel_ids = [f"C{i:05d}" for i in range(count)]
        for channel in channel_ids:
            slack.add_channel(channel)
            repo.subscribe(
                channel,
                "alerts",
                filters="",
                user_id="UBENCH",
                now=start - dt.timedelta(hours=1),
            )
        live = LiveStore(store_path)
        poster, reader = make_clients(BOT_TOKEN, slack.api_url)
        retry = settings.delivery_retry_seconds
        deliverer = Deliverer(
            repo,
            poster,
            reader,
            pace_seconds=settings.delivery_pace_seconds,
            workspace_per_second=settings.delivery_workspace_per_second,
            retry_delays=(retry, retry * 2, retry * 4),
            lease=dt.timedelta(seconds=settings.delivery_lease_seconds),
            workers=settings.delivery_workers,
        )
        clock = Clock(repo=repo, store=live.current, deliverer=deliverer, schedule=Schedule())
        first = clock.run_due(start)  # first poll: existing records are seen, none alerted
        assert not first.sent, "the first poll must not alert anything"

        fresh = new_developments(dt.datetime.now(dt.UTC))
        write_knowledge(
            store_path,
            KnowledgeFile(newsletters=real.newsletters, developments=(*real.developments, *fresh)),
        )
        started = time.perf_counter()
        runs = 0
        failed_first_run = 0
        while runs < MAX_RUNS:
            report = clock.run_due(dt.datetime.now(dt.UTC))
            runs += 1
            if runs == 1:
                failed_first_run = len(report.failed)
            if not report.failed:
                break
        total_s = time.perf_counter() - started

        delivered = slack.delivered("chat.postMessage")
        attempts = slack.calls_to("chat.postMessage")
        refused_429 = sum(1 for c in attempts if c.status == 429)
        pairs: Counter[tuple[str, str]] = Counter()
        for channel in channel_ids:
            for message in slack.messages_in(channel):
                key = ((message.get("metadata") or {}).get("event_payload") or {}).get("key")
                pairs[(channel, str(key))] += 1
        wanted = {(c, d.id) for c in channel_ids for d in fresh}
        duplicates = sum(n - 1 for n in pairs.values() if n > 1)
        lost = len(wanted - set(pairs))
        unexpected = len(set(pairs) - wanted)
        ledger = Counter(d.status for d in repo.deliveries())

    rate = len(delivered) / total_s if total_s else 0.0
    print(
        f"\n[fan-out] {count} channels x {NEW_DEVELOPMENTS} alerts = {expected_messages} messages "
        f"in {total_s:.1f} s ({rate:.1f}/s) over {runs} run(s); bound {bound_s:.0f} s\n"
        f"  accepted {len(delivered)}, refused with 429: {refused_429}, failed in the first run:"
        f" {failed_first_run}, duplicates {duplicates}, lost {lost}, unexpected {unexpected}, "
        f"ledger {dict(ledger)}",
        flush=True,
    )
    section = f"fan-out {count} ch" + ("" if workspace_rate else ", no pacing")
    return [
        Row(
            section,
            "total time / rate-limit bound",
            f"{total_s:.1f} s / {bound_s:.0f} s = {total_s / bound_s:.2f}x",
            f"<= {LIMIT_FACTOR}x",
            total_s <= LIMIT_FACTOR * bound_s,
        ),
        Row(
            section,
            "messages sent (accepted by Slack)",
            f"{len(delivered)} of {expected_messages} ({refused_429} x 429, {runs} run(s))",
        ),
        Row(
            section,
            "duplicates / lost",
            f"{duplicates} / {lost}",
            "0 / 0",
            duplicates == 0 and lost == 0 and unexpected == 0,
        ),
    ]


def run_digest(
    quick: bool = False, channels: int | None = None, workspace_rate: float | None = PACED_AT
) -> list[Row]:
    """The monthly digest with its chart to every channel, once, within the bound."""
    count = channels or (QUICK_CHANNELS if quick else CHANNELS)
    settings = Settings(delivery_workspace_per_second=workspace_rate)
    due = dt.datetime(2022, 6, 1, 1, 0, tzinfo=dt.UTC)  # 09:00 in Shanghai: May is due
    with (
        tempfile.TemporaryDirectory(prefix="pi-bench-digest-") as tmp,
        FakeSlack(
            per_channel_per_second=PER_CHANNEL_PER_SECOND,
            workspace_per_second=WORKSPACE_PER_SECOND,
        ) as slack,
    ):
        folder = Path(tmp)
        repo = StateRepository(connect(f"sqlite:///{folder / 'state.sqlite3'}"))
        channel_ids = [f"C{i:05d}" for i in range(count)]
        for channel in channel_ids:
            slack.add_channel(channel)
            repo.subscribe(
                channel, "digest", filters="", user_id="UBENCH", now=due - dt.timedelta(days=9)
            )
        store = Store.load(default_store_path())
        poster, reader = make_clients(BOT_TOKEN, slack.api_url)
        retry = settings.delivery_retry_seconds
        deliverer = Deliverer(
            repo,
            poster,
            reader,
            pace_seconds=settings.delivery_pace_seconds,
            workspace_per_second=settings.delivery_workspace_per_second,
            retry_delays=(retry, retry * 2, retry * 4),
            lease=dt.timedelta(seconds=settings.delivery_lease_seconds),
            workers=settings.delivery_workers,
        )
        clock = Clock(
            repo=repo,
            store=lambda: store,
            deliverer=deliverer,
            schedule=Schedule(digest_chart=True),
        )
        chart_s = time.perf_counter()
        chart_upload(chart_data(store, "2022-05"))  # what the clock renders once per digest
        chart_s = time.perf_counter() - chart_s
        started = time.perf_counter()
        runs = 0
        while runs < MAX_RUNS:
            report = clock.run_due(due)
            runs += 1
            if not report.failed:
                break
        total_s = time.perf_counter() - started
        posts = slack.delivered("chat.postMessage")
        shares = slack.delivered("files.completeUploadExternal")
        refused_429 = sum(
            1
            for method in ("chat.postMessage", "files.completeUploadExternal")
            for c in slack.calls_to(method)
            if c.status == 429
        )
        per_channel_files = Counter(
            channel for channel in channel_ids for _ in slack.shared_files(channel)
        )
        parts_each = len(posts) // count if count else 0
        ledger = Counter(d.status for d in repo.deliveries())
    expected = count * (parts_each + 1)
    bound_s = expected / WORKSPACE_PER_SECOND
    sent = len(posts) + len(shares)
    files_ok = all(per_channel_files[c] == 1 for c in channel_ids)
    print(
        f"\n[fan-out digest+chart] {count} channels x ({parts_each} message(s) + 1 chart) = "
        f"{sent} posts in {total_s:.1f} s ({sent / total_s:.1f}/s) over {runs} run(s); bound "
        f"{bound_s:.0f} s (the total includes rendering the chart once: {chart_s:.1f} s); "
        f"429s {refused_429}; ledger {dict(ledger)}",
        flush=True,
    )
    section = f"digest+chart {count} ch"
    return [
        Row(
            section,
            "total time / rate-limit bound",
            f"{total_s:.1f} s / {bound_s:.0f} s = {total_s / bound_s:.2f}x",
            f"<= {LIMIT_FACTOR}x",
            total_s <= LIMIT_FACTOR * bound_s,
        ),
        Row(
            section,
            "charts shared once per channel",
            f"{len(shares)} of {count} ({refused_429} x 429)",
            f"{count}",
            files_ok and len(shares) == count,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fanout", description=__doc__)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_CHANNELS} channels")
    parser.add_argument("--channels", type=int, default=None, help="number of channels")
    parser.add_argument(
        "--no-workspace-pacing",
        action="store_true",
        help="leave DELIVERY_WORKSPACE_PER_SECOND unset (rely on 429 + Retry-After alone)",
    )
    parser.add_argument(
        "--digest", action="store_true", help="the monthly digest with its chart instead"
    )
    args = parser.parse_args(argv)
    rate = None if args.no_workspace_pacing else PACED_AT
    fan_out = run_digest if args.digest else run
    print(format_table(fan_out(args.quick, args.channels, rate)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
