"""``sources add`` refuses what the guarded fetch would refuse, before anything is written."""

from __future__ import annotations

from bot.edge.addresses import FetchAllow, address_problem


def _resolves_to(*addresses: str):  # type: ignore[no-untyped-def]
    return lambda _host, _port: list(addresses)


def _unknown(_host: str, _port: int) -> list[str]:
    raise OSError("no such host")


def test_only_http_and_public_addresses_are_accepted() -> None:
    none = FetchAllow()
    assert "not an http" in (address_problem("ftp://feeds.example/x", none) or "")
    assert "not a valid address" in (address_problem("http://feeds.example:99999/x", none) or "")
    assert "loopback" in (address_problem("http://127.0.0.1/feed", none) or "")
    private = address_problem("https://intranet.example/feed", none, _resolves_to("10.1.2.3"))
    assert private is not None and "PI_FETCH_ALLOW" in private
    assert address_problem("https://feeds.example/x", none, _resolves_to("93.184.215.14")) is None


def test_the_operators_allow_list_and_unknown_hosts() -> None:
    allow = FetchAllow.parse("127.0.0.1, intranet.example")
    assert address_problem("http://127.0.0.1:8080/feed", allow) is None
    assert address_problem("https://intranet.example/f", allow, _resolves_to("10.1.2.3")) is None
    # a host unknown just now is not refused: each fetch checks it again
    assert address_problem("https://later.example/feed", FetchAllow(), _unknown) is None
