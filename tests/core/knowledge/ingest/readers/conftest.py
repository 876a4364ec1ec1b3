"""A zip bomb (a Word file declaring 150 MB of content, small on disk), built once."""

from __future__ import annotations

import io
import zipfile

import pytest

BOMB_MB = 150


@pytest.fixture(scope="session")
def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(BOMB_MB):
                entry.write(chunk)
    return buffer.getvalue()
