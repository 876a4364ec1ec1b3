"""Checks on ZIP containers (Word files) before anything is unpacked: zip bombs refused."""

from __future__ import annotations

import io
import zipfile

from bot.core.knowledge.ingest.readers.document import ReadError
from bot.core.knowledge.ingest.readers.limits import (
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_ENTRIES,
    megabytes,
)


def checked_zip(data: bytes, file_name: str, kind: str) -> zipfile.ZipFile:
    """The archive, opened, once its entries and unpacked size are within the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ReadError(
            file_name, f"a damaged {kind} ({exc})", "open it and save it again"
        ) from exc
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ZIP_ENTRIES or unpacked > MAX_UNZIPPED_BYTES:
        raise ReadError(
            file_name,
            f"a {kind} that unpacks to {megabytes(unpacked)} in {len(entries):,} parts "
            f"(a zip bomb; the limit is {megabytes(MAX_UNZIPPED_BYTES)})",
            "do not ingest it; ask the sender for the newsletter as PDF or HTML",
        )
    return archive


def zip_names(data: bytes) -> list[str]:
    """The entry names of a ZIP archive ([] when it is not one)."""
    try:
        return zipfile.ZipFile(io.BytesIO(data)).namelist()[:MAX_ZIP_ENTRIES]
    except (zipfile.BadZipFile, ValueError, OSError):
        return []
