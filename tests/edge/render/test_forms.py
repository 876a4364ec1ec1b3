"""The form adapter and the modal views: a form's fields build exactly those filters (no
text round trip), round-trip through a view's metadata, and every view stays within Block
Kit's limits whatever is entered."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.model import Category, Status
from bot.core.labels import STATUS_LABELS
from bot.edge.render.blocks import form_filters
from bot.edge.render.blocks.form_filters import FormFilters, search_text, without_words
from bot.edge.render.blocks.gazetteer_options import LABEL_LIMIT, matching_options
from bot.edge.render.blocks.search_form import (
    BLOCK_AMOUNT,
    BLOCK_REGIONS,
    METADATA_LIMIT,
    read_filters,
    search_view,
)
from bot.edge.render.blocks.subscription_form import subscription_view

TODAY = dt.date(2026, 11, 30)


def understood(filters: FormFilters) -> dict[str, str]:
    parsed = filters.to_query(today=TODAY)
    assert not parsed.errors and not parsed.not_understood
    return {u.label: u.value for u in parsed.understood}


def test_each_field_reads_back_as_its_filter() -> None:
    filters = FormFilters(
        category=Category.REGULATION,
        status=Status.DRAFT,
        regions=("Henan", "Beijing"),
        authorities=("CAC",),
        date_from=dt.date(2022, 1, 1),
        date_to=dt.date(2022, 6, 30),
        min_amount=Decimal(500000),
    )
    assert understood(filters) == {
        "penalties": "fines and other monetary penalties",
        "category": "laws and regulations",
        "status": "draft for comment",
        "region": "Henan or Beijing",
        "authority": "CAC",
        "date": "from 1 January 2022 to 30 June 2022",
        "amount": "at least CNY 500,000",
    }
    for category in Category:
        assert understood(FormFilters(category=category))["category"]
        assert FormFilters(category=category).to_query().filters.categories == {category}
    for status in Status:
        assert understood(FormFilters(status=status))["status"] == STATUS_LABELS[status]
        assert FormFilters(status=status).to_query().filters.statuses == {status}


def test_every_region_and_authority_of_the_gazetteer_reads_back() -> None:
    gaz = default_gazetteer()
    for name in gaz.names("regions"):
        parsed = FormFilters(regions=(name,)).to_query(today=TODAY)
        assert parsed.filters.regions == (name,), name
    for name in gaz.names("authorities"):
        parsed = FormFilters(authorities=(name,)).to_query(today=TODAY)
        assert any(("authorities", name) in c.names for c in parsed.filters.concepts), name


def test_an_empty_form_asks_for_the_newest() -> None:
    assert FormFilters().to_query().is_empty
    filters, errors = read_filters({"f_text": {"f_text": {"value": "   "}}})
    assert not errors and filters.to_query().is_empty


def test_the_free_text_is_read_as_a_search_beside_the_chosen_fields() -> None:
    chosen = FormFilters(text="crawler", regions=("Henan",), status=Status.IN_FORCE)
    parsed = chosen.to_query(today=TODAY)
    assert [c.value for c in parsed.filters.concepts] == ["web crawler"]
    assert parsed.filters.regions == ("Henan",)
    assert parsed.filters.statuses == {Status.IN_FORCE}
    # words that would be a command in /pi are only words here
    assert FormFilters(text="show unreviewed").to_query().terms == ("unreviewed",)


def test_free_text_that_looks_like_a_command_is_searched() -> None:
    assert search_text("show me the crawler cases").startswith("about show")
    assert len(search_text("word " * 500)) <= form_filters.TEXT_LIMIT + len("about ")
    assert without_words("about seen the fine, client", ("seen", "client")) == "about the fine,"


@given(
    text=st.text(max_size=400),
    picks=st.lists(st.sampled_from(default_gazetteer().names("regions")), max_size=10),
    amount=st.integers(min_value=1, max_value=10**15),
)
@settings(max_examples=40, deadline=None)
def test_metadata_round_trips_and_views_stay_valid(
    text: str, picks: list[str], amount: int
) -> None:
    filters = FormFilters(
        text=text[: form_filters.TEXT_LIMIT], regions=tuple(picks), min_amount=Decimal(amount)
    )
    view = search_view(filters).to_dict()  # raises beyond Block Kit's limits
    assert len(view["private_metadata"]) <= METADATA_LIMIT
    back, _ = form_filters.load(view["private_metadata"])
    assert back == filters


def test_malformed_metadata_is_an_empty_form() -> None:
    assert form_filters.load("not json")[0] == FormFilters()
    assert form_filters.load(json.dumps({"f": {"category": "nope", "regions": 3}}))[0] == (
        FormFilters()
    )


def test_bad_input_is_an_error_on_its_field_and_unknown_names_are_dropped() -> None:
    values = {
        BLOCK_AMOUNT: {BLOCK_AMOUNT: {"type": "number_input", "value": "-5"}},
        BLOCK_REGIONS: {
            "pi_pick_regions": {
                "selected_options": [{"value": "Henan"}, {"value": "<!channel>"}],
            }
        },
    }
    filters, errors = read_filters(values)
    assert set(errors) == {BLOCK_AMOUNT}
    assert filters.regions == ("Henan",)


def test_options_carry_chinese_names_within_slack_limits() -> None:
    for kind in ("regions", "authorities"):
        options = [o.to_dict() for o in matching_options(kind, "")]  # type: ignore[arg-type]
        assert 0 < len(options) <= 100
        assert all(len(o["text"]["text"]) <= LABEL_LIMIT for o in options)
    [henan] = [o for o in matching_options("regions", "河南") if o.value == "Henan"]
    assert "河南" in henan.to_dict()["text"]["text"]


def test_the_subscription_builder_is_valid() -> None:
    assert subscription_view("C123").to_dict()["callback_id"]
    assert subscription_view(None).to_dict()["blocks"]
