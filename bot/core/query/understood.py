"""``Understood``: one filter or term read from what a user typed, as the answer and the
saved-search descriptions show it back ("region: Henan")."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Understood:
    """One filter or term the engine understood, e.g. ("region", "Henan")."""

    label: str
    value: str
