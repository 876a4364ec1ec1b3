"""Newsletters given as an ``http(s)://`` address (a feed, a web page): fetched safely.

``fetch(url, etag=..., last_modified=...)`` returns a ``FetchResult`` (status, body, the
validators for the next conditional request, the address after redirects), so a later
poller of watched feeds can ask "anything new since?" with the same guarded call.

What it guards against (an editor's address is still an address anyone could have written):

- only ``http`` and ``https``; at most ``MAX_REDIRECTS`` redirects, each hop checked again;
- every address a host name resolves to must be public (``bot.edge.addresses``), unless the
  operator's ``PI_FETCH_ALLOW`` allows it. The connection goes to the very address
  checked, so a name cannot resolve to another one in between;
- a total deadline per fetch (``FETCH_DEADLINE_SECONDS``) as well as a per-read timeout: a
  server dripping a byte every few seconds is cut off when the deadline passes;
- at most ``MAX_FILE_BYTES`` are read.

Any failure is a ``ReadError`` (one line: the address, what went wrong, what to do).
"""

from __future__ import annotations

import contextlib
import http.client
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bot.core.knowledge.ingest.readers.dispatch import check_size
from bot.core.knowledge.ingest.readers.document import ReadError
from bot.core.knowledge.ingest.readers.limits import (
    FETCH_TIMEOUT_SECONDS,
    MAX_FILE_BYTES,
    megabytes,
)
from bot.edge.addresses import (
    ADVICE,
    FetchAllow,
    Resolver,
    checked_address,
    resolve_host,
)

FETCH_DEADLINE_SECONDS = 30.0
"""The most one fetch may take in all, redirects included."""
MAX_REDIRECTS = 5
USER_AGENT = "pi-bot newsletter intake"
CHUNK = 64 * 1024
SCHEMES = {"http": 80, "https": 443}


@dataclass(frozen=True)
class FetchResult:
    status: int
    """200, or 304 when a conditional request found nothing new (``body`` is then empty)."""
    body: bytes
    etag: str | None
    last_modified: str | None
    final_url: str
    """The address the body came from, after redirects."""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


class _Deadline:
    """The time left for one fetch; when it runs out the open socket is shut, so a read
    blocked on a dripping server returns at once."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self.expired = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def left(self) -> float:
        return self.end - time.monotonic()

    def watch(self, sock: socket.socket | None) -> None:
        with self._lock:
            self._sock = sock
            if self.expired and sock is not None:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            if self._sock is not None:
                _shut(self._sock)

    def cancel(self) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the address that was checked, not to whatever the name resolves to."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(_PinnedHTTP):
    def connect(self) -> None:
        raw = socket.create_connection((self.address, self.port), self.timeout)
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(raw, server_hostname=self.host)


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    allow: FetchAllow | None = None,
    deadline_seconds: float = FETCH_DEADLINE_SECONDS,
    read_timeout: float = FETCH_TIMEOUT_SECONDS,
    max_bytes: int = MAX_FILE_BYTES,
    resolve: Resolver = resolve_host,
) -> FetchResult:
    """GET ``url`` (conditionally when ``etag`` or ``last_modified`` is given), following
    at most ``MAX_REDIRECTS`` redirects, every hop checked; a ``ReadError`` when refused or
    failed."""
    allow = allow or FetchAllow()
    deadline = _Deadline(deadline_seconds)
    try:
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            result = _get_once(
                current, url, etag, last_modified, allow, deadline, read_timeout, max_bytes, resolve
            )
            if isinstance(result, FetchResult):
                return result
            current = result
        raise ReadError(url, f"an address that redirects more than {MAX_REDIRECTS} times", ADVICE)
    finally:
        deadline.cancel()


def _get_once(
    current: str,
    asked: str,
    etag: str | None,
    last_modified: str | None,
    allow: FetchAllow,
    deadline: _Deadline,
    read_timeout: float,
    max_bytes: int,
    resolve: Resolver,
) -> FetchResult | str:
    """One request: its result, or the next address when it redirects."""
    parts = urlsplit(current)
    scheme = parts.scheme.lower()
    shown = asked if current == asked else f"{asked} (redirected to {current})"
    if scheme not in SCHEMES:
        what = f"{scheme}://" if scheme else "no scheme"
        raise ReadError(shown, f"an address with {what} (only http and https are fetched)", ADVICE)
    host = parts.hostname or ""
    try:
        port = parts.port or SCHEMES[scheme]
    except ValueError as exc:
        raise ReadError(shown, "an address with a bad port", ADVICE) from exc
    if not host:
        raise ReadError(shown, "an address without a host", ADVICE)
    address = checked_address(host, port, shown, allow, resolve)
    timeout = max(0.01, min(read_timeout, deadline.left()))
    kind = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    connection = kind(host, port, address, timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        connection.connect()
        deadline.watch(connection.sock)
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        if response.status in (301, 302, 303, 307, 308):
            location = response.getheader("Location")
            if not location:
                raise ReadError(shown, "a redirect without a Location", ADVICE)
            return urljoin(current, location.strip())
        if response.status == 304:
            return FetchResult(
                304, b"", response.getheader("ETag") or etag,
                response.getheader("Last-Modified") or last_modified, current,
            )  # fmt: skip
        if response.status != 200:
            reason = f"HTTP Error {response.status}: {response.reason}"
            raise ReadError(shown, f"an address that could not be fetched ({reason})", ADVICE)
        body = _read_body(response, connection.sock, deadline, read_timeout, max_bytes, shown)
        return FetchResult(
            200, body, response.getheader("ETag"), response.getheader("Last-Modified"), current
        )
    except ReadError:
        raise
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if deadline.expired or deadline.left() <= 0:
            raise ReadError(
                shown,
                f"an address that did not answer within {deadline.seconds:.0f} seconds in all",
                ADVICE,
            ) from exc
        raise ReadError(shown, f"an address that could not be fetched ({exc})", ADVICE) from exc
    finally:
        deadline.watch(None)
        connection.close()


def _read_body(
    response: http.client.HTTPResponse,
    sock: socket.socket | None,
    deadline: _Deadline,
    read_timeout: float,
    max_bytes: int,
    shown: str,
) -> bytes:
    """The body, each read waiting at most ``read_timeout`` and all of them together no
    longer than the deadline; refused past ``max_bytes``."""
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit():
        _check_size(int(declared), max_bytes, shown)
    chunks: list[bytes] = []
    size = 0
    while True:
        left = deadline.left()
        if left <= 0:
            raise TimeoutError("the deadline passed")
        if sock is not None:
            sock.settimeout(max(0.01, min(read_timeout, left)))
        chunk = response.read1(CHUNK)
        if deadline.expired:  # the socket was shut under the read: no end of the body
            raise TimeoutError("the deadline passed")
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        _check_size(size, max_bytes, shown)
    return b"".join(chunks)


def _check_size(size: int, max_bytes: int, shown: str) -> None:
    check_size(size, shown)  # the readers' own limit, worded as for a file
    if size > max_bytes:
        raise ReadError(
            shown,
            f"an address that sends more than {megabytes(max_bytes)}",
            "ingest the newsletter itself, not an archive or a scan",
        )


def fetch_to(url: str, folder: Path, *, allow: FetchAllow | None = None) -> Path:
    """The fetched newsletter saved in ``folder`` under a name made from the address (the
    newsletter's id in the store)."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", url.split("://", 1)[1]).strip("-")[:80] or "feed"
    path = folder / stem
    path.write_bytes(fetch(url, allow=allow).body)
    return path
