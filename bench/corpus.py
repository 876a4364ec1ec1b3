"""A deterministic synthetic knowledge store of N developments, for benchmarks only.

Recombines the real records' facts (regions, authorities, sectors, topics, entities,
penalty amounts) with dates spread over ten years. Written as a valid knowledge store in a
folder you choose (a temporary one by default); never committed, never mixed with the real
store. The real developments are included too, so relevance queries still have answers.

    python -m bench.corpus 10000 /tmp/pi-bench-10k
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from bot.core.knowledge.gazetteer import Gazetteer, default_gazetteer
from bot.core.knowledge.model import (
    BearerType,
    Category,
    Development,
    KnowledgeFile,
    Newsletter,
    Penalty,
    PenaltyKind,
    Source,
    Status,
)
from bot.core.knowledge.store import STORE_FILE_NAME, Store, default_store_path, write_knowledge

START = date(2015, 1, 1)
DAYS = 3652  # ten years
SYNTHETIC_NEWSLETTER = "bench-synthetic"

_ACTIONS: dict[Category, list[tuple[str, Status | None]]] = {
    Category.REGULATION: [
        ("issues draft measures on {topic}", Status.DRAFT),
        ("adopts regulations on {topic}", Status.ADOPTED),
        ("publishes a national standard on {topic}", Status.ADOPTED),
        ("announces legislative plan covering {topic}", Status.PROPOSED),
    ],
    Category.ENFORCEMENT: [
        ("fines {entity} over {topic}", None),
        ("orders {entity} to rectify {topic} violations", None),
        ("reports apps with {topic} problems", None),
        ("launches inspection campaign on {topic}", None),
    ],
    Category.COURT: [
        ("court rules against {entity} in {topic} case", None),
        ("procuratorate files public interest suit on {topic}", None),
        ("court orders {entity} to pay compensation for {topic}", None),
    ],
    Category.INDUSTRY: [
        ("{entity} releases white paper on {topic}", None),
        ("industry alliance launches {topic} platform", None),
    ],
}


def _pick(rng: random.Random, items: list[str], k_max: int) -> tuple[str, ...]:
    k = rng.randint(1, k_max)
    return tuple(dict.fromkeys(rng.choice(items) for _ in range(k)))


def generate(n: int, *, seed: int = 7, real: Store | None = None) -> KnowledgeFile:
    """``n`` developments: the real ones (if given) plus synthetic ones up to ``n``."""
    rng = random.Random(seed)
    gaz: Gazetteer = default_gazetteer()
    real_devs = list(real.developments) if real else []
    regions = [r.name for r in gaz.data.regions]
    authorities = gaz.names("authorities")
    sectors = gaz.names("sectors")
    topics = gaz.names("topics")
    entities = gaz.names("entities") + sorted({e for d in real_devs for e in d.entities})
    amounts = sorted({p.amount for d in real_devs for p in d.penalties}) or [
        Decimal(2000),
        Decimal(30000),
        Decimal(200000),
        Decimal(5500000),
    ]
    added = datetime(2025, 1, 1, tzinfo=UTC)
    developments: list[Development] = list(real_devs[:n])
    categories = list(_ACTIONS)
    for i in range(max(0, n - len(developments))):
        category = rng.choices(categories, weights=[35, 40, 15, 10])[0]
        template, status = rng.choice(_ACTIONS[category])
        topic = rng.choice(topics)
        entity = rng.choice(entities)
        region = rng.choice(regions)
        authority = rng.choice(authorities)
        day = START + timedelta(days=rng.randrange(DAYS))
        action = template.format(topic=topic, entity=entity)
        title = f"{authority} ({region}) {action}"
        penalties: tuple[Penalty, ...] = ()
        if category == Category.ENFORCEMENT and "fines" in template:
            amount = rng.choice(amounts) * rng.choice([1, 2, 5, 10])
            penalties = (Penalty(amount=amount, kind=PenaltyKind.FINE, bearer=entity),)
        elif category == Category.COURT and "compensation" in template:
            penalties = (
                Penalty(
                    amount=Decimal(rng.randrange(1, 500) * 1000),
                    kind=PenaltyKind.COMPENSATION,
                    bearer=entity,
                    bearer_type=BearerType.ENTITY,
                ),
            )
        region_chain = tuple(gaz.region_with_ancestors([region]))
        developments.append(
            Development(
                id=f"{day.isoformat()}-synthetic-{i:06d}",
                date=day,
                added_at=added,
                category=category,
                status=status,
                title=title,
                summary=(
                    f"Synthetic benchmark record: {authority} in {region} {action}. "
                    f"It concerns {', '.join(_pick(rng, sectors, 2))} and {topic}."
                ),
                authorities=(authority,),
                regions=region_chain,
                sectors=_pick(rng, sectors, 2),
                topics=(topic, *_pick(rng, topics, 2)),
                entities=(entity,),
                penalties=penalties,
                sources=(
                    Source(
                        newsletter=SYNTHETIC_NEWSLETTER,
                        ref=f"Synthetic #{i + 1}",
                        headline=title,
                        url=f"https://example.invalid/bench/{i}",
                    ),
                ),
                reviewed=True,
            )
        )
    newsletters = list(real.newsletters) if real else []
    newsletters.append(
        Newsletter(
            id=SYNTHETIC_NEWSLETTER,
            title="Synthetic benchmark corpus",
            issue_month="2025-01",
            file_name="(generated)",
            sha256="0" * 64,
            ingested_at=added,
        )
    )
    return KnowledgeFile(newsletters=tuple(newsletters), developments=tuple(developments))


def write_corpus(n: int, folder: Path, *, seed: int = 7) -> Path:
    """Write the corpus as ``folder/developments.json`` and return its path."""
    real = Store.load(default_store_path())
    path = folder / STORE_FILE_NAME
    write_knowledge(path, generate(n, seed=seed, real=real))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__)
    parser.add_argument("n", type=int, help="number of developments")
    parser.add_argument("folder", type=Path, help="where to write developments.json")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    path = write_corpus(args.n, args.folder, seed=args.seed)
    print(f"wrote {args.n} developments to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
