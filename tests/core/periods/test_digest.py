"""The digest: in force only by the period's end; fines apart from compensation; sources
without links cited by the newsletter's title; the chart's fines leave compensation out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.core.knowledge.model import Penalty, PenaltyKind, Source
from bot.core.notify.chart_data import chart_data
from bot.core.periods.digest import build_digest
from bot.edge.render.text import render_digest
from tests.support.developments import make_dev, make_store


def _store():  # type: ignore[no-untyped-def]
    now = make_dev(
        "2022-05-03-rule-in-force-now",
        date=date(2022, 5, 3),
        category="regulation",
        status="in_force",
        effective_date=date(2022, 5, 20),
        title="City rules on data brokers take effect this month",
        summary="On 3 May 2022 a city adopted rules on data brokers, in force on 20 May 2022.",
        sources=(Source(newsletter="000_test", ref="Legislation #1", headline="City rules"),),
    )
    later = make_dev(
        "2022-05-09-rule-in-force-later",
        date=date(2022, 5, 9),
        category="regulation",
        status="adopted",
        effective_date=date(2022, 8, 1),
        title="Province adopts rules on public data that apply from August",
        summary="On 9 May 2022 a province adopted rules on public data, in force 1 August 2022.",
    )
    fine = make_dev(
        "2022-05-11-clinic-fined",
        date=date(2022, 5, 11),
        category="enforcement",
        regions=("Hubei",),
        title="Clinic fined for leaking patient records",
        summary="On 11 May 2022 a regulator fined a clinic CNY 40,000 for leaking records.",
        penalties=(
            Penalty(amount=Decimal(40_000), bearer="a clinic"),
            Penalty(
                amount=Decimal(1_000),
                amount_max=Decimal(2_000),
                bearer="3 doctors",
                bearer_type="individual",
                note="3 individuals, each fined within this range",
            ),
        ),
    )
    award = make_dev(
        "2022-05-12-court-award",
        date=date(2022, 5, 12),
        category="court",
        regions=("Hunan",),
        title="Court awards damages over a leaked address",
        summary="On 12 May 2022 a court ordered a landlord to pay CNY 900,000 in damages.",
        penalties=(
            Penalty(amount=Decimal(900_000), kind=PenaltyKind.COMPENSATION, bearer="a landlord"),
        ),
    )
    return make_store([now, later, fine, award])


def test_in_force_only_by_the_end_of_the_month() -> None:
    digest = build_digest(_store(), "2022-05")
    assert [d.id for d in digest.in_force] == ["2022-05-03-rule-in-force-now"]
    assert [d.id for d in digest.adopted] == ["2022-05-09-rule-in-force-later"]
    text = render_digest(digest)
    assert "Adopted, in force later: Province adopts" in text
    assert "(in force from 1 August 2022)" in text


def test_fines_are_listed_apart_from_compensation() -> None:
    digest = build_digest(_store(), "2022-05")
    assert [d.id for d in digest.largest_fines] == ["2022-05-11-clinic-fined"]
    text = render_digest(digest)
    assert "Largest fines: CNY 40,000 (a clinic)" in text
    assert "Compensation ordered by courts (not fines): CNY 900,000 (a landlord)" in text


def test_sources_without_a_link_are_cited_by_the_newsletter_title() -> None:
    text = render_digest(build_digest(_store(), "2022-05"))
    assert "000_test (May 2022) (no link given)" in text
    assert "ref " not in text


def test_the_chart_counts_fines_only_and_each_person() -> None:
    data = chart_data(_store(), "2022-05")
    assert dict(data.fines_by_region) == {"Hubei": Decimal(46_000)}
