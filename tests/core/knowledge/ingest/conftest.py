"""Parsed seed newsletters, shared by the ingestion tests (parsing is pure, so parse once)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.parse import ParsedItem, ParsedNewsletter, parse_file
from tests.conftest import SEED_FOOTNOTED, SEED_NUMBERED

NOW = dt.datetime(2022, 6, 10, 8, 30, tzinfo=dt.UTC)
FOOTNOTED_ID = SEED_FOOTNOTED.stem
NUMBERED_ID = SEED_NUMBERED.stem


@pytest.fixture(scope="session")
def footnoted() -> ParsedNewsletter:
    return parse_file(SEED_FOOTNOTED, default_gazetteer())


@pytest.fixture(scope="session")
def numbered() -> ParsedNewsletter:
    return parse_file(SEED_NUMBERED, default_gazetteer())


def item(newsletter: ParsedNewsletter, ref: str) -> ParsedItem:
    found = [i for i in newsletter.items if i.ref == ref]
    assert len(found) == 1, f"{ref} not found once in {newsletter.id}"
    return found[0]
