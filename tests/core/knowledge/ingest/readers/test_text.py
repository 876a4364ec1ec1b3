"""Plain text in any encoding, Markdown, and what is refused as not text."""

from __future__ import annotations

import codecs

import pytest

from bot.core.knowledge.ingest.readers import ReadError, SourceFormat, read_newsletter
from tests.conftest import FIXTURE_FOOTNOTED, FIXTURE_NUMBERED

CHINESE = (
    "数据合规快讯\n\n【执法案例】\n\n"
    "一、深圳联信科技有限公司被罚款五十万元\n"
    "2022年6月16日，深圳市通信管理局对该公司处以罚款五十万元，并责令限期改正。\n"
)
TRADITIONAL = (
    "數據合規快訊\n\n【執法案例】\n\n"
    "一、深圳聯信科技有限公司被罰款五十萬元\n"
    "2022年6月16日，深圳市通信管理局對該公司處以罰款五十萬元，並責令限期改正。\n"
)


@pytest.mark.parametrize("seed", [FIXTURE_FOOTNOTED, FIXTURE_NUMBERED])
def test_seed_text_passes_through_unchanged(seed: object) -> None:
    read = read_newsletter(seed, name=str(seed))  # type: ignore[arg-type]
    assert read.file_name == seed.name  # type: ignore[attr-defined]
    assert read.source_format is SourceFormat.TEXT
    assert not read.is_markdown
    assert read.text == seed.read_text(encoding="utf-8")  # type: ignore[attr-defined]


@pytest.mark.parametrize("encoding", ["gbk", "gb2312", "gb18030", "big5", "utf-16"])
def test_chinese_text_in_any_encoding(encoding: str) -> None:
    text = TRADITIONAL if encoding == "big5" else CHINESE
    read = read_newsletter(text.encode(encoding), name="cn.txt")
    assert read.text == text


def test_windows_line_ends_and_bom_are_normalised() -> None:
    data = codecs.BOM_UTF8 + b"Title\r\n\r\nBody\r\n"
    assert read_newsletter(data, name="w.txt").text == "Title\n\nBody\n"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"News\n\x00\x00\x00 junk", "NUL bytes"),
        (bytes(range(1, 32)) * 50, "control characters"),
    ],
)
def test_binary_data_is_refused(data: bytes, what: str) -> None:
    with pytest.raises(ReadError) as caught:
        read_newsletter(data, name="junk.txt")
    assert str(caught.value).startswith(f"junk.txt: binary data, not text ({what}): ingest ")


def test_random_bytes_are_refused_in_one_line() -> None:
    import random

    junk = random.Random(7).randbytes(50_000)
    with pytest.raises(ReadError) as caught:
        read_newsletter(junk, name="junk.bin")
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith("junk.bin: ")


def test_markdown_is_normalised_to_the_canonical_subset() -> None:
    source = (
        "---\nlayout: post\n---\nThe Digest\n==========\n\nRules\n-----\n\n"
        "* one __bold__ point\n\t* nested [link](https://x.example)\n+ two\n\n\n\nEnd.\n"
    )
    read = read_newsletter(source.encode(), name="digest.md")
    assert read.source_format is SourceFormat.MARKDOWN
    assert read.title == "The Digest"
    assert read.text == (
        "# The Digest\n\n## Rules\n\n- one **bold** point\n  - nested "
        "[link](https://x.example)\n- two\n\nEnd.\n"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n....", "scan.png: an image (PNG): run OCR first"),
        (b"PK\x03\x04junk", "a.zip: a ZIP archive, not a newsletter: unpack it"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a.doc: an old Word/Office file (.doc): save it as"),
        (b"just text", "a.pdf: named as a PDF but not one (damaged, cut short or misnamed)"),
    ],
)
def test_files_that_are_not_newsletters_are_refused_by_content(data: bytes, message: str) -> None:
    name = message.split(":")[0]
    with pytest.raises(ReadError) as caught:
        read_newsletter(data, name=name)
    assert str(caught.value).startswith(message)


def test_a_stray_nul_in_real_text_is_read_and_left_to_ingest_to_remove() -> None:
    from bot.core.knowledge.ingest.readers.text import decode_text

    text = "Enforcement\n\nOn 3 June 2022, the CAC fined a\x00 shop RMB 10,000.\n"
    assert "\x00" in decode_text(text.encode(), "stray.txt")
