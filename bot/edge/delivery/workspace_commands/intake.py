"""The editors' intake commands answered from the state database: ``sources`` (the watched
feeds and pages, ``sources_desk`` beside it; an address the guarded fetch would refuse is
never added) and ``review`` (the review queue, ``bot.core.knowledge.review_queue``).
The router lets only editors reach them. Replies are plain text (names and addresses are
editors' text): the renderers escape them for Slack."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.answers.answer import Answer, AnswerKind
from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.review_queue import queue_lines, review_queue
from bot.edge.addresses import FetchAllow, address_problem
from bot.edge.delivery.workspace_commands.services import Origin, Services, error
from bot.edge.delivery.workspace_commands.sources_desk import SourcesDesk
from bot.edge.state.sources import IntakeRepository

MESSAGE_LIMIT = 2900


def knowledge_of(services: Services) -> KnowledgeFile:
    """The store as the process serves it (not validated again)."""
    if services.store is None:
        return KnowledgeFile()
    store = services.store()
    return KnowledgeFile.model_construct(
        newsletters=store.newsletters, developments=store.developments
    )


def _message(lines: list[str]) -> str:
    text = "\n".join(lines)  # plain text: the renderers escape a message
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"


def sources_command(services: Services, text: str, rest: Sequence[str], ctx: Origin) -> Answer:
    allow = FetchAllow.parse(services.settings.pi_fetch_allow)
    desk = SourcesDesk(
        IntakeRepository(services.repo.engine),
        lambda: knowledge_of(services),
        services.now,
        check_address=lambda url: address_problem(url, allow),
    )
    reply = desk.run(" ".join(rest), user=ctx.user_id)
    if not reply.ok:
        return error(text, "Nothing was changed.", _message(reply.lines))
    headline = "Watched sources" if not rest else "Done."
    return Answer(
        kind=AnswerKind.NOTICE, query=text, headline=headline, message=_message(reply.lines)
    )


def review_command(services: Services, text: str, rest: Sequence[str], ctx: Origin) -> Answer:
    lines = queue_lines(review_queue(knowledge_of(services)))
    return Answer(
        kind=AnswerKind.NOTICE, query=text, headline="The review queue", message=_message(lines)
    )
