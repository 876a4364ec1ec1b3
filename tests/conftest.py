"""Shared fixtures. The seed newsletters are read from ``../shared/seeds`` (never copied)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO_ROOT.parent / "shared" / "seeds"
SEED_FOOTNOTED = SEEDS_DIR / "000_e7b1359a47fae4a1.txt"
SEED_NUMBERED = SEEDS_DIR / "002_02c25c3a61ce869d.txt"
BUNDLED_STORE = REPO_ROOT / "knowledge" / "developments.json"


@pytest.fixture
def seeds() -> tuple[Path, Path]:
    if not SEED_FOOTNOTED.exists() or not SEED_NUMBERED.exists():
        pytest.fail(f"seed newsletters not found in {SEEDS_DIR}")
    return SEED_FOOTNOTED, SEED_NUMBERED
