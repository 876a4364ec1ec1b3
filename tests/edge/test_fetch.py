"""Newsletters given by address: fetched over real HTTP from local servers, guarded against
internal addresses (SSRF), endless redirects and slow-drip servers, then ingested."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.knowledge.ingest.readers import ReadError
from bot.core.knowledge.store import read_knowledge
from bot.edge.addresses import FetchAllow, literal_address
from bot.edge.fetch import fetch, fetch_to
from tests.conftest import FIXTURE_NUMBERED

LOOPBACK = FetchAllow.parse("127.0.0.1")


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


class _Tricky(BaseHTTPRequestHandler):
    """/loop: redirects to itself; /to?u=X: redirects to X; /etag: 304 for its own ETag;
    /drip: a byte every DRIP seconds, forever."""

    DRIP = 0.3

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        if self.path.startswith("/to?u="):
            self._redirect(self.path.split("=", 1)[1])
        elif self.path.startswith("/loop"):
            self._redirect(f"/loop{len(self.path)}")
        elif self.path == "/etag":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            self._ok(b"<rss/>", {"ETag": '"v1"', "Last-Modified": "Tue, 09 Aug 2022 08:00:00 GMT"})
        elif self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(self.DRIP)
            except OSError:
                return
        else:
            self._ok(b"hello", {})

    def _redirect(self, where: str) -> None:
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _ok(self, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(200)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def tricky() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Tricky)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_fetch_to_saves_the_bytes_under_a_name_from_the_address(
    served: tuple[str, Path], tmp_path: Path
) -> None:
    base, folder = served
    (folder / "feed.xml").write_bytes(b"<rss/>")
    saved = fetch_to(f"{base}/feed.xml", tmp_path, allow=LOOPBACK)
    assert saved.read_bytes() == b"<rss/>"
    assert saved.name == f"127-0-0-1-{base.rsplit(':', 1)[1]}-feed-xml"


def test_an_address_that_fails_is_one_line(served: tuple[str, Path]) -> None:
    base, _ = served
    with pytest.raises(ReadError) as caught:
        fetch(f"{base}/missing.xml", allow=LOOPBACK)
    assert str(caught.value).startswith(f"{base}/missing.xml: an address that could not be fetched")
    assert str(caught.value).endswith(
        ": check the address, or save the feed to a file and ingest that"
    )


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("http://127.0.0.1/", "loopback"),
        ("http://localhost/", "loopback"),
        ("http://2130706433/", "loopback"),  # 127.0.0.1 as one decimal number
        ("http://0177.0.0.1/", "loopback"),  # octal
        ("http://0x7f.1/", "loopback"),  # hex, short form
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),  # IPv4-mapped IPv6
        ("http://10.1.2.3/", "private"),
        ("http://192.168.0.1:8080/feed", "private"),
        ("http://[fc00::1]/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://224.0.0.1/", "multicast"),
        ("http://240.0.0.1/", "reserved"),
        ("http://0.0.0.0/", "unspecified"),
    ],
)
def test_internal_addresses_are_refused_in_every_spelling(address: str, why: str) -> None:
    with pytest.raises(ReadError) as caught:
        fetch(address)
    line = str(caught.value)
    assert why in line, line
    assert "PI_FETCH_ALLOW" in line and "\n" not in line


def test_the_spellings_are_read_as_the_resolver_reads_them() -> None:
    assert str(literal_address("2130706433")) == "127.0.0.1"
    assert str(literal_address("0177.0.0.1")) == "127.0.0.1"
    assert str(literal_address("0x7f.0.0.1")) == "127.0.0.1"
    assert str(literal_address("[::1]")) == "::1"
    assert literal_address("example.com") is None


def test_every_address_a_name_resolves_to_is_checked() -> None:
    def resolver(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "10.0.0.7"]  # one public, one private: refused

    with pytest.raises(ReadError, match=r"private network address \(10\.0\.0\.7\)"):
        fetch("http://feeds.example.com/rss", resolve=resolver)


@pytest.mark.parametrize("address", ["ftp://example.com/feed.xml", "file:///etc/passwd"])
def test_only_http_and_https_are_fetched(address: str) -> None:
    with pytest.raises(ReadError, match="only http and https are fetched"):
        fetch(address)


def test_the_allow_list_takes_host_names_and_ranges(tricky: str) -> None:
    port = tricky.rsplit(":", 1)[1]
    assert fetch(f"http://localhost:{port}/", allow=FetchAllow.parse("localhost")).body == b"hello"
    wide = FetchAllow.parse("intranet.example, 127.0.0.0/8")
    assert fetch(f"http://{tricky}/", allow=wide).body == b"hello"
    with pytest.raises(ValueError, match="neither a host name nor a CIDR range"):
        FetchAllow.parse("http://x/")


def test_every_redirect_hop_is_checked(tricky: str) -> None:
    port = tricky.rsplit(":", 1)[1]
    only_localhost = FetchAllow.parse("localhost")
    inside = f"http://127.0.0.1:{port}/secret"
    with pytest.raises(ReadError) as caught:  # an allowed host redirecting inwards
        fetch(f"http://localhost:{port}/to?u={inside}", allow=only_localhost)
    assert "redirected to http://127.0.0.1" in str(caught.value)
    assert "loopback" in str(caught.value)
    with pytest.raises(ReadError, match="only http and https"):
        fetch(f"http://{tricky}/to?u=ftp://example.com/x", allow=LOOPBACK)
    with pytest.raises(ReadError, match="redirects more than 5 times"):
        fetch(f"http://{tricky}/loop", allow=LOOPBACK)
    followed = fetch(f"http://{tricky}/to?u=/etag", allow=LOOPBACK)
    assert followed.body == b"<rss/>" and followed.final_url == f"http://{tricky}/etag"


def test_a_conditional_request_says_nothing_changed(tricky: str) -> None:
    first = fetch(f"http://{tricky}/etag", allow=LOOPBACK)
    assert first.status == 200 and first.etag == '"v1"' and first.last_modified
    again = fetch(f"http://{tricky}/etag", etag=first.etag, allow=LOOPBACK)
    assert again.not_modified and again.body == b"" and again.etag == '"v1"'


@pytest.mark.slow
def test_a_slow_drip_server_is_cut_off_at_the_total_deadline(tricky: str) -> None:
    started = time.monotonic()
    with pytest.raises(ReadError, match="did not answer within 2 seconds in all"):
        # each byte comes well within the per-read timeout; only the deadline stops it
        fetch(f"http://{tricky}/drip", allow=LOOPBACK, deadline_seconds=2, read_timeout=5)
    assert time.monotonic() - started < 4


def test_ingest_takes_addresses_beside_files(
    served: tuple[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base, folder = served
    (folder / "numbered.txt").write_bytes(FIXTURE_NUMBERED.read_bytes())
    store = tmp_path / "developments.json"
    status = main(["ingest", f"{base}/numbered.txt", "--store", str(store)])
    assert status == 1 and "loopback" in capsys.readouterr().err  # refused without the setting
    monkeypatch.setenv("PI_FETCH_ALLOW", "127.0.0.1")
    status = main(["ingest", f"{base}/numbered.txt", f"{base}/gone.xml", "--store", str(store)])
    assert status == 1
    err = capsys.readouterr().err
    assert f"error: {base}/gone.xml: an address that could not be fetched" in err
    assert len(read_knowledge(store).developments) == 16  # the numbered fixture's items


def test_a_bad_allow_list_stops_ingest_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PI_FETCH_ALLOW", "intranet.example, http://x/")
    with pytest.raises(SystemExit) as stopped:
        main(["ingest", "https://example.com/feed.xml", "--store", str(tmp_path / "d.json")])
    assert str(stopped.value.code) == (
        "ingest: PI_FETCH_ALLOW: 'http://x/' is neither a host name nor a CIDR range"
    )
