"""``python -m bot serve [--port N] [--workers N]``: the HTTP app under gunicorn.

Slack sends slash commands, events and interactions to ``POST /slack/events``; the platform
checks ``GET /healthz``. Binds ``0.0.0.0:$PORT`` (default 3000). Needs SLACK_BOT_TOKEN and
SLACK_SIGNING_SECRET; or, for OAuth distribution (``GET /slack/install``,
``GET /slack/oauth_redirect``), SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_SIGNING_SECRET.
One worker with several threads by default; with more workers (or instances) the record of
requests already handled (Slack's retries, replays) is shared through the state database
(``DATABASE_URL``).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.settings import MissingSetting, Settings, load_settings

HELP = "run the Slack app over HTTP (gunicorn; POST /slack/events, GET /healthz)"
NEEDS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
NEEDS_OAUTH = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET")


def needs(settings: Settings) -> tuple[str, ...]:
    return NEEDS_OAUTH if settings.oauth_requested else NEEDS


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=None, help="port (default: $PORT or 3000)")
    parser.add_argument(
        "--workers", type=int, default=1, help="gunicorn worker processes (default 1)"
    )
    parser.add_argument("--threads", type=int, default=8, help="threads per worker (default 8)")


def build_wsgi_app() -> Any:
    """The Flask app for one worker (also usable as ``gunicorn 'bot.commands.serve:...'``)."""
    from bot.edge.slack.runtime import build_runtime
    from bot.edge.slack.web import create_web_app

    settings = load_settings()
    runtime = build_runtime(settings, needs=needs(settings), command="serve")
    return create_web_app(runtime.app, runtime.live_store)


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    try:
        settings.require(*needs(settings))
    except MissingSetting as exc:
        print(f"serve: {exc}", file=sys.stderr)
        return 2
    from gunicorn.app.base import BaseApplication

    port = args.port if args.port is not None else settings.port
    options = {
        "bind": f"0.0.0.0:{port}",
        "workers": max(1, args.workers),
        "worker_class": "gthread",
        "threads": max(1, args.threads),
        "timeout": 30,
        "graceful_timeout": 10,
        "accesslog": None,
        "errorlog": "-",
        "limit_request_line": 8190,
    }

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return build_wsgi_app()

    print(f"serve: listening on 0.0.0.0:{port} (POST /slack/events, GET /healthz)")
    sys.stdout.flush()
    Server().run()
    return 0
