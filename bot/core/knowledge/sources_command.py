"""``sources`` as typed: ``sources``, ``sources add URL [hourly|daily|weekly] [NAME]``,
``sources remove URL|N`` -- the same words in Slack (``/pi sources ...``) and the CLI.

Pure parsing; a malformed command is a ``SourcesUsageError`` whose message says what to
type instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, cast

from bot.core.knowledge.watch import CADENCES, DEFAULT_CADENCE, MAX_NAME_CHARS, Cadence

USAGE = (
    "`sources` lists the watched feeds and pages; `sources add URL [hourly|daily|weekly] "
    "[NAME]` watches one; `sources remove URL` or `sources remove N` (its number in the "
    "list) stops watching it."
)
_SLACK_LINK = re.compile(r"^<(https?://[^|>]+)(?:\|[^>]*)?>$")
"""Slack sends a pasted address as ``<https://...>`` or ``<https://...|label>``."""


class SourcesUsageError(ValueError):
    """The command is not one the ``sources`` command takes; the message says why."""


@dataclass(frozen=True)
class SourcesCommand:
    action: Literal["list", "add", "remove"]
    url: str | None = None
    cadence: Cadence = DEFAULT_CADENCE
    name: str = ""
    number: int | None = None
    """``remove N``: the source's number in the list (1-based)."""


def unwrap_link(word: str) -> str:
    """An address as typed or as Slack formats it."""
    match = _SLACK_LINK.match(word.strip())
    return match.group(1) if match else word.strip()


def is_address(word: str) -> bool:
    return word.lower().startswith(("http://", "https://")) and len(word) > len("https://")


def parse_sources_command(rest: str) -> SourcesCommand:
    """What follows the word ``sources``."""
    words = rest.split()
    if not words or words[0].lower() in {"list", "ls"}:
        if len(words) > 1:
            raise SourcesUsageError(f"`sources list` takes nothing more. {USAGE}")
        return SourcesCommand("list")
    verb, args = words[0].lower(), words[1:]
    if verb == "add":
        return _add(args)
    if verb in {"remove", "rm", "delete"}:
        return _remove(args)
    raise SourcesUsageError(f"I don't know `sources {verb}`. {USAGE}")


def _add(args: list[str]) -> SourcesCommand:
    if not args:
        raise SourcesUsageError(f"`sources add` needs the address of a feed or page. {USAGE}")
    url = unwrap_link(args[0])
    if not is_address(url):
        raise SourcesUsageError(
            f"`sources add` takes an http:// or https:// address first. {USAGE}"
        )
    cadence: Cadence = DEFAULT_CADENCE
    rest = args[1:]
    if rest and rest[0].lower() in CADENCES:
        cadence = cast(Cadence, rest[0].lower())
        rest = rest[1:]
    name = " ".join(rest)
    if len(name) > MAX_NAME_CHARS:
        raise SourcesUsageError(f"A source's name has {MAX_NAME_CHARS} characters at most.")
    return SourcesCommand("add", url=url, cadence=cadence, name=name)


def _remove(args: list[str]) -> SourcesCommand:
    if len(args) != 1:
        raise SourcesUsageError(f"`sources remove` takes one address or number. {USAGE}")
    target = unwrap_link(args[0])
    if target.isdigit():
        number = int(target)
        if number < 1:
            raise SourcesUsageError("Sources are numbered from 1 (see `sources`).")
        return SourcesCommand("remove", number=number)
    if not is_address(target):
        raise SourcesUsageError(f"`sources remove` takes an address or a number. {USAGE}")
    return SourcesCommand("remove", url=target)
