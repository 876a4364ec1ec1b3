"""What ``serve``'s gunicorn master loads once for all its workers.

The master reads the store and builds the search index of what users see before gunicorn
forks the workers; each worker starts with both already in memory and shares their pages
with the master and the other workers (copy-on-write) instead of reading and indexing the
store again. What a process must own stays out of the master: no refresher thread, no
``LISTEN`` connection and no pooled database connection exists at the fork (the store's
connections are closed first); each worker opens its own (``build_runtime`` starts the
refresher), so every worker still applies the changes written after it started.

The loaded objects are moved out of the garbage collector's sight (``gc.freeze``): a
collection in a worker would otherwise write to every object's header and copy every page.
"""

from __future__ import annotations

import gc
import logging
import time

from bot.core.answers.search import LazyIndex, index_for
from bot.core.knowledge.store import LiveStore

log = logging.getLogger(__name__)


def preload(live_store: LiveStore) -> None:
    """Load ``live_store``'s snapshot and its index here, then leave nothing open that a
    forked worker would share."""
    started = time.perf_counter()
    store = live_store.refresh()  # asks the backend now; starts no refresher thread
    index = index_for(store.published)  # what users are answered from
    if isinstance(index, LazyIndex):
        index.complete()  # every facet, so no worker builds one of its own
    release_connections(live_store)
    gc.collect()
    gc.freeze()
    log.info(
        "store and index loaded for every worker in %.1f s (%d developments)",
        time.perf_counter() - started,
        len(store),
    )


def release_connections(live_store: LiveStore) -> None:
    """Close the pooled connections of the store's database, if it has one (a connection
    used by two processes would mix their conversations with the server)."""
    engine = getattr(live_store.backend, "engine", None)
    if engine is not None:
        engine.dispose()
