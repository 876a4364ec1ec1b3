"""Each workspace's subscriptions and roles are its own; the schema moves to them in place."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from bot.edge.state import SCHEMA_VERSION, StateRepository, connect, make_engine
from bot.edge.state.repository import WORKSPACE_PAUSE_REASON

T0 = dt.datetime(2024, 6, 1, 1, 0, tzinfo=dt.UTC)


def test_the_same_channel_in_two_workspaces_is_two_subscriptions(repo: StateRepository) -> None:
    repo.subscribe("CSHARED", "alerts", filters="henan", user_id="UA", now=T0, team_id="TA")
    sub, outcome = repo.subscribe(
        "CSHARED", "alerts", filters="fines", user_id="UB", now=T0, team_id="TB"
    )
    assert outcome == "created" and sub.team_id == "TB"
    assert [s.filters for s in repo.subscriptions(team_id="TA")] == ["henan"]
    assert [s.filters for s in repo.subscriptions(team_id="TB")] == ["fines"]
    assert repo.unsubscribe("CSHARED", team_id="TB") == ["alerts"]
    assert [s.team_id for s in repo.subscriptions()] == ["TA"]
    assert repo.unsubscribe("CSHARED", team_id="TC") == []  # another workspace changes nothing
    assert [s.team_id for s in repo.subscriptions()] == ["TA"]


def test_a_paused_workspace_resumes_only_what_its_pause_stopped(repo: StateRepository) -> None:
    repo.subscribe("C1", "digest", filters="", user_id="U", now=T0, team_id="TA")
    repo.subscribe("C2", "digest", filters="", user_id="U", now=T0, team_id="TA")
    repo.subscribe("C3", "digest", filters="", user_id="U", now=T0, team_id="TB")
    repo.pause_channel("C2", "the channel is archived (is_archived)", now=T0)
    assert repo.pause_workspace(team_id="TA", enterprise_id=None, now=T0) == 1
    assert [s.channel_id for s in repo.subscriptions(active_only=True)] == ["C3"]
    [c1] = repo.subscriptions(channel_id="C1")
    assert c1.pause_reason == WORKSPACE_PAUSE_REASON
    assert repo.resume_workspace(team_id="TA", enterprise_id=None) == 1
    assert [s.channel_id for s in repo.subscriptions(active_only=True)] == ["C1", "C3"]


def test_an_org_wide_uninstall_pauses_every_workspace_of_the_org(repo: StateRepository) -> None:
    repo.subscribe(
        "C1", "digest", filters="", user_id="U", now=T0, team_id="T1", enterprise_id="E1"
    )
    repo.subscribe(
        "C2", "digest", filters="", user_id="U", now=T0, team_id="T2", enterprise_id="E1"
    )
    repo.subscribe("C3", "digest", filters="", user_id="U", now=T0, team_id="T3")
    assert repo.pause_workspace(team_id=None, enterprise_id="E1", now=T0) == 2
    assert [s.channel_id for s in repo.subscriptions(active_only=True)] == ["C3"]


def test_roles_belong_to_one_workspace(repo: StateRepository) -> None:
    assert repo.add_role("TA", "admin", "U1", added_by="U0", now=T0)
    assert not repo.add_role("TA", "admin", "U1", added_by="U0", now=T0)
    repo.add_role("TB", "editor", "U2", added_by="U0", now=T0)
    assert repo.role_holders("TA", "admin") == ["U1"]
    assert repo.role_holders("TB", "admin") == []
    assert repo.role_holders("TB", "editor") == ["U2"]
    assert not repo.remove_role("TB", "admin", "U1")
    assert repo.remove_role("TA", "admin", "U1")
    assert repo.role_holders("TA", "admin") == []


def _old_database(url: str, version: int) -> None:
    """The subscriptions table and schema version as version 2 (or 4: with the digest's
    cadence) of the schema left them, before subscriptions belonged to a workspace."""
    old = MetaData()
    cadence = (
        [Column("cadence", String(16), nullable=False, server_default="monthly")]
        if version >= 4
        else []
    )
    subs = Table(
        "subscriptions",
        old,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("channel_id", String(32), nullable=False),
        Column("kind", String(16), nullable=False),
        Column("filters", Text, nullable=False),
        Column("created_by", String(32), nullable=False),
        Column("created_at", DateTime, nullable=False),
        Column("paused_at", DateTime, nullable=True),
        Column("pause_reason", String(200), nullable=True),
        *cadence,
        UniqueConstraint("channel_id", "kind", name="uq_subscriptions_channel_kind"),
    )
    schema = Table(
        "schema_version",
        old,
        Column("id", Integer, primary_key=True),
        Column("version", Integer, nullable=False),
        Column("applied_at", DateTime, nullable=False),
    )
    engine = make_engine(url)
    stamp = dt.datetime(2024, 5, 1)
    with engine.begin() as conn:
        old.create_all(conn)
        conn.execute(
            subs.insert().values(
                channel_id="C1", kind="alerts", filters="henan", created_by="U1", created_at=stamp
            )
        )
        if version >= 4:
            conn.execute(
                subs.insert().values(
                    channel_id="C9",
                    kind="digest",
                    filters="",
                    created_by="U1",
                    created_at=stamp,
                    cadence="weekly",
                )
            )
        conn.execute(schema.insert().values(id=1, version=version, applied_at=stamp))
    engine.dispose()


def test_a_version_2_database_is_migrated_keeping_its_subscriptions(db_url: str) -> None:
    _old_database(db_url, 2)
    engine = connect(db_url)
    with engine.begin() as conn:
        assert conn.execute(text("SELECT version FROM schema_version")).scalar() == SCHEMA_VERSION
    repo = StateRepository(engine)
    [sub] = repo.subscriptions()
    # version 4 spelled out what old alert filters meant: enforcement only
    assert (sub.channel_id, sub.filters, sub.team_id) == ("C1", "enforcement henan", "")
    assert sub.cadence == "monthly"
    # the single workspace a bot token serves takes the old rows over
    assert repo.adopt_unscoped("TA") == 1
    assert repo.subscriptions(team_id="TA")[0].filters == "enforcement henan"
    _, outcome = repo.subscribe("C1", "alerts", filters="", user_id="U", now=T0, team_id="TB")
    assert outcome == "created"
    sub, outcome = repo.subscribe("C2", "digest", filters="", user_id="U", now=T0, team_id="TA")
    assert outcome == "created" and sub.team_id == "TA"  # ids go on after the old rows
    engine.dispose()


def test_a_version_4_database_keeps_each_digest_cadence_when_migrated(db_url: str) -> None:
    _old_database(db_url, 4)
    engine = connect(db_url)
    with engine.begin() as conn:
        assert conn.execute(text("SELECT version FROM schema_version")).scalar() == SCHEMA_VERSION
    repo = StateRepository(engine)
    subs = {s.channel_id: s for s in repo.subscriptions()}
    assert subs["C1"].filters == "henan"  # already read as a saved search at version 4
    assert (subs["C9"].kind, subs["C9"].cadence, subs["C9"].team_id) == ("digest", "weekly", "")
    assert repo.adopt_unscoped("TA") == 2
    sub, outcome = repo.subscribe(
        "C9", "digest", filters="", user_id="U", now=T0, cadence="weekly", team_id="TA"
    )
    assert outcome == "unchanged" and sub.cadence == "weekly"
    sub, outcome = repo.subscribe(
        "C9", "digest", filters="", user_id="U", now=T0, cadence="weekly", team_id="TB"
    )
    assert outcome == "created" and sub.team_id == "TB"
    assert repo.add_role("TA", "admin", "U1", added_by="U", now=T0)
    engine.dispose()


def test_a_channel_paused_for_one_workspace_stays_open_for_another(repo: StateRepository) -> None:
    repo.subscribe("CSHARED", "digest", filters="", user_id="U", now=T0, team_id="TA")
    repo.subscribe("CSHARED", "digest", filters="", user_id="U", now=T0, team_id="TB")
    paused = repo.pause_channel("CSHARED", "not in channel", now=T0, team_id="TA")
    assert paused == ["digest"]
    assert [s.team_id for s in repo.subscriptions(active_only=True)] == ["TB"]
