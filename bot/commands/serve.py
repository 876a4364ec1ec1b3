"""``python -m bot serve [--port N] [--workers N]``: the HTTP app under gunicorn.

Slack sends slash commands, events and interactions to ``POST /slack/events``; the platform
checks ``GET /healthz``. Binds ``0.0.0.0:$PORT`` (default 3000). Needs SLACK_BOT_TOKEN and
SLACK_SIGNING_SECRET; or, for OAuth distribution (``GET /slack/install``,
``GET /slack/oauth_redirect``), SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_SIGNING_SECRET.
One worker with several threads by default; with more workers (or
instances) the record of requests already handled (Slack's retries, replays) is shared
through the state database (``DATABASE_URL``).

On SIGTERM each worker takes no new requests, answers those it acknowledged within
``--shutdown-timeout`` seconds and logs how many it could not answer.

Before gunicorn starts, the settings, ``DATABASE_URL``, the knowledge store and the bot
token are checked once: any of them unusable ends ``serve`` with one line and exit code 2.
A worker that still cannot start stops gunicorn (exit 2) instead of being restarted forever.

The store and the search index are loaded once, before gunicorn forks its workers
(``bot.edge.slack.preload``): every worker starts with them in memory and shares their pages;
each opens its own database connections and keeps its store fresh itself. When a large
store's index is not on disk yet, the workers start without waiting for it; once it is
built beside them, they are renewed by ones that share it. ``--no-preload``: each worker
reads and indexes the store on its own.
"""

from __future__ import annotations

import argparse
import gc
import sys
from typing import TYPE_CHECKING, Any

from bot.commands import settings_of
from bot.core.knowledge.store import hold_snapshots
from bot.settings import Settings, load_settings

if TYPE_CHECKING:
    from bot.edge.slack.runtime import Checked

HELP = "run the Slack app over HTTP (gunicorn; POST /slack/events, GET /healthz)"
NEEDS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
NEEDS_OAUTH = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET")
DEFAULT_SHUTDOWN_TIMEOUT_S = 20.0
WORKER_BOOT_ERROR = 3
"""A worker exiting with this code makes gunicorn stop instead of starting another."""


def needs(settings: Settings) -> tuple[str, ...]:
    return NEEDS_OAUTH if settings.oauth_requested else NEEDS


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=None, help="port (default: $PORT or 3000)")
    parser.add_argument(
        "--workers", type=int, default=1, help="gunicorn worker processes (default 1)"
    )
    parser.add_argument("--threads", type=int, default=8, help="threads per worker (default 8)")
    parser.add_argument(
        "--shutdown-timeout",
        type=float,
        default=DEFAULT_SHUTDOWN_TIMEOUT_S,
        metavar="SECONDS",
        help="on SIGTERM, how long a worker may take to answer what it acknowledged "
        f"(default {DEFAULT_SHUTDOWN_TIMEOUT_S:.0f})",
    )
    parser.add_argument(
        "--no-preload",
        dest="preload",
        action="store_false",
        help="each worker reads and indexes the store itself (default: once, before the "
        "workers start, their memory shared)",
    )


def build_wsgi_app(settings: Settings | None = None, checked: Checked | None = None) -> Any:
    """The Flask app for one worker: ``build_runtime`` (the Slack process's composition
    root) and the web pages on it. ``settings``: those ``serve`` read (gunicorn forks the
    workers from it); without them, when run as ``gunicorn 'bot.commands.serve:...'``, the
    environment's. ``checked``: what ``serve`` checked and preloaded before the fork."""
    # imported here, not at the top: every ``python -m bot`` command imports this module to
    # build the parser, and only ``serve`` needs Bolt, Flask and the whole Slack side
    from bot.edge.delivery.calendar_feed import CalendarTokens
    from bot.edge.slack.runtime import build_runtime
    from bot.edge.slack.web import create_web_app

    settings = settings or load_settings()
    runtime = build_runtime(settings, needs=needs(settings), command="serve", checked=checked)
    secret = runtime.settings.slack_signing_secret  # present: NEEDS names it
    tokens = CalendarTokens(runtime.state)
    return create_web_app(
        runtime.app,
        runtime.live_store,
        tokens.team_for,
        signing_secret=secret.get_secret_value() if secret else "",
    )


def run(args: argparse.Namespace) -> int:
    # imported here for the start-up cost of every other command (see ``build_wsgi_app``)
    from bot.edge.slack.runtime import preflight

    settings = settings_of(args)
    if args.preload:  # written beside the first workers (``build_elsewhere``), not before
        hold_snapshots()
    try:
        checked = preflight(settings, needs=needs(settings), command="serve")
    except SystemExit as exc:
        return int(exc.code or 2)
    hooks: dict[str, Any] = {}
    if args.preload:
        from bot.edge.slack.preload import adopt_built, build_elsewhere, preload

        index = preload(checked.live_store)  # the workers forked below start with it
        import bot.edge.slack.web  # noqa: F401  (each worker's app: imported once, shared)

        shared: Checked | None = checked
        # what the index still lacks is built beside the first workers, which are then
        # renewed from a master that has it (gunicorn's reload; ``bot.edge.slack.preload``)
        hooks["when_ready"] = lambda arbiter: build_elsewhere(index, arbiter.LISTENERS)
        hooks["on_reload"] = lambda _arbiter: adopt_built(index)
    else:
        shared = None  # each worker builds its own
        del checked
        gc.collect()
    from gunicorn.app.base import BaseApplication  # as above: only ``serve`` needs them

    from bot.edge.slack.background import drain_all

    port = args.port if args.port is not None else settings.port
    options = {
        "bind": f"0.0.0.0:{port}",
        "workers": max(1, args.workers),
        "worker_class": "gthread",
        "threads": max(1, args.threads),
        "timeout": 30,
        # a worker told to stop finishes its HTTP requests, then answers what it
        # acknowledged (``worker_exit``); gunicorn kills it only after both had their time
        "graceful_timeout": int(args.shutdown_timeout) + 10,
        "worker_exit": lambda _arbiter, _worker: drain_all(args.shutdown_timeout),
        "accesslog": None,
        "errorlog": "-",
        "limit_request_line": 8190,
        **hooks,
    }

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            try:
                return build_wsgi_app(settings, shared)
            except SystemExit:  # the reason is printed; no worker would do better
                sys.exit(WORKER_BOOT_ERROR)

    print(f"serve: listening on 0.0.0.0:{port} (POST /slack/events, GET /healthz)")
    sys.stdout.flush()
    try:
        Server().run()
    except SystemExit as exc:
        if exc.code in (0, None):
            return 0
        print("serve: stopped: a worker could not start (reason above)", file=sys.stderr)
        return 2
    return 0
