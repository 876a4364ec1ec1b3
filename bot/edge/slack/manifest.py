"""The app manifest (``manifest.json``) with this deployment's address: every
``https://YOUR-HOST`` becomes ``PUBLIC_URL`` and the link-preview domain becomes its host,
so links to development pages unfurl."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from bot.settings import Settings

MANIFEST_PATH = Path(__file__).with_name("manifest.json")
PLACEHOLDER_HOST = "YOUR-HOST"


def manifest_template() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))
    return data


def manifest_for(settings: Settings) -> dict[str, Any]:
    """The manifest for ``settings.public_url`` (unchanged when it is not set)."""
    text = MANIFEST_PATH.read_text(encoding="utf-8")
    if settings.public_url:
        parsed = urlparse(settings.public_url)
        base = f"{parsed.scheme}://{parsed.netloc}{parsed.path.rstrip('/')}"
        text = text.replace(f"https://{PLACEHOLDER_HOST}", base)
        text = text.replace(f'"{PLACEHOLDER_HOST}"', json.dumps(parsed.hostname or ""))
    data: dict[str, Any] = json.loads(text)
    return data
