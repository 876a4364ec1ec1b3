"""What ``serve``'s gunicorn master loads once for all its workers.

The master reads the store and the search index of what users see before gunicorn forks
the workers; each worker starts with both already in memory and shares their pages with the
master and the other workers (copy-on-write) instead of reading and indexing the store
again. What a process must own stays out of the master: no refresher thread, no ``LISTEN``
connection and no pooled database connection exists at the fork (the store's connections
are closed first); each worker opens its own (``build_runtime`` starts the refresher), so
every worker still applies the changes written after it started.

A large store's index is built facet by facet (``LazyIndex``), and the facets another
process kept on disk are read, not built. Of those missing, only the filters
(``FIRST_FACET``) are built before the fork: the whole index takes about 5 s of CPU at
100,000 developments (with writing it, 10 s or more of a busy machine), and the workers
would answer no one meanwhile. The workers start at once,
each building what else its first queries need, while a process forked from the master
(``build_elsewhere``) builds the rest and keeps it on disk.
When it is done it sends the master ``SIGHUP``: gunicorn's reload, where the master adopts
those facets (``adopt_built``) and forks new workers that share the complete index, then
stops the old ones gracefully (each answers what it acknowledged). Without a usable
snapshot folder there is no way to hand the facets over, and the master builds them before
the fork, as it did before.

The loaded objects are moved out of the garbage collector's sight (``gc.freeze``): a
collection in a worker would otherwise write to every object's header and copy every page.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import signal
import time
from collections.abc import Iterable
from typing import Protocol

from bot.core.answers.search import LazyIndex, SearchIndex, index_for
from bot.core.answers.search.snapshot import adopt_kept, can_keep_facets, facets_kept
from bot.core.knowledge.store import LiveStore, drop_held_snapshots, write_held_snapshots

log = logging.getLogger(__name__)

FIRST_FACET = "filters"
"""Built in the master before the fork: what most first questions need ("latest fines",
a region, a month) and a small part of the whole index's time."""


class HasFileno(Protocol):
    def fileno(self) -> int: ...


_MASTER_SIGNALS = (
    signal.SIGHUP,
    signal.SIGINT,
    signal.SIGQUIT,
    signal.SIGTERM,
    signal.SIGCHLD,
    signal.SIGUSR1,
    signal.SIGUSR2,
    signal.SIGWINCH,
    signal.SIGTTIN,
    signal.SIGTTOU,
)
"""The signals gunicorn's master handles; its forked builder takes the defaults back."""


def preload(live_store: LiveStore) -> SearchIndex:
    """Load ``live_store``'s snapshot and its index here, then leave nothing open that a
    forked worker would share. Returns the index, which may still lack facets
    (``pending``). Snapshots made meanwhile may be held (``hold_snapshots``: writing a 100k
    store's takes seconds) for ``build_elsewhere`` to write."""
    started = time.perf_counter()
    store = live_store.refresh()  # asks the backend now; starts no refresher thread
    index = index_for(store.published)  # what users are answered from
    if isinstance(index, LazyIndex) and not index.is_complete:
        if can_keep_facets(index):
            index.ensure(FIRST_FACET)  # a second or so: shared, not built by every worker
        else:
            log.warning("no usable snapshot folder: building the index before the workers start")
            index.complete()
    release_connections(live_store)
    _freeze()
    log.info(
        "store loaded for every worker in %.1f s (%d developments; index %s)",
        time.perf_counter() - started,
        len(store),
        "being completed" if pending(index) else "complete",
    )
    return index


def pending(index: SearchIndex) -> bool:
    """Whether ``index`` still lacks facets."""
    return isinstance(index, LazyIndex) and not index.is_complete


def build_elsewhere(index: SearchIndex, listeners: Iterable[HasFileno] = ()) -> int | None:
    """Fork a process that writes the snapshots held since ``preload`` began, builds the
    facets ``index`` lacks, keeps them on disk and then sends this process ``SIGHUP``; its
    pid, or ``None`` when there is nothing to build (the held snapshots are written here).
    Call it in gunicorn's master (which reaps the process like any child it does not know)
    while it has no other thread; ``listeners``: the master's sockets, closed in the child
    (the port is not held by it after the server stops)."""
    if not isinstance(index, LazyIndex) or index.is_complete:
        write_held_snapshots()
        return None
    master = os.getpid()
    pid = os.fork()
    if pid:
        drop_held_snapshots()  # the child writes them
        log.info("completing the index in process %d; the workers answer meanwhile", pid)
        return pid
    for number in _MASTER_SIGNALS:  # not the master's handlers, which would wake it
        signal.signal(number, signal.SIG_DFL)
    for listener in listeners:
        with contextlib.suppress(OSError):
            os.close(listener.fileno())
    try:
        write_held_snapshots()  # the store's, for the next start
        _build_and_tell(index, master)
    except BaseException:
        log.exception("completing the index failed; each worker builds what it needs")
    finally:
        logging.shutdown()
        os._exit(0)  # never a code gunicorn reads as a worker's failure to boot


def _build_and_tell(index: LazyIndex, master: int) -> None:
    started = time.perf_counter()
    for facet in index.missing():
        if os.getppid() != master:
            return  # the server stopped: nobody wants it
        index.ensure(facet)
    if not facets_kept(index):
        log.warning("the index could not be kept on disk; each worker builds what it needs")
        return
    log.info("index completed in %.1f s; renewing the workers", time.perf_counter() - started)
    if os.getppid() == master:
        os.kill(master, signal.SIGHUP)


def adopt_built(index: SearchIndex) -> None:
    """In the master, on gunicorn's reload: take the facets ``build_elsewhere`` kept, so the
    workers forked next share the complete index."""
    if not isinstance(index, LazyIndex) or index.is_complete:
        return
    started = time.perf_counter()
    if adopt_kept(index):
        _freeze()
        took = time.perf_counter() - started
        log.info("index adopted in %.1f s; the new workers share it", took)
    else:
        log.warning("the index kept on disk is gone; the new workers build what they need")


def _freeze() -> None:
    gc.collect()
    gc.freeze()


def release_connections(live_store: LiveStore) -> None:
    """Close the pooled connections of the store's database, if it has one (a connection
    used by two processes would mix their conversations with the server)."""
    engine = getattr(live_store.backend, "engine", None)
    if engine is not None:
        engine.dispose()
