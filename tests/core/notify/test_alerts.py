"""Alert selection: new, reviewed, in the window, selected by the saved search, not settled."""

from __future__ import annotations

import datetime as dt

from bot.core.knowledge.model import Category, Status
from bot.core.notify.alerts import due_alerts, first_seen_times, parse_alert_filters
from bot.core.notify.records import Subscription
from tests.support.state import dev, store_of

NOW = dt.datetime(2024, 6, 10, 8, 0, tzinfo=dt.UTC)
SUBSCRIBED = NOW - dt.timedelta(days=2)
POLL = NOW - dt.timedelta(hours=1)  # when the poll first saw the new developments


def sub(channel: str, filters: str = "", *, created: dt.datetime = SUBSCRIBED) -> Subscription:
    return Subscription(channel, "alerts", filters, "U1", created)


def due_pairs(*args, **kwargs) -> list[tuple[str, str]]:  # noqa: ANN002, ANN003
    selection = due_alerts(*args, window_days=45, **kwargs)
    return [(d.channel_id, d.development.id) for d in selection.due]


def test_only_new_enforcement_in_the_window_matching_the_filters() -> None:
    henan_fine = dev("henan-fine", dt.date(2024, 6, 5), regions=("Henan",), fine=800_000)
    beijing = dev("beijing-case", dt.date(2024, 6, 6), regions=("Beijing",))
    law = dev("new-rule", dt.date(2024, 6, 6), category=Category.REGULATION)
    backfill = dev("old-case", dt.date(2023, 1, 5), regions=("Henan",), fine=900_000)
    store = store_of(henan_fine, beijing, law, backfill)
    seen = {d.id: POLL for d in store.developments}
    pairs = due_pairs(
        store,
        [sub("CALL"), sub("CHENAN", "fines over 500k in henan"), sub("CBJ", "beijing")],
        seen,
        set(),
        NOW,
    )
    assert sorted(pairs) == sorted(
        [
            ("CALL", henan_fine.id),
            ("CALL", beijing.id),
            ("CHENAN", henan_fine.id),
            ("CBJ", beijing.id),
        ]
    )


def test_a_new_subscriber_is_not_flooded_with_what_was_already_there() -> None:
    case = dev("case", dt.date(2024, 6, 5))
    store = store_of(case)
    seen = {case.id: POLL}
    assert due_pairs(store, [sub("CNEW", created=NOW)], seen, set(), NOW) == []
    assert due_pairs(store, [sub("COLD")], seen, set(), NOW) == [("COLD", case.id)]


def test_unseen_settled_and_paused_are_not_due() -> None:
    a, b = dev("a", dt.date(2024, 6, 5)), dev("b", dt.date(2024, 6, 6))
    store = store_of(a, b)
    paused = Subscription("CP", "alerts", "", "U1", SUBSCRIBED, paused_at=POLL, pause_reason="x")
    pairs = due_pairs(store, [sub("C1"), paused], {a.id: POLL}, {("C1", "nothing")}, NOW)
    assert pairs == [("C1", a.id)]  # b not seen yet; the paused channel gets nothing
    assert due_pairs(store, [sub("C1")], {a.id: POLL}, {("C1", a.id)}, NOW) == []


def test_the_first_poll_dates_developments_from_when_they_were_added() -> None:
    added = NOW - dt.timedelta(days=5)
    early = dev("early", dt.date(2024, 6, 1), added_at=added)
    future_stamp = dev("stamped-later", dt.date(2024, 6, 2), added_at=NOW + dt.timedelta(days=1))
    devs = [early, future_stamp]
    first = first_seen_times(devs, set(), NOW, first_poll=True)
    assert first == {early.id: added, future_stamp.id: NOW}
    later = first_seen_times(devs, {early.id}, NOW, first_poll=False)
    assert later == {future_stamp.id: NOW}
    # a channel that subscribed before the clock ever ran still gets what arrived after it
    store = store_of(*devs)
    pairs = due_pairs(store, [sub("C1", created=added - dt.timedelta(days=1))], first, set(), NOW)
    assert sorted(pairs) == sorted([("C1", early.id), ("C1", future_stamp.id)])
    assert due_pairs(
        store, [sub("C2", created=added + dt.timedelta(hours=1))], first, set(), NOW
    ) == [("C2", future_stamp.id)]


def test_alert_filters_refuse_what_they_cannot_use() -> None:
    assert parse_alert_filters("").ok
    good = parse_alert_filters("fines over 500k in henan")
    assert good.ok
    assert [u.label for u in good.filters.describe()] == ["penalties", "region", "amount"]
    unknown = parse_alert_filters("henan flibbertigibbet")
    assert not unknown.ok and unknown.not_understood == ("flibbertigibbet",)
    assert parse_alert_filters("laws").ok  # any category can be a saved search now
    assert "dates" in " ".join(parse_alert_filters("since 2022").problems)


def test_stored_filters_that_no_longer_read_are_skipped_and_reported() -> None:
    case = dev("case", dt.date(2024, 6, 5))
    broken = sub("C1", "zzyzx")
    selection = due_alerts(store_of(case), [broken], {case.id: POLL}, set(), NOW, window_days=45)
    assert selection.due == () and selection.unreadable == (broken,)


def test_saved_searches_select_whatever_their_filters_select() -> None:
    cac_draft = dev(
        "cac-draft-rules",
        dt.date(2024, 6, 5),
        category=Category.REGULATION,
        status=Status.DRAFT,
        title="CAC publishes draft rules on data labelling",
    )
    adopted = dev(
        "adopted-rules",
        dt.date(2024, 6, 5),
        category=Category.REGULATION,
        status=Status.ADOPTED,
        title="CAC adopts rules on network data",
    )
    zhejiang_court = dev(
        "zhejiang-ruling", dt.date(2024, 6, 6), category=Category.COURT, regions=("Zhejiang",)
    )
    beijing_court = dev(
        "beijing-ruling", dt.date(2024, 6, 6), category=Category.COURT, regions=("Beijing",)
    )
    fine = dev("henan-fine", dt.date(2024, 6, 7), regions=("Henan",), fine=800_000)
    store = store_of(cac_draft, adopted, zhejiang_court, beijing_court, fine)
    seen = {d.id: POLL for d in store.developments}
    pairs = due_pairs(
        store,
        [
            sub("CDRAFTS", "drafts"),
            sub("CCOURTS", "courts zhejiang"),
            sub("CALL", "all"),
            sub("CDEFAULT"),
        ],
        seen,
        set(),
        NOW,
    )
    by_channel: dict[str, set[str]] = {}
    for channel, dev_id in pairs:
        by_channel.setdefault(channel, set()).add(dev_id)
    assert by_channel["CDRAFTS"] == {cac_draft.id}
    assert by_channel["CCOURTS"] == {zhejiang_court.id}
    assert by_channel["CALL"] == {d.id for d in store.developments}
    assert by_channel["CDEFAULT"] == {fine.id}  # no filters: new enforcement, as before


def test_what_a_saved_search_selects_is_said_in_plain_words() -> None:
    assert "enforcement" in parse_alert_filters("").describe()
    assert parse_alert_filters("all").describe().startswith("all new developments")
    described = parse_alert_filters("courts zhejiang").describe()
    assert "courts" in described and "Zhejiang" in described


def test_developments_not_reviewed_by_a_person_are_never_alerted() -> None:
    unreviewed = dev("machine-only", dt.date(2024, 6, 5), reviewed=False)
    reviewed = dev("checked", dt.date(2024, 6, 5))
    store = store_of(unreviewed, reviewed)
    seen = {d.id: POLL for d in store.developments}
    assert due_pairs(store, [sub("C1", "all")], seen, set(), NOW) == [("C1", reviewed.id)]
