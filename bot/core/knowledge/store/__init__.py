"""Reading and writing the knowledge store, atomically, and serving the last good copy.

The store is one JSON file (``knowledge/developments.json``) holding a ``KnowledgeFile``,
plus a change log beside it (``changelog``): a write appends the records it changed, and
the log is folded into the file at start, by ``export`` and when it grows. Whole-file
writes go to a temporary file in the same folder, are fsynced, then renamed over the old
file, so a reader sees the old store or the new one, never half of an ingest.

Large stores (tens of thousands of developments) load through two helpers:

- a compact load path: each development is validated on its own and its repeated parts
  (tags, names, dates, pydantic's per-instance field sets) are shared between records, so
  100k developments take a fraction of the memory and the parsed JSON is released as it
  goes;
- a validated snapshot: once a file's exact bytes have passed validation, the validated
  store is pickled under a name made of the file's SHA-256 and a fingerprint of the model
  code (``snapshot_dir()``). A later load of the same bytes by the same code reads the
  snapshot instead of validating again. Only files of ``SNAPSHOT_MIN_BYTES`` or more get
  one; the edge chooses the folder (``use_snapshot_dir``, ``PI_SNAPSHOT_DIR``; ``off``:
  none). A snapshot that cannot be read is
  ignored (the file is validated again), and the folder is used only when it belongs to
  this user and nobody else can write to it (a pickle is code).
"""

from bot.core.knowledge.store.backend import Change, KnowledgeBackend, StaleRevision
from bot.core.knowledge.store.delta import Delta
from bot.core.knowledge.store.file_backend import FileBackend
from bot.core.knowledge.store.live import LiveStore
from bot.core.knowledge.store.paths import (
    DEFAULT_KNOWLEDGE_DIR,
    PACKAGE_ROOT,
    STORE_FILE_NAME,
    default_store_path,
)
from bot.core.knowledge.store.reading import StoreError, read_knowledge
from bot.core.knowledge.store.served import Store
from bot.core.knowledge.store.snapshots import (
    SNAPSHOTS_KEPT,
    can_keep_snapshots,
    drop_held_snapshots,
    hold_snapshots,
    is_cached,
    read_cached,
    snapshots_written_after,
    use_snapshot_dir,
    write_cached,
    write_held_snapshots,
)
from bot.core.knowledge.store.writing import dump_knowledge, store_write_lock, write_knowledge

__all__ = [
    "Change",
    "Delta",
    "FileBackend",
    "KnowledgeBackend",
    "StaleRevision",
    "DEFAULT_KNOWLEDGE_DIR",
    "PACKAGE_ROOT",
    "SNAPSHOTS_KEPT",
    "STORE_FILE_NAME",
    "LiveStore",
    "Store",
    "StoreError",
    "can_keep_snapshots",
    "default_store_path",
    "drop_held_snapshots",
    "dump_knowledge",
    "hold_snapshots",
    "is_cached",
    "read_cached",
    "read_knowledge",
    "snapshots_written_after",
    "write_held_snapshots",
    "store_write_lock",
    "use_snapshot_dir",
    "write_cached",
    "write_knowledge",
]
