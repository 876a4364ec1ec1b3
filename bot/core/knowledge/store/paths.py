"""Where the knowledge store lives: the bundled file, or ``$PI_KNOWLEDGE_FILE``."""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)


PACKAGE_ROOT = Path(__file__).resolve().parents[4]
"""The repository (or installed tree) root, four levels above this file."""
DEFAULT_KNOWLEDGE_DIR = PACKAGE_ROOT / "knowledge"
STORE_FILE_NAME = "developments.json"


def default_store_path() -> Path:
    """``$PI_KNOWLEDGE_FILE`` if set, else the bundled ``knowledge/developments.json``."""
    override = os.environ.get("PI_KNOWLEDGE_FILE")
    return Path(override) if override else DEFAULT_KNOWLEDGE_DIR / STORE_FILE_NAME
