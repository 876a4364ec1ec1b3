"""Fixtures of the state and knowledge-store tests: a fresh PostgreSQL schema per test."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.support.state import POSTGRES_ENV, postgres_schema_url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A schema of its own on the server ``.ci/run`` starts (skipped where there is none)."""
    if not os.environ.get(POSTGRES_ENV):
        pytest.skip(f"{POSTGRES_ENV} is not set (.ci/run sets it)")
    yield from postgres_schema_url()
