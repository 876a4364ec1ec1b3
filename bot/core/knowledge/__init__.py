"""The knowledge: the models of developments and newsletters, the gazetteer of places and
authorities, the review rule (``is_published``) and the store's checks. The edge imports
these names from here; the store is ``bot.core.knowledge.store``, the editors' intake
``bot.core.knowledge.intake`` and the newsletter readers ``bot.core.knowledge.ingest``."""

from bot.core.knowledge.gazetteer import Gazetteer, default_gazetteer, normalise
from bot.core.knowledge.model import (
    Category,
    Development,
    KnowledgeFile,
    Newsletter,
    Penalty,
    Source,
    Status,
)
from bot.core.knowledge.review import is_pending, is_published
from bot.core.knowledge.validate import (
    Level,
    Problem,
    check_knowledge,
    has_errors,
    validate_store_file,
)

__all__ = [
    "Category",
    "Development",
    "Gazetteer",
    "KnowledgeFile",
    "Level",
    "Newsletter",
    "Penalty",
    "Problem",
    "Source",
    "Status",
    "check_knowledge",
    "default_gazetteer",
    "has_errors",
    "is_pending",
    "is_published",
    "normalise",
    "validate_store_file",
]
