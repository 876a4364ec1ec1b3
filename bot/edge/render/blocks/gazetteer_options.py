"""Regions and authorities from the gazetteer as select-menu options, with type-ahead:
what the user types is matched against every name and alias, Chinese names included
(``河南`` finds Henan, ``网信`` finds CAC). The option's value is the canonical name."""

from __future__ import annotations

import re
from typing import Literal

from slack_sdk.models.blocks import Option

from bot.core.knowledge import Gazetteer, default_gazetteer, normalise

PickKind = Literal["regions", "authorities"]
MAX_OPTIONS = 100
"""Slack shows at most 100 options in an external select."""
LABEL_LIMIT = 75
"""Slack's limit on an option's text."""

_CJK = re.compile(r"[\u3400-\u9fff]")


def _label(kind: PickKind, name: str, gaz: Gazetteer) -> str:
    if kind == "regions":
        entry = gaz.regions_by_name.get(name)
        aliases: tuple[str, ...] = entry.aliases if entry else ()
        label = name
    else:
        authority = gaz.authorities_by_name.get(name)
        aliases = authority.aliases if authority else ()
        label = name
        if authority and authority.full_name and authority.full_name != name:
            label = f"{name}: {authority.full_name}"
    chinese = next((a for a in aliases if _CJK.search(a)), None)
    if chinese:
        label = f"{label} ({chinese})"
    if len(label) > LABEL_LIMIT:
        label = label[: LABEL_LIMIT - 1] + "…"
    return label


def option(kind: PickKind, name: str, gazetteer: Gazetteer | None = None) -> Option:
    gaz = gazetteer or default_gazetteer()
    return Option(value=name[:150], label=_label(kind, name, gaz))


def matching_options(
    kind: PickKind, typed: str, gazetteer: Gazetteer | None = None, *, limit: int = MAX_OPTIONS
) -> list[Option]:
    """Options whose name or an alias contains ``typed`` (any case); names that start with
    it first, then in the gazetteer's order. Empty ``typed``: the first ``limit``."""
    gaz = gazetteer or default_gazetteer()
    wanted = normalise(typed).strip().casefold()
    entries = gaz.data.regions if kind == "regions" else gaz.data.authorities
    starts: list[str] = []
    contains: list[str] = []
    for entry in entries:
        spellings = [normalise(s).casefold() for s in (entry.name, *entry.aliases)]
        full = getattr(entry, "full_name", None)
        if full:
            spellings.append(normalise(full).casefold())
        if any(s.startswith(wanted) for s in spellings):
            starts.append(entry.name)
        elif any(wanted in s for s in spellings):
            contains.append(entry.name)
    names = list(dict.fromkeys([*starts, *contains]))[:limit]
    return [option(kind, name, gaz) for name in names]


def known(kind: PickKind, names: list[str], gazetteer: Gazetteer | None = None) -> tuple[str, ...]:
    """The canonical names among ``names`` (what a submitted form may carry)."""
    gaz = gazetteer or default_gazetteer()
    found = [gaz.canonical(kind, name) for name in names]
    return tuple(dict.fromkeys(name for name in found if name))
