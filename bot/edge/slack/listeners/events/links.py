"""``link_shared``: a link to a development's page (``PUBLIC_URL/d/<id>``) or to one of its
source URLs unfurls into the development's card (``chat.unfurl``). Other links are left
alone. Source URLs are looked up in an index built once per store snapshot."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.core.answers import Router
from bot.core.knowledge import Development
from bot.core.knowledge.store import Store
from bot.edge.render.blocks.unfurl import unfurl_payload
from bot.edge.slack.background import background_of
from bot.edge.slack.replies import log_failure
from bot.settings import Settings

MAX_UNFURLS = 10
_PAGE_PATH = re.compile(r"^/d/([a-z0-9-]{1,120})/?$")


def _normal(url: str) -> str:
    """A URL compared without its scheme, ``www.``, trailing slash or fragment."""
    url = url.strip().split("#", 1)[0]
    url = re.sub(r"^https?://(www\.)?", "", url, flags=re.IGNORECASE)
    return url.rstrip("/").lower()


class SourceIndex:
    """Development by source URL, for the current store snapshot."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._by_url: dict[str, Development] = {}

    def lookup(self, store: Store, url: str) -> Development | None:
        with self._lock:
            if store is not self._store:
                index: dict[str, Development] = {}
                for dev in store.developments:
                    for link in dev.links:
                        index.setdefault(_normal(link), dev)
                self._store, self._by_url = store, index
            return self._by_url.get(_normal(url))


def development_for(
    url: str, store: Store, settings: Settings, sources: SourceIndex
) -> Development | None:
    if settings.public_url and _normal(url).startswith(_normal(settings.public_url) + "/"):
        path = "/" + _normal(url)[len(_normal(settings.public_url)) + 1 :]
        match = _PAGE_PATH.match(path.split("?", 1)[0])
        return store.get(match.group(1)) if match else None
    return sources.lookup(store, url)


def make_link_shared(router: Router, settings: Settings) -> Callable[..., None]:
    sources = SourceIndex()

    def link_shared(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        def unfurl() -> None:
            store = router.store.published  # only published developments unfurl
            unfurls: dict[str, Any] = {}
            for item in (event.get("links") or [])[:MAX_UNFURLS]:
                url = str((item or {}).get("url") or "")
                dev = development_for(url, store, settings, sources) if url else None
                if dev is not None:
                    unfurls[url] = unfurl_payload(dev, settings.page_url(dev.id))
            if not unfurls:
                return
            where: dict[str, Any] = {}
            if event.get("unfurl_id") and event.get("source"):
                where = {"unfurl_id": event["unfurl_id"], "source": event["source"]}
            else:
                where = {"channel": event.get("channel"), "ts": event.get("message_ts")}
            try:
                client.chat_unfurl(unfurls=unfurls, **where)
            except Exception as exc:
                log_failure("unfurling a link", exc)

        background_of(context).run("unfurling a link", unfurl)

    return link_shared
