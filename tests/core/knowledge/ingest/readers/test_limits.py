"""Files over the size limit are refused before they are read; unreadable paths too."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.knowledge.ingest.readers import ReadError, read_newsletter
from bot.core.knowledge.ingest.readers.limits import MAX_FILE_BYTES


def test_a_200_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # sparse: nothing is written to disk
        handle.truncate(200 * 1024 * 1024)
    with pytest.raises(ReadError) as caught:
        read_newsletter(big, name="big.txt")
    assert str(caught.value) == (
        "big.txt: a file of 200 MB (the limit is 20 MB): ingest the newsletter itself, not an "
        "archive or a scan; split it if it is several"
    )


def test_bytes_over_the_limit_are_refused() -> None:
    with pytest.raises(ReadError, match=r"the limit is 20 MB"):
        read_newsletter(b"a" * (MAX_FILE_BYTES + 1), name="big.txt")


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"^nope.txt: cannot read the file \(No such file"):
        read_newsletter(tmp_path / "nope.txt", name="nope.txt")
