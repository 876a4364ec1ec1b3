"""Small builders for the state and scheduler tests: developments, stores, databases."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.core.knowledge.model import (
    Category,
    Development,
    KnowledgeFile,
    Penalty,
    Source,
    Status,
)
from bot.core.knowledge.store import Store, write_knowledge

UTC = dt.UTC


def dev(
    slug: str,
    day: dt.date,
    *,
    category: Category = Category.ENFORCEMENT,
    regions: tuple[str, ...] = ("national",),
    fine: int | None = None,
    added_at: dt.datetime | None = None,
    title: str | None = None,
    status: Status | None = None,
    effective_date: dt.date | None = None,
    comment_deadline: dt.date | None = None,
    summary: str | None = None,
    sources: int = 1,
    reviewed: bool = True,
    reviewed_at: dt.datetime | None = None,
) -> Development:
    """A development as the notification tests need it: reviewed (publishable) unless told."""
    penalties = (Penalty(amount=Decimal(fine), bearer="Example Co."),) if fine else ()
    return Development(
        id=f"{day.isoformat()}-{slug}",
        date=day,
        added_at=added_at or dt.datetime.combine(day, dt.time(12), tzinfo=UTC),
        category=category,
        title=title or f"Regulator acts against {slug.replace('-', ' ')}",
        summary=summary
        or f"A regulator took action in the matter called {slug}, with details to follow.",
        status=status,
        effective_date=effective_date,
        comment_deadline=comment_deadline,
        regions=regions,
        penalties=penalties,
        reviewed=reviewed,
        reviewed_at=reviewed_at,
        sources=tuple(
            Source(
                newsletter=f"test-news-{n}" if n else "test-news",
                ref=f"Enforcement Cases #{slug}",
                headline=f"Headline about {slug}",
                url=f"https://example.com/{slug}",
            )
            for n in range(sources)
        ),
    )


def store_of(*devs: Development) -> Store:
    return Store.from_knowledge(KnowledgeFile(developments=devs))


def write_store(path: Path, *devs: Development) -> Path:
    write_knowledge(path, KnowledgeFile(developments=devs))
    return path


POSTGRES_ENV = "PI_TEST_POSTGRES_URL"


def postgres_schema_url() -> Iterator[str]:
    """A URL whose connections use a fresh PostgreSQL schema, dropped afterwards."""
    base = os.environ[POSTGRES_ENV]
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, pool_pre_ping=True)  # survives a server restart in a test
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def postgres_processes() -> list[int]:
    """The postmaster of the test cluster and every process it started."""
    pid_file = Path(os.environ["PI_TEST_PG_DATA"]) / "postmaster.pid"
    postmaster = int(pid_file.read_text().split()[0])
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == postmaster:
            children.append(int(stat.parent.name))
    return [postmaster, *children]
