"""Random writes to a store, as deltas: approvals, withdrawals, edits of dates and text, new
records and removed ones (for tests that apply them incrementally and compare the result
with a store built from scratch)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from bot.core.knowledge.model import Development, KnowledgeFile
from bot.core.knowledge.store import Delta, default_store_path, read_knowledge

DATES = [dt.date(2021, 1, 1) + dt.timedelta(days=41 * n) for n in range(12)]


def start(rng: random.Random, extra: int = 150) -> KnowledgeFile:
    """The bundled store plus ``extra`` copies of its records under new ids, on a few dates
    (so many records share a day and the order falls back on ids), some unreviewed."""
    real = read_knowledge(default_store_path())
    copies = [_copy(rng, rng.choice(real.developments), n) for n in range(extra)]
    return real.model_copy(update={"developments": (*real.developments, *copies)})


def _copy(rng: random.Random, dev: Development, n: int) -> Development:
    day = rng.choice(DATES)
    return dev.model_copy(
        update={
            "id": f"{day.isoformat()}-copy-{n:04d}-{rng.randrange(10**6)}",
            "date": day,
            "reviewed": rng.random() < 0.7,
            "withdrawn": rng.random() < 0.05,
        }
    )


def deltas(rng: random.Random, knowledge: KnowledgeFile, steps: int) -> Iterator[Delta]:
    """``steps`` deltas of one to four changes each, applied to ``knowledge`` in turn."""
    current = {d.id: d for d in knowledge.developments}
    revision = knowledge.revision
    for step in range(steps):
        revision += 1
        changed: dict[str, Development] = {}
        removed: list[str] = []
        for _ in range(rng.randint(1, 4)):
            ids = sorted(set(current) - set(removed))
            dev = changed.get(picked := rng.choice(ids)) or current[picked]
            other = current[rng.choice(ids)]
            kind = rng.choice(("approve", "withdraw", "date", "text", "add", "remove"))
            if kind == "approve":
                new = dev.model_copy(update={"reviewed": not dev.reviewed, "withdrawn": False})
            elif kind == "withdraw":
                new = dev.model_copy(update={"withdrawn": True})
            elif kind == "date":
                new = dev.model_copy(update={"date": rng.choice([*DATES, other.date])})
            elif kind == "text":
                new = dev.model_copy(
                    update={"title": other.title, "summary": f"{dev.summary} {other.title}"}
                )
            elif kind == "add":
                new = _copy(rng, other, 10_000 + step)
            else:
                changed.pop(dev.id, None)
                removed.append(dev.id)
                continue
            changed[new.id] = new
        for dev_id in removed:
            current.pop(dev_id, None)
        current.update(changed)
        yield Delta(revision=revision, developments=tuple(changed.values()), removed=tuple(removed))


def as_knowledge(base: KnowledgeFile, developments: tuple[Development, ...]) -> KnowledgeFile:
    return base.model_copy(update={"developments": developments})
