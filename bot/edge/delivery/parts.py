"""How a posted part is found again: every message carries metadata naming its delivery
and part, every shared file a tag in its name, so a retried delivery reads the channel's history
and re-sends only what is missing."""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import re
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.notify import Claim
from bot.edge.delivery.outgoing import Undelivered, raise_if_final

METADATA_EVENT_TYPE = "pi_delivery"


def posted_parts(
    reader: WebClient, claim: Claim, thread_ts: str | None = None, *, pages: int = 20
) -> dict[int, str]:
    """Parts of this delivery found in the channel's history (or, for a reply, in the
    thread's replies), by part number -> ts.

    Raises ``Undelivered`` when the history cannot be read: then nobody knows whether
    the parts went out, and posting again could duplicate them."""
    oldest = claim.first_claimed_at - dt.timedelta(minutes=10)
    found: dict[int, str] = {}
    cursor: str | None = None
    for _page in range(pages):
        try:
            if thread_ts:
                response = reader.conversations_replies(
                    channel=claim.channel_id,
                    ts=thread_ts,
                    oldest=f"{oldest.timestamp():.6f}",
                    include_all_metadata=True,
                    limit=200,
                    cursor=cursor,
                )
            else:
                response = reader.conversations_history(
                    channel=claim.channel_id,
                    oldest=f"{oldest.timestamp():.6f}",
                    include_all_metadata=True,
                    limit=200,
                    cursor=cursor,
                )
        except SlackApiError as exc:
            code = str(exc.response.get("error") or "")
            raise_if_final(code)
            raise Undelivered(
                f"cannot check the channel's history for messages already posted "
                f"({code or exc.response.status_code}); not re-sending to avoid a duplicate"
            ) from exc
        except (URLError, OSError, http.client.HTTPException) as exc:
            raise Undelivered(
                "cannot reach Slack to check for messages already posted; "
                "not re-sending to avoid a duplicate"
            ) from exc
        for message in response.get("messages") or []:
            part = our_part(message, claim.kind, claim.key)
            if part is not None:
                found.setdefault(part, str(message.get("ts")))
        cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
        if not response.get("has_more") or not cursor:
            return found
    raise Undelivered("the channel's history is too long to check; not re-sending")


def thread_of(messages: list[dict[str, Any]]) -> str | None:
    """The thread a delivery replies in (its messages all go to one place), if any."""
    return str(messages[0].get("thread_ts") or "") or None if messages else None


def _file_tag(kind: str, key: str) -> str:
    return hashlib.sha256(f"{kind}|{key}".encode()).hexdigest()[:10]


_TAGGED = re.compile(r"--p(?P<part>\d+)-(?P<tag>[0-9a-f]{10})(?:\.\w+)?$")


def tagged_filename(filename: str, kind: str, key: str, index: int) -> str:
    """``chart.png`` -> ``chart--p1-<tag>.png``: the part and a tag of (kind, key)."""
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""
    return f"{stem}--p{index}-{_file_tag(kind, key)}" + (f".{ext}" if ext else "")


def _our_file_part(message: dict[str, Any], kind: str, key: str) -> int | None:
    for file in message.get("files") or []:
        match = _TAGGED.search(str(file.get("name") or ""))
        if match and match.group("tag") == _file_tag(kind, key):
            return int(match.group("part"))
    return None


def our_part(message: dict[str, Any], kind: str, key: str) -> int | None:
    if message.get("files"):
        return _our_file_part(message, kind, key)
    metadata = message.get("metadata") or {}
    if metadata.get("event_type") != METADATA_EVENT_TYPE:
        return None
    payload = metadata.get("event_payload") or {}
    if payload.get("kind") != kind or payload.get("key") != key:
        return None
    part = payload.get("part")
    return part if isinstance(part, int) else None
