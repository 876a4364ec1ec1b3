"""Parsed newsletters shared by the ingestion tests (parsing is pure, so parse once): the
seeds (skipped without them) and the fixture newsletters written for the tests.

``pair`` gives both sources in turn, so one suite checks the parser and the merge on each:
a test looks up what it expects of the source in a table keyed by ``pair.name``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.parse import ParsedItem, ParsedNewsletter, parse_file
from tests.conftest import (
    FIXTURE_FOOTNOTED,
    FIXTURE_NUMBERED,
    SEED_FOOTNOTED,
    SEED_MERGED_REFS,
    SEED_NUMBERED,
    seed_paths,
)

NOW = dt.datetime(2022, 6, 10, 8, 30, tzinfo=dt.UTC)
FOOTNOTED_ID = SEED_FOOTNOTED.stem
NUMBERED_ID = SEED_NUMBERED.stem
FIXTURE_FOOTNOTED_ID = FIXTURE_FOOTNOTED.stem
FIXTURE_NUMBERED_ID = FIXTURE_NUMBERED.stem

FIXTURE_MERGED_REFS = (
    # (ref in the footnoted fixture, ref in the numbered fixture), as SEED_MERGED_REFS
    ("Headlines #2", "Regulatory Developments #5"),
    ("Headlines #3", "Regulatory Developments #1"),
    ("Headlines #4", "Regulatory Developments #4"),
    ("Enforcement Authority #1", "Industry Developments #2"),
    ("Enforcement Authority #3", "Regulatory Developments #3"),
    ("Enforcement Authority #4", "Enforcement Developments #4"),
    ("Enforcement Cases #3", "Enforcement Developments #8"),
    ("Enforcement Cases #4", "Enforcement Developments #9"),
    ("Courts Litigation #1", "Enforcement Developments #5"),
    ("Courts Litigation #2", "Enforcement Developments #3"),
    ("Courts Litigation #3", "Enforcement Developments #2"),
)
FIXTURE_NEAR_MISS = ("Courts Litigation #3", "Enforcement Developments #2")
"""As SEED_NEAR_MISS: the hearing (28 April) and its outcome (10 May) stay apart, flagged."""


@pytest.fixture(scope="session")
def footnoted() -> ParsedNewsletter:
    return parse_file(seed_paths()[0], default_gazetteer())


@pytest.fixture(scope="session")
def numbered() -> ParsedNewsletter:
    return parse_file(seed_paths()[1], default_gazetteer())


@pytest.fixture(scope="session")
def footnoted_fixture() -> ParsedNewsletter:
    return parse_file(FIXTURE_FOOTNOTED, default_gazetteer())


@pytest.fixture(scope="session")
def numbered_fixture() -> ParsedNewsletter:
    return parse_file(FIXTURE_NUMBERED, default_gazetteer())


@dataclass(frozen=True)
class NewsletterPair:
    """One newsletter in each seed layout, and the reports the two share."""

    name: str  # "seeds" or "fixtures": the key of each test's expectations
    footnoted: ParsedNewsletter
    numbered: ParsedNewsletter
    merged_refs: tuple[tuple[str, str], ...]  # (footnoted ref, numbered ref) of one development

    @property
    def both(self) -> tuple[ParsedNewsletter, ParsedNewsletter]:
        return self.footnoted, self.numbered


SOURCES = ("seeds", "fixtures")


@pytest.fixture(scope="session", params=SOURCES)
def pair(request: pytest.FixtureRequest) -> NewsletterPair:
    """The seed newsletters (skipped without them), then the fixture newsletters."""
    if request.param == "seeds":
        return NewsletterPair(
            "seeds",
            request.getfixturevalue("footnoted"),
            request.getfixturevalue("numbered"),
            SEED_MERGED_REFS,
        )
    return NewsletterPair(
        "fixtures",
        request.getfixturevalue("footnoted_fixture"),
        request.getfixturevalue("numbered_fixture"),
        FIXTURE_MERGED_REFS,
    )


NewsletterFiles = tuple[str, Path, Path]
"""A source's name ("seeds" or "fixtures") and its footnoted and numbered files."""


@pytest.fixture(params=SOURCES)
def newsletter_files(request: pytest.FixtureRequest) -> NewsletterFiles:
    """The seed newsletters' files (skipped without them), then the fixture newsletters'."""
    if request.param == "seeds":
        return ("seeds", *seed_paths())
    return ("fixtures", FIXTURE_FOOTNOTED, FIXTURE_NUMBERED)


def item(newsletter: ParsedNewsletter, ref: str) -> ParsedItem:
    found = [i for i in newsletter.items if i.ref == ref]
    assert len(found) == 1, f"{ref} not found once in {newsletter.id}"
    return found[0]
