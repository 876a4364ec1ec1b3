"""Link previews: a development's page or one of its source URLs unfurls into its card."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.edge.render.blocks.markup import escape
from tests.support.interactions import link_shared, send
from tests.support.slack_harness import CHANNEL, SlackHarness, all_text, serving

PUBLIC = "https://pi.example.com"


@pytest.fixture
def bot() -> Iterator[SlackHarness]:
    with serving(process_before_response=True, public_url=PUBLIC) as harness:
        yield harness


def test_a_page_link_and_a_source_link_unfurl_into_cards(bot: SlackHarness) -> None:
    store = bot.router.store
    paged = store.developments[0]
    sourced = next(d for d in store.developments if d.links and d is not paged)
    urls = [f"{PUBLIC}/d/{paged.id}", sourced.links[0], "https://elsewhere.example.org/x"]
    reply = send(bot, link_shared(urls))
    assert reply.status == 200
    [call] = bot.slack.wait_for("chat.unfurl")
    assert call.params["channel"] == CHANNEL
    unfurls = call.params["unfurls"]
    assert set(unfurls) == {urls[0], urls[1]}  # the unknown link is left alone
    assert escape(paged.title) in all_text(unfurls[urls[0]])
    assert f"{PUBLIC}/d/{sourced.id}" in all_text(unfurls[urls[1]])
    assert escape(sourced.title) in all_text(unfurls[urls[1]])


def test_links_to_nothing_known_unfurl_nothing(bot: SlackHarness) -> None:
    send(bot, link_shared([f"{PUBLIC}/d/2099-01-01-no-such-thing", "https://x.example/y"]))
    assert bot.slack.calls_to("chat.unfurl") == []
