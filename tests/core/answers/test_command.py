"""The one parse of the ``/pi`` prefix and the first word, and the bounded per-gazetteer cache."""

from __future__ import annotations

import pytest

from bot.core.answers.command import PREFIX, split_command, strip_prefix
from bot.core.knowledge.gazetteer import Gazetteer, default_gazetteer
from bot.core.query.per_gazetteer import PerGazetteer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/pi fines henan", ("fines", "henan")),
        ("  /PI   Subscribe   alerts over 1m ", ("subscribe", "alerts over 1m")),
        ("latest", ("latest", "")),
        ("/pi", ("", "")),
        ("", ("", "")),
        ("/pizza party", ("/pizza", "party")),
    ],
)
def test_split_command(text: str, expected: tuple[str, str]) -> None:
    assert split_command(text) == expected


def test_strip_prefix_keeps_the_rest_as_typed() -> None:
    assert PREFIX == "/pi"
    assert strip_prefix("/pi CBIRC  drafts") == "CBIRC  drafts"


def test_per_gazetteer_cache_is_bounded_and_keyed_by_identity() -> None:
    built: list[int] = []

    def build(gaz: Gazetteer) -> int:
        built.append(1)
        return len(built)

    cache = PerGazetteer(build, size=2)
    base = default_gazetteer()
    first = cache(base)
    assert cache(base) == first and len(built) == 1
    for _ in range(5):
        cache(Gazetteer(base.data))
    assert len(cache) == 2
