"""One batch of review cards: a card per development waiting for review (what is probably
not a development last, collapsed) and, for more than one, an "Approve all unflagged"
message. The desk (files, addresses, e-mails) and the clock's ``poll_sources`` post the
same batch through the delivery ledger, so a batch sent again posts only what is missing.
"""

from __future__ import annotations

from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.intake import flags
from bot.core.knowledge.model import Development, KnowledgeFile
from bot.edge.delivery.outgoing import Outgoing
from bot.edge.render.blocks.review import approve_all_message, probably_not, review_card


def review_batch(
    pending: list[Development],
    knowledge: KnowledgeFile,
    gazetteer: Gazetteer,
    newsletter: str,
    *,
    channel: str,
    thread: str | None,
    batch: str,
) -> list[Outgoing]:
    """The ledger entries of one batch in ``channel`` (in ``thread`` when given); ``batch``
    names it, so its "approve all" message is posted once."""
    items = []
    for dev in sorted(pending, key=probably_not):
        card = review_card(dev, flags(dev, knowledge, gazetteer)).to_dict()
        items.append(Outgoing(channel, "review", dev.id, ({**card, "thread_ts": thread},)))
    unflagged = [d for d in pending if not flags(d, knowledge, gazetteer)]
    if len(pending) > 1:
        message = approve_all_message(
            newsletter, len(unflagged), len(pending) - len(unflagged)
        ).to_dict()
        key = f"all:{newsletter}:{batch}"
        items.append(Outgoing(channel, "review", key, ({**message, "thread_ts": thread},)))
    return items
