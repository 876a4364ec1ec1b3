"""The bundled store as the answer tests ask it: on a day just after its newest
developments (June 2022), a page of ten; ``bundled_store()`` makes a module's fixture of
the store, loaded once per module."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from bot.core.answers.answer import Answer
from bot.core.answers.engine import answer
from bot.core.knowledge.store import Store
from tests.conftest import BUNDLED_STORE

TODAY = date(2022, 6, 15)


def ask(store: Store, text: str, *, today: date = TODAY) -> Answer:
    return answer(text, store, today=today, page_size=10)


def bundled_store() -> Callable[[], Store]:
    """A module-scoped fixture of the bundled store: ``store = bundled_store()``."""

    @pytest.fixture(scope="module")
    def store() -> Store:
        return Store.load(BUNDLED_STORE)

    return store
