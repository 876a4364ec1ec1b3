"""Which addresses may be fetched: every address a host name resolves to must be public,
unless the operator allows it (``PI_FETCH_ALLOW``: host names or CIDR ranges).

Refused: loopback, unspecified, link-local, multicast, reserved and private ranges, IPv4
and IPv6 (IPv4-mapped IPv6 too), and IPv4 in every spelling the system resolver accepts
(``2130706433``, ``0177.0.0.1``, ``0x7f.1``). A refusal is a ``ReadError`` naming the range.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bot.core.knowledge.ingest.readers.document import ReadError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]
ADVICE = "check the address, or save the feed to a file and ingest that"
ALLOW_ADVICE = "ask the operator to add the host to PI_FETCH_ALLOW if it is an intranet feed"


@dataclass(frozen=True)
class FetchAllow:
    """Hosts the operator allows although they are not public (``PI_FETCH_ALLOW``)."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = field(default=())

    @classmethod
    def parse(cls, text: str | None) -> FetchAllow:
        """``intranet.example.com, 10.20.0.0/16, 127.0.0.1``: host names or CIDR ranges (a
        bare address is a range of one). A word that is neither raises ``ValueError``."""
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for word in (w.strip() for w in (text or "").split(",")):
            if not word:
                continue
            try:
                networks.append(ipaddress.ip_network(word.strip("[]"), strict=False))
            except ValueError:
                if not re.fullmatch(r"[A-Za-z0-9.-]+", word):
                    raise ValueError(f"{word!r} is neither a host name nor a CIDR range") from None
                hosts.add(word.lower().rstrip("."))
        return cls(frozenset(hosts), tuple(networks))

    def allows_host(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.hosts

    def allows_address(self, address: IPAddress) -> bool:
        return any(address.version == n.version and address in n for n in self.networks)


def refusal(address: IPAddress) -> str | None:
    """Why ``address`` may not be fetched (the range it is in), or ``None`` if it is public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for test, name in (
        ("is_loopback", "a loopback address"),
        ("is_unspecified", "an unspecified address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_reserved", "a reserved address"),
        ("is_private", "a private network address"),
    ):
        if getattr(address, test):
            return name
    if not address.is_global:
        return "a non-public address"
    return None


def literal_address(host: str) -> IPAddress | None:
    """``host`` as an IP address when it is one in any spelling the resolver would accept
    (``[::1]``, ``2130706433``, ``0x7f.1``, ``0177.0.0.1``), else ``None``."""
    bare = host.strip("[]")
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    if re.fullmatch(r"(0[xX][0-9A-Fa-f]*|[0-9]+)(\.(0[xX][0-9A-Fa-f]*|[0-9]+)){0,3}", bare):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(bare))
        except OSError:
            return None
    return None


def resolve_host(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def checked_address(host: str, port: int, shown: str, allow: FetchAllow, resolve: Resolver) -> str:
    """The address to connect to, once every address of ``host`` is known to be allowed."""
    literal = literal_address(host)
    if literal is not None:
        candidates: Iterable[str] = [str(literal)]
    else:
        try:
            candidates = resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise ReadError(shown, f"an address whose host {host} is not known", ADVICE) from exc
    addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in candidates]
    if not addresses:
        raise ReadError(shown, f"an address whose host {host} is not known", ADVICE)
    if not allow.allows_host(host):
        for address in addresses:
            why = refusal(address)
            if why is not None and not allow.allows_address(address):
                raise ReadError(
                    shown,
                    f"an address that leads to {why} ({address}), which is never fetched",
                    ALLOW_ADVICE,
                )
    return str(addresses[0])


def address_problem(url: str, allow: FetchAllow, resolve: Resolver = resolve_host) -> str | None:
    """Why ``url`` would be refused by the guarded fetch (not http(s), a private or local
    address ``PI_FETCH_ALLOW`` does not allow), in one line; else None. A host that does not
    resolve just now is not refused: the fetch checks every address again each time.
    ``sources add`` asks it before anything is written."""
    parts = urlsplit(url)
    ports = {"http": 80, "https": 443}
    if parts.scheme not in ports or not parts.hostname:
        return f"{url} is not an http:// or https:// address"
    try:
        port = parts.port or ports[parts.scheme]
    except ValueError:
        return f"{url} is not a valid address"
    host = parts.hostname
    try:
        found = [] if literal_address(host) is not None else resolve(host, port)
    except (OSError, UnicodeError):
        return None  # unknown just now: the fetch checks it again each time
    try:
        checked_address(host, port, url, allow, lambda _h, _p: found)
    except ReadError as exc:
        return str(exc)
    except ValueError:
        return f"{url} is not a valid address"
    return None
