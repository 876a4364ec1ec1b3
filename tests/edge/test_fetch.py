"""Newsletters given by address: fetched over real HTTP from a local server, then ingested."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.knowledge.ingest.readers import ReadError
from bot.core.knowledge.store import read_knowledge
from bot.edge.fetch import fetch, fetch_to
from tests.conftest import FIXTURE_NUMBERED


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """(base URL, folder it serves)."""
    folder = tmp_path / "site"
    folder.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", folder
    finally:
        server.shutdown()
        server.server_close()


def test_fetch_to_saves_the_bytes_under_a_name_from_the_address(
    served: tuple[str, Path], tmp_path: Path
) -> None:
    base, folder = served
    (folder / "feed.xml").write_bytes(b"<rss/>")
    saved = fetch_to(f"{base}/feed.xml", tmp_path)
    assert saved.read_bytes() == b"<rss/>"
    assert saved.name == f"127-0-0-1-{base.rsplit(':', 1)[1]}-feed-xml"


def test_an_address_that_fails_is_one_line(served: tuple[str, Path]) -> None:
    base, _ = served
    with pytest.raises(ReadError) as caught:
        fetch(f"{base}/missing.xml")
    assert str(caught.value).startswith(f"{base}/missing.xml: an address that could not be fetched")
    assert str(caught.value).endswith(
        ": check the address, or save the feed to a file and ingest that"
    )


def test_ingest_takes_addresses_beside_files(
    served: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, folder = served
    (folder / "numbered.txt").write_bytes(FIXTURE_NUMBERED.read_bytes())
    store = tmp_path / "developments.json"
    status = main(["ingest", f"{base}/numbered.txt", f"{base}/gone.xml", "--store", str(store)])
    assert status == 1
    err = capsys.readouterr().err
    assert f"error: {base}/gone.xml: an address that could not be fetched" in err
    assert len(read_knowledge(store).developments) == 16  # the numbered fixture's items
