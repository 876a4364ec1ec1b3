"""Shared fixtures. The seed newsletters are read from ``../shared/seeds`` (never copied)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO_ROOT.parent / "shared" / "seeds"
SEED_FOOTNOTED = SEEDS_DIR / "000_e7b1359a47fae4a1.txt"
SEED_NUMBERED = SEEDS_DIR / "002_02c25c3a61ce869d.txt"
BUNDLED_STORE = REPO_ROOT / "knowledge" / "developments.json"

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


@pytest.fixture
def seeds() -> tuple[Path, Path]:
    if not SEED_FOOTNOTED.exists() or not SEED_NUMBERED.exists():
        pytest.fail(f"seed newsletters not found in {SEEDS_DIR}")
    return SEED_FOOTNOTED, SEED_NUMBERED
