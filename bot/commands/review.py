"""``python -m bot review [show ID | approve ID... | withdraw ID [--reason TEXT] |
merge ID TARGET]``: the
editors' review from the terminal, on the deployment's store (or ``--store``).

With no words: the queue (each newsletter with developments waiting, oldest first), then
every waiting development with its flags, most doubtful last, as the review card lists them.
``approve`` publishes; ``withdraw`` takes a development out of what users see (a pending one
is discarded); ``merge`` folds a duplicate into the development it reports (the target gains
its sources). Each change is recorded in the development's history under ``cli:<user>``
(or ``--by``), exactly as an approval in Slack is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from collections.abc import Mapping

from bot.commands import add_store_argument, knowledge_backend
from bot.core.knowledge.model import Development, KnowledgeFile
from bot.core.knowledge.review import (
    Actor,
    ReviewError,
    approved,
    find,
    history_lines,
    is_pending,
    merging,
    withdrawn,
)
from bot.core.knowledge.review_queue import queue_lines, review_queue
from bot.core.knowledge.store import KnowledgeBackend, StoreError

HELP = (
    "the editors' review from the terminal: list what waits (with flags), "
    "show ID, approve ID..., withdraw ID [--reason TEXT], merge ID TARGET"
)
ACTIONS = ("show", "approve", "withdraw", "merge")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_store_argument(parser)
    parser.add_argument(
        "action", nargs="?", choices=ACTIONS, help="nothing: list what waits for review"
    )
    parser.add_argument("ids", nargs="*", metavar="ID", help="development ids")
    parser.add_argument("--reason", help="why it is withdrawn (kept in its history)")
    parser.add_argument("--by", help="who reviews (default: cli:<your user name>)")


def run(args: argparse.Namespace) -> int:
    try:
        backend = knowledge_backend(args)
        knowledge = _load(backend)
    except StoreError as exc:
        print(f"review: {exc}", file=sys.stderr)
        return 1
    if args.action is None:
        print("\n".join(waiting_lines(knowledge)))
        return 0
    if not args.ids:
        print(f"review {args.action}: name the development id(s)", file=sys.stderr)
        return 2
    known = {d.id: d for d in knowledge.developments}
    unknown = [i for i in args.ids if i not in known]
    if unknown:
        print(f"review: no development has the id {', '.join(unknown)}", file=sys.stderr)
        return 1
    if args.action == "merge" and len(args.ids) != 2:
        print("review merge: name the duplicate's id, then the target's", file=sys.stderr)
        return 2
    if args.action == "show":
        for dev_id in args.ids:
            print("\n".join(card_lines(known[dev_id])))
        return 0
    actor = Actor(args.by or f"cli:{getpass.getuser()}", dt.datetime.now(dt.UTC))
    try:
        lines = _change(backend, args.action, args.ids, actor, args.reason)
    except (ReviewError, StoreError) as exc:
        print(f"review {args.action}: {exc}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def _load(backend: KnowledgeBackend) -> KnowledgeFile:
    return backend.load()[0] if backend.signature() is not None else KnowledgeFile()


def _change(
    backend: KnowledgeBackend, action: str, ids: list[str], actor: Actor, reason: str | None
) -> list[str]:
    """Approve, withdraw or merge ``ids`` in one write of those developments only: all of
    them or, on an error, none."""

    def change(found: Mapping[str, Development]) -> tuple[tuple[Development, ...], list[str]]:
        current = dict(found)
        lines: list[str] = []
        if action == "merge":
            gone, grown = merging(current, ids[0], ids[1], actor, expected_version=None)
            return (gone, grown), [f"merged {gone.id} into {ids[1]}"]
        for dev_id in ids:
            dev = find(current, dev_id)
            if action == "approve":
                if not is_pending(dev):
                    lines.append(f"{dev_id}: not waiting for review; left as it is")
                    continue
                done = current[dev_id] = approved(dev, actor, expected_version=dev.version)
                lines.append(f"approved {done.id} (version {done.version})")
            else:
                done = current[dev_id] = withdrawn(dev, actor, expected_version=None, reason=reason)
                verb = "withdrawn" if done.reviewed else "discarded"
                lines.append(f"{verb} {done.id} (version {done.version})")
        return tuple(d for i, d in current.items() if d is not found.get(i)), lines

    return backend.update_developments(ids, change)


def waiting_lines(knowledge: KnowledgeFile) -> list[str]:
    """The queue, then each waiting development: id, date, title, flags; the ones that are
    probably not developments last."""
    lines = queue_lines(review_queue(knowledge))
    waiting = [d for d in knowledge.developments if is_pending(d)]
    if not waiting:
        return lines
    doubtful = [d for d in waiting if d.confidence is not None and d.confidence.probably_not]
    sure = [d for d in waiting if d not in doubtful]
    lines.append("")
    for dev in sorted(sure, key=lambda d: (d.added_at, d.id)):
        lines.extend(_summary_lines(dev))
    if doubtful:
        lines += ["", "Probably not developments (approve only if they are):"]
        for dev in sorted(doubtful, key=lambda d: (d.added_at, d.id)):
            lines.extend(_summary_lines(dev))
    return lines


def _summary_lines(dev: Development) -> list[str]:
    lines = [f"{dev.id}  {dev.date.isoformat()}  {dev.category.value}  {dev.title}"]
    lines += [f"    flag: {flag}" for flag in dev.flags]
    if dev.confidence is not None and dev.confidence.reasons:
        lines.append(
            f"    confidence {dev.confidence.score:.2f}: {'; '.join(dev.confidence.reasons)}"
        )
    return lines


def card_lines(dev: Development) -> list[str]:
    """One development as an editor checks it: facts, sources, flags, history."""
    lines = _summary_lines(dev)
    lines.append(f"    {dev.summary}")
    for penalty in dev.penalties:
        lines.append(f"    penalty: {penalty.model_dump_json(exclude_none=True)}")
    for source in dev.sources:
        link = f" {source.url}" if source.url else ""
        lines.append(f'    source: {source.newsletter} "{source.ref}"{link}')
    lines += [f"    {line}" for line in history_lines(dev)]
    return lines
