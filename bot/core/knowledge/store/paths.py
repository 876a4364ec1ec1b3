"""Where the bundled knowledge store lives. A deployment's own file (``PI_KNOWLEDGE_FILE``)
is chosen by the settings at the edge and passed in."""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)


PACKAGE_ROOT = Path(__file__).resolve().parents[4]
"""The repository (or installed tree) root, four levels above this file."""
DEFAULT_KNOWLEDGE_DIR = PACKAGE_ROOT / "knowledge"
STORE_FILE_NAME = "developments.json"


def default_store_path() -> Path:
    """The bundled ``knowledge/developments.json``: the store when none is chosen."""
    return DEFAULT_KNOWLEDGE_DIR / STORE_FILE_NAME
