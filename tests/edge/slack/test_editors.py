"""Who is an editor: user ids named in PI_EDITORS, and members of a user group named there
(asked of Slack, through the real WebClient against the fake Web API)."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.edge.slack.editors import Editors, parse_editors
from tests.support.fake_slack import BOT_TOKEN, FakeSlack


def test_ids_and_groups_are_read_from_the_setting() -> None:
    assert parse_editors("U1, W2 S3") == (frozenset({"U1", "W2"}), frozenset({"S3"}))
    assert parse_editors("") == (frozenset(), frozenset())


def test_a_groups_members_are_editors_and_others_are_not() -> None:
    with FakeSlack() as slack:
        slack.usergroups["S0LEGAL"] = ["U0ANN", "U0BOB"]
        client = WebClient(token=BOT_TOKEN, base_url=slack.api_url)
        editors = Editors.from_setting("U0CAROL,S0LEGAL", client)
        assert editors("U0CAROL") and editors("U0ANN") and editors("U0BOB")
        assert not editors("U0EVE") and not editors("")
        assert len(slack.calls_to("usergroups.users.list")) == 1  # kept, not asked each time
        slack.stop()  # Slack unreachable: the members known stay editors
        assert editors("U0ANN")
