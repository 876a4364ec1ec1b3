"""Whether two words of a request ("trading rules") stand together in a development's
title or headline, for a development outside a category: the parser then reads the noun
as part of that name rather than as the category (``bot.core.query.vocabulary``
``CATEGORY_NOUNS``). Candidates come from the index's postings, so only the few records
holding both words are read. No I/O."""

from __future__ import annotations

import re

from bot.core.answers.search.index import stem
from bot.core.answers.search.snapshot import index_for
from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.model import Category
from bot.core.knowledge.store import Store
from bot.core.query.vocabulary import TitledPair


def titled_pair(store: Store, gazetteer: Gazetteer) -> TitledPair:
    """The ``TitledPair`` of ``store``: "modifier noun" in the title or a source headline
    of a development whose category is not ``category``."""

    def titled(modifier: str, noun: str, category: Category) -> bool:
        index = index_for(store, gazetteer)
        first, second = stem(modifier), stem(noun)
        both = set(index.postings.get(first, {})) & set(index.postings.get(second, {}))
        if not both:
            return False
        singular = noun[:-1] if noun.lower().endswith("s") else noun
        pair = re.compile(
            re.escape(modifier + noun)
            if not noun.isascii()  # Chinese: the characters side by side
            else rf"(?<![\w]){re.escape(first)}\w*\W+{re.escape(singular)}s?(?![\w])",
            re.IGNORECASE,
        )
        for i in both:
            dev = index.doc(i)
            if dev.category == category:
                continue
            if any(pair.search(text) for text in (dev.title, *(s.headline for s in dev.sources))):
                return True
        return False

    return titled
