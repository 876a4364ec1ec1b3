"""``python -m bot clock [--once] [--now ISO-8601]``: the scheduler process.

Without ``--once`` it runs until stopped (the Procfile's ``clock:`` line). With ``--once``
it delivers whatever is due now and exits: 0 when nothing failed, 1 when a delivery failed
(it is retried on the next run) or Slack refused the token, 2 for a configuration problem.

With ``SLACK_CLIENT_ID`` and ``SLACK_CLIENT_SECRET`` (OAuth distribution) no bot token is
needed: each workspace's deliveries use its token from the installation store.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.commands import settings_of
from bot.settings import MissingSetting, Settings

HELP = (
    "deliver digests, alerts, thread updates, corrections and reminders on schedule, "
    "and poll the watched sources "
    "(--once: what is due now)"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--once", action="store_true", help="deliver whatever is due now, then exit"
    )
    parser.add_argument(
        "--now",
        metavar="ISO-8601",
        help="with --once: pretend it is this instant (for testing; no zone means UTC)",
    )


def _parse_now(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def run(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    try:
        oauth = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")
        settings.require(*(oauth if settings.oauth_requested else ("SLACK_BOT_TOKEN",)))
    except MissingSetting as exc:
        print(f"clock: {exc}", file=sys.stderr)
        return 2
    now: dt.datetime | None = None
    if args.now:
        if not args.once:
            print("clock: --now only goes with --once", file=sys.stderr)
            return 2
        try:
            now = _parse_now(args.now)
        except ValueError:
            print(f"clock: --now is not an ISO-8601 time: {args.now!r}", file=sys.stderr)
            return 2
    return _run(settings, once=bool(args.once), now=now)


def _run(settings: Settings, *, once: bool, now: dt.datetime | None) -> int:
    """The clock's composition root: the settings, then one state database, one live store
    and the deliverers, built here and passed in."""
    # imported here, not at the top: every ``python -m bot`` command imports this module to
    # build the parser, and only the clock needs APScheduler, slack_sdk and SQLAlchemy
    from bot.core.knowledge.store import LiveStore, StoreError
    from bot.core.utc import utcnow
    from bot.edge.delivery.clock import Clock
    from bot.edge.delivery.clock_service import ClockService
    from bot.edge.delivery.deliverer import DeliveryStopped, make_clients
    from bot.edge.delivery.factory import DelivererFactory
    from bot.edge.delivery.schedule import Schedule
    from bot.edge.delivery.workspaces import workspace_deliverers
    from bot.edge.slack.installations import installations_for
    from bot.edge.slack_api import token_rejection
    from bot.edge.state.database import StateDatabase
    from bot.edge.state.db import StateError, describe
    from bot.edge.state.knowledge import open_backend

    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else ""
    state = StateDatabase(settings.database_url.get_secret_value())
    try:
        engine = state.engine()
    except StateError as exc:
        print(f"clock: {exc}", file=sys.stderr)
        return 2
    try:
        live = LiveStore(
            backend=open_backend(
                settings.database_url.get_secret_value(), settings.store_path, fold=True
            )
        )
    except StoreError as exc:
        print(f"clock: {exc}", file=sys.stderr)
        return 2
    poster, reader = make_clients(token, settings.slack_api_url)
    try:
        if not settings.oauth:
            reader.auth_test()
    except SlackApiError as exc:
        rejection = token_rejection("clock", exc)
        if rejection:
            print(rejection, file=sys.stderr)
            return 2
        code = str(exc.response.get("error") or "")
        if once:
            print(
                f"clock: Slack is not answering ({code or exc.response.status_code})",
                file=sys.stderr,
            )
            return 1
    except OSError as exc:
        if once:
            print(f"clock: cannot reach Slack at {settings.slack_api_url}: {exc}", file=sys.stderr)
            return 1
    repo = state.repository()
    deliverers = DelivererFactory(settings, lambda: repo)
    per_workspace = None
    if settings.oauth:
        per_workspace = workspace_deliverers(
            installations_for(settings, engine).token_for,
            lambda bot_token, team_id: deliverers.for_token(bot_token, team_id=team_id),
        )
    deliverer = deliverers.make(poster, reader)
    clock = Clock(
        repo=repo,
        store=live.current,
        deliverer=deliverer,
        schedule=Schedule.from_settings(settings),
        deliverers=per_workspace,
    )
    from bot.edge.intake.poll_job import POLL_MINUTES, poll_line, source_poller

    fixed = now
    poller = source_poller(
        settings,
        engine,
        live.backend,
        deliverer,
        (lambda: fixed) if fixed is not None else utcnow,
    )
    if not once:
        polled = (lambda: poll_line(poller.poll_due())) if poller is not None else None
        return ClockService(clock, poll_sources=polled, poll_minutes=POLL_MINUTES).run()
    try:
        report = clock.run_due(now or utcnow())
    except DeliveryStopped as exc:
        print(f"clock: {exc}", file=sys.stderr)
        return 1
    except (StateError, SQLAlchemyError) as exc:
        print(f"clock: the state database failed: {describe(exc)}", file=sys.stderr)
        return 1
    print(
        f"clock: {len(report.sent)} delivered, {len(report.failed)} failed, "
        f"{len(report.paused)} channel(s) paused, {report.skipped} already handled"
    )
    if poller is not None:
        try:
            print(poll_line(poller.poll_due()))
        except (StateError, SQLAlchemyError) as exc:
            print(
                f"clock: poll_sources: the state database failed: {describe(exc)}", file=sys.stderr
            )
    for channel, reason in report.paused:
        print(f"clock: paused channel {channel}: {reason}", file=sys.stderr)
    paused = {channel for channel, _ in report.paused}
    real_failures = [f for f in report.failed if f[0] not in paused]
    for channel, kind, key, error in real_failures:
        print(
            f"clock: {kind} {key} to {channel} failed (retried next run): {error}", file=sys.stderr
        )
    return 1 if real_failures else 0
