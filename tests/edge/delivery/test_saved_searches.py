"""Alerts on saved searches and updates in the alert's thread, end to end: the subscription
command, the clock and the fake Slack Web API through the real WebClient."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_sdk import WebClient
from sqlalchemy import text

from bot.core.answers.answer import AnswerKind
from bot.core.answers.router import Context
from bot.core.knowledge.model import Category, Development, Status
from bot.core.knowledge.store import LiveStore
from bot.edge.delivery.subscriptions import SubscriptionCommands
from bot.edge.state import StateRepository, connect
from bot.settings import Settings
from tests.support.clocks import make_clock
from tests.support.fake_slack import BOT_TOKEN, FakeSlack
from tests.support.state import dev, write_store

NOW = dt.datetime(2024, 6, 10, 4, 0, tzinfo=dt.UTC)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        for channel in ("CDRAFTS", "CFINES", "CALL", "CCOURTS"):
            fake.add_channel(channel)
        yield fake


def subscribe(repo: StateRepository, slack: FakeSlack, channel: str, words: str) -> str:
    client = WebClient(token=BOT_TOKEN, base_url=slack.api_url)
    pi = SubscriptionCommands(repo, Settings(), client=client, now=lambda: NOW)
    ctx = Context(channel_id=channel, user_id="U1", team_id="T0TEST", surface="slash")
    answer = pi.handle(words, ctx)
    assert answer.kind == AnswerKind.NOTICE, answer.message
    return answer.message or ""


def draft(**kw: object) -> Development:
    fields: dict[str, object] = {
        "category": Category.REGULATION,
        "status": Status.DRAFT,
        "title": "CAC publishes draft measures on personal information audits",
        "added_at": NOW + dt.timedelta(minutes=1),
        "comment_deadline": dt.date(2024, 7, 5),
    }
    fields.update(kw)
    return dev("cac-audit-measures", dt.date(2024, 6, 9), **fields)  # type: ignore[arg-type]


def test_a_saved_search_alerts_a_new_draft_and_says_what_it_will_send(
    repo: StateRepository, slack: FakeSlack, tmp_path: Path
) -> None:
    said = subscribe(repo, slack, "CDRAFTS", "subscribe alerts drafts")
    assert "alerts on new developments matching status draft for comment" in said
    said = subscribe(repo, slack, "CFINES", "subscribe alerts")
    assert "in enforcement" in said
    said = subscribe(repo, slack, "CALL", "subscribe alerts all")
    assert "all new developments" in said
    subscribe(repo, slack, "CCOURTS", "subscribe alerts courts zhejiang")
    path = write_store(tmp_path / "developments.json")
    clock = make_clock(repo, slack, LiveStore(path).current)
    assert clock.run_due(NOW + dt.timedelta(minutes=1)).sent == []  # first poll: nothing yet

    new_draft = draft()
    unreviewed = draft(reviewed=False, title="A draft nobody has checked yet, from a machine")
    unreviewed = unreviewed.model_copy(update={"id": "2024-06-09-unchecked-draft"})
    court = dev(
        "hangzhou-ruling",
        dt.date(2024, 6, 8),
        category=Category.COURT,
        regions=("Zhejiang",),
        added_at=NOW + dt.timedelta(minutes=1),
    )
    write_store(path, new_draft, unreviewed, court)
    report = clock.run_due(NOW + dt.timedelta(minutes=6))
    assert sorted(report.sent) == sorted(
        [
            ("CDRAFTS", "alerts", new_draft.id),
            ("CALL", "alerts", new_draft.id),
            ("CALL", "alerts", court.id),
            ("CCOURTS", "alerts", court.id),
        ]
    )
    [alert] = slack.messages_in("CDRAFTS")
    assert alert["text"].startswith("Regulation alert: CAC publishes draft measures")
    assert slack.messages_in("CFINES") == []  # enforcement only: not a draft
    assert clock.run_due(NOW + dt.timedelta(minutes=11)).sent == []


def test_a_status_change_is_posted_once_in_the_thread_of_the_first_alert(
    repo: StateRepository, slack: FakeSlack, tmp_path: Path
) -> None:
    subscribe(repo, slack, "CDRAFTS", "subscribe alerts drafts")
    subscribe(repo, slack, "CALL", "subscribe alerts all")
    path = write_store(tmp_path / "developments.json")
    live = LiveStore(path)
    clock = make_clock(repo, slack, live.current)
    clock.run_due(NOW + dt.timedelta(minutes=1))
    write_store(path, draft())
    clock.run_due(NOW + dt.timedelta(minutes=6))
    [first] = slack.messages_in("CDRAFTS")

    adopted = draft(
        status=Status.ADOPTED, effective_date=dt.date(2024, 9, 1), comment_deadline=None
    )
    write_store(path, adopted)  # a later newsletter: adopted, takes effect 1 September
    report = clock.run_due(NOW + dt.timedelta(minutes=11))
    assert {(c, k) for c, k, _ in report.sent} == {("CDRAFTS", "updates"), ("CALL", "updates")}
    for channel in ("CDRAFTS", "CALL"):
        parent = slack.messages_in(channel)[0]
        [reply] = slack.replies_to(channel, parent["ts"])
        assert "draft for comment → adopted" in reply["text"]
        assert "Takes effect: 2024-09-01" in reply["text"]
    # the reply is in the thread, not in the channel's history
    history = WebClient(token=BOT_TOKEN, base_url=slack.api_url).conversations_history(
        channel="CDRAFTS"
    )
    assert [m["ts"] for m in history["messages"]] == [first["ts"]]
    # again, and after a restart of the clock on the same database: nothing more
    assert clock.run_due(NOW + dt.timedelta(minutes=16)).sent == []
    restarted = make_clock(
        StateRepository(connect(repo.engine.url.render_as_string(hide_password=False))),
        slack,
        live.current,
    )
    assert restarted.run_due(NOW + dt.timedelta(minutes=21)).sent == []
    assert len(slack.replies_to("CDRAFTS", first["ts"])) == 1

    in_force = adopted.model_copy(update={"status": Status.IN_FORCE})
    write_store(path, in_force)
    clock.run_due(NOW + dt.timedelta(minutes=26))
    replies = slack.replies_to("CDRAFTS", first["ts"])
    assert len(replies) == 2 and "adopted → in force" in replies[1]["text"]


def test_a_thread_reply_whose_answer_was_lost_is_not_posted_twice(
    repo: StateRepository, slack: FakeSlack, tmp_path: Path
) -> None:
    subscribe(repo, slack, "CDRAFTS", "subscribe alerts drafts")
    path = write_store(tmp_path / "developments.json")
    clock = make_clock(repo, slack, LiveStore(path).current)
    clock.run_due(NOW + dt.timedelta(minutes=1))
    write_store(path, draft())
    clock.run_due(NOW + dt.timedelta(minutes=6))
    write_store(path, draft(sources=2))  # a second newsletter reports it
    slack.fail("chat.postMessage", status=500, times=1, acted=True)  # posted, answer lost
    report = clock.run_due(NOW + dt.timedelta(minutes=11))
    assert [k for _, k, _ in report.sent] == ["updates"]
    parent = slack.messages_in("CDRAFTS")[0]
    [reply] = slack.replies_to("CDRAFTS", parent["ts"])  # found in the thread, not re-posted
    assert "1 more source reported it" in reply["text"]
    assert slack.calls_to("conversations.replies")
    clock.run_due(NOW + dt.timedelta(minutes=16))
    assert len(slack.replies_to("CDRAFTS", parent["ts"])) == 1


def test_alert_filters_saved_before_the_upgrade_keep_meaning_enforcement(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    engine = connect(url)
    with engine.begin() as conn:  # a version 2 database: no cadence, no facts, old filters
        conn.execute(text("DROP TABLE channel_settings"))
        conn.execute(text("ALTER TABLE subscriptions DROP COLUMN cadence"))
        conn.execute(text("ALTER TABLE deliveries DROP COLUMN facts"))
        conn.execute(text("UPDATE schema_version SET version = 2"))
        conn.execute(
            text(
                "INSERT INTO subscriptions (channel_id, kind, filters, created_by, created_at) "
                "VALUES ('C1', 'alerts', 'henan', 'U1', '2024-01-01 00:00:00'), "
                "('C2', 'alerts', '', 'U1', '2024-01-01 00:00:00')"
            )
        )
    engine.dispose()
    repo = StateRepository(connect(url))
    subs = {s.channel_id: s for s in repo.subscriptions()}
    assert subs["C1"].filters == "enforcement henan"
    assert subs["C2"].filters == ""
    assert subs["C1"].cadence == "monthly"
    repo.engine.dispose()


def test_with_oauth_thread_updates_go_with_each_workspace_token(
    repo: StateRepository, slack: FakeSlack, tmp_path: Path
) -> None:
    """Updates follow their alert into the workspace of the channel's subscription (OAuth
    distribution: the clock's per-workspace deliverers)."""
    from bot.edge.delivery.deliverer import Deliverer
    from tests.support.fake_slack import Workspace

    tokens = {"TA": "xoxb-TA-1", "TB": "xoxb-TB-1"}
    for team, token in tokens.items():
        slack.tokens[token] = Workspace(team)
    for team, channel in (("TA", "CDRAFTS"), ("TB", "CALL")):
        repo.subscribe(channel, "alerts", filters="drafts", user_id="U1", now=NOW, team_id=team)
    path = write_store(tmp_path / "developments.json")
    clock = make_clock(repo, slack, LiveStore(path).current)
    clock.deliverers = lambda team, _enterprise: Deliverer(
        repo,
        WebClient(token=tokens[team], base_url=slack.api_url),
        pace_seconds=0.0,
        retry_delays=(0.01,),
        team_id=team,
    )
    clock.run_due(NOW + dt.timedelta(minutes=1))
    write_store(path, draft())
    clock.run_due(NOW + dt.timedelta(minutes=6))
    write_store(path, draft(sources=2))  # a second newsletter reports it
    report = clock.run_due(NOW + dt.timedelta(minutes=11))
    assert {(c, k) for c, k, _ in report.sent} == {("CDRAFTS", "updates"), ("CALL", "updates")}
    replies = [c for c in slack.calls_to("chat.postMessage") if c.params.get("thread_ts")]
    assert {(c.channel, c.token) for c in replies} == {
        ("CDRAFTS", tokens["TA"]),
        ("CALL", tokens["TB"]),
    }
    assert BOT_TOKEN not in {c.token for c in slack.calls_to("chat.postMessage")}
