"""Shared fixtures.

The seed newsletters are read from ``../shared/seeds`` beside the repository (never copied
into it; ``PI_SEEDS_DIR`` names another folder). On a clone of the repository alone the
tests that read them are skipped, and the fixture newsletters in ``tests/fixtures/`` keep
the parser covered.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = Path(os.environ.get("PI_SEEDS_DIR") or REPO_ROOT.parent / "shared" / "seeds")
SEED_FOOTNOTED = SEEDS_DIR / "000_e7b1359a47fae4a1.txt"
SEED_NUMBERED = SEEDS_DIR / "002_02c25c3a61ce869d.txt"
SEEDS_PRESENT = SEED_FOOTNOTED.is_file() and SEED_NUMBERED.is_file()
SEEDS_MISSING = (
    f"seed newsletters not found in {SEEDS_DIR} (they live beside the repository, in "
    "../shared/seeds; PI_SEEDS_DIR names another folder)"
)
BUNDLED_STORE = REPO_ROOT / "knowledge" / "developments.json"
FIXTURE_NEWSLETTERS = REPO_ROOT / "tests" / "fixtures" / "newsletters"
FIXTURE_FOOTNOTED = FIXTURE_NEWSLETTERS / "footnoted_layout.txt"
FIXTURE_NUMBERED = FIXTURE_NEWSLETTERS / "numbered_layout.txt"
"""Newsletters written for the tests in the two seed layouts (our own words, May 2022)."""

pytest_plugins = [
    "tests.support.developments",  # store: a small hand-built store
    "tests.support.state_fixtures",  # db_url, repo, sqlite_url: a fresh state database
    "tests.support.slack_fixtures",  # bot, sync_bot: the Slack app against the fake Web API
]

SEED_MERGED_REFS = (
    # (ref in the footnoted seed, ref in the numbered seed): the same development reported by
    # both newsletters, which must become one record with both sources
    ("Headlines #2", "Regulatory Developments #10"),
    ("Headlines #3", "Regulatory Developments #1"),
    ("Headlines #4", "Regulatory Developments #7"),
    ("Enforcement Authority #1", "Industry Developments #2"),
    ("Enforcement Authority #3", "Regulatory Developments #6"),
    ("Enforcement Authority #5", "Enforcement Developments #5"),
    ("Enforcement Cases #3", "Enforcement Developments #12"),
    ("Enforcement Cases #4", "Enforcement Developments #13"),
    ("Courts Litigation #1", "Enforcement Developments #6"),
    ("Courts Litigation #3", "Enforcement Developments #4"),
    ("Courts Litigation #4", "Enforcement Developments #3"),
)
SEED_NEAR_MISS = ("Courts Litigation #4", "Enforcement Developments #3")
"""The editors merged the hearing (28 April) with the report dated by its outcome (10 May);
``ingest`` keeps reports 12 days apart apart, and flags the pair as a near miss."""


def seed_paths() -> tuple[Path, Path]:
    """The two seed newsletters (footnoted, numbered); without them the test asking is
    skipped, the reason naming the folder (failed instead when ``PI_REQUIRE_SEEDS`` is set,
    for CI runs that must read them). Every test that reads the seeds comes here."""
    if not SEEDS_PRESENT:
        if os.environ.get("PI_REQUIRE_SEEDS"):
            pytest.fail(f"{SEEDS_MISSING}; PI_REQUIRE_SEEDS is set")
        pytest.skip(SEEDS_MISSING)
    return SEED_FOOTNOTED, SEED_NUMBERED


@pytest.fixture
def seeds() -> tuple[Path, Path]:
    return seed_paths()
