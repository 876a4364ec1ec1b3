"""The options endpoint: regions and authorities from the gazetteer, filtered by what the
user types (Chinese names too)."""

from __future__ import annotations

from bot.edge.render.blocks.search_form import ACTION_PICK_AUTHORITIES, ACTION_PICK_REGIONS
from tests.support.interactions import options_request, send
from tests.support.slack_harness import SlackHarness


def _values(bot: SlackHarness, action: str, typed: str) -> list[str]:
    reply = send(bot, options_request(action, typed))
    assert reply.status == 200
    return [o["value"] for o in reply.json()["options"]]


def test_regions_are_filtered_by_what_is_typed(sync_bot: SlackHarness) -> None:
    found = _values(sync_bot, ACTION_PICK_REGIONS, "hen")
    assert found[0] == "Henan"
    assert all("hen" in v.lower() or v == "Henan" for v in found[:1])
    assert "Beijing" not in found


def test_chinese_names_find_the_region(sync_bot: SlackHarness) -> None:
    assert _values(sync_bot, ACTION_PICK_REGIONS, "河南")[0] == "Henan"
    reply = send(sync_bot, options_request(ACTION_PICK_REGIONS, "北京"))
    [beijing] = [o for o in reply.json()["options"] if o["value"] == "Beijing"]
    assert "北京" in beijing["text"]["text"]


def test_authorities_by_abbreviation_full_name_or_chinese(sync_bot: SlackHarness) -> None:
    assert "CAC" in _values(sync_bot, ACTION_PICK_AUTHORITIES, "cac")
    assert "CAC" in _values(sync_bot, ACTION_PICK_AUTHORITIES, "cyberspace admin")
    assert "CAC" in _values(sync_bot, ACTION_PICK_AUTHORITIES, "网信")
    assert "CAC" not in _values(sync_bot, ACTION_PICK_AUTHORITIES, "bank")


def test_nothing_known_gives_no_options_and_never_more_than_slack_shows(
    sync_bot: SlackHarness,
) -> None:
    assert _values(sync_bot, ACTION_PICK_REGIONS, "zzzzqqq") == []
    assert len(_values(sync_bot, ACTION_PICK_REGIONS, "a")) <= 100
