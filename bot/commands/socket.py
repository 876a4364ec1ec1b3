"""``python -m bot socket``: the Slack app over Socket Mode, for development behind a
firewall (no public URL). Needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN (xapp-..., with
connections:write); enable Socket Mode in the app's settings (see docs/operating.md)."""

from __future__ import annotations

import argparse
import sys

from slack_sdk.errors import SlackApiError

from bot.commands import settings_of

HELP = "run the Slack app over Socket Mode (no public URL needed; needs SLACK_APP_TOKEN)"
NEEDS = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    # imported here, not at the top: every ``python -m bot`` command imports this module to
    # build the parser, and only ``socket`` needs Bolt and the whole Slack side
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.edge.slack.runtime import build_runtime

    try:
        runtime = build_runtime(settings_of(args), needs=NEEDS, command="socket")
    except SystemExit as exc:
        return int(exc.code or 2)
    app_token = runtime.settings.slack_app_token
    assert app_token is not None  # checked by build_runtime
    print(f"socket: connecting over Socket Mode; {len(runtime.router.store)} developments")
    sys.stdout.flush()
    try:
        SocketModeHandler(runtime.app, app_token.get_secret_value()).start()
    except SlackApiError as exc:
        code = str(exc.response.get("error") or exc.response.status_code)
        print(
            f"socket: Slack refused SLACK_APP_TOKEN ({code}): use an app-level token "
            "(xapp-...) with connections:write, and turn Socket Mode on in the app's settings",
            file=sys.stderr,
        )
        return 2
    return 0
