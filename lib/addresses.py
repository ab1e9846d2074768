"""The visitor's network address, for the limits that slow down misuse.

Behind a reverse proxy every request comes from the proxy, so the visitor's address is
taken from X-Forwarded-For, but only as far as it can be believed: each proxy appends the
address it received the request from, so the header is read from the right, past the
proxies named in the TRUSTED_PROXIES setting, and the first address that is not one of
them is the visitor. Anything further left was written by the visitor and is ignored.
With no trusted proxies (the default) the header is never read: anyone can send it.

An IPv4 visitor is known by their address. An IPv6 visitor is known by the first 64 bits
of theirs (their /64 network): one home or one server is given a whole /64 and may send
from any of its 18 quintillion addresses, so counting full addresses would let one
visitor take a fresh one for every try.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def parse_networks(entries) -> tuple:
    """The networks named by `entries` (addresses or CIDR ranges); ValueError for anything else."""
    return _networks(tuple(entries))


def _ip(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


# How much of an IPv6 address names one visitor: the network a home or a server is given.
IPV6_VISITOR_PREFIX = 64


def visitor(address: str) -> str:
    """What names the visitor at `address`: an IPv4 address itself (also when written as
    an IPv4-mapped IPv6 address), an IPv6 address's /64 network; anything else unchanged."""
    parsed = _ip(address)
    if parsed is None:
        return address
    if parsed.version == 6 and parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_VISITOR_PREFIX}", strict=False))
    return str(parsed)


def client_address(request) -> str:
    """The visitor who sent `request` (see `visitor`): the one key of every per-visitor limit."""
    peer = request.META.get("REMOTE_ADDR", "") or ""
    networks = parse_networks(settings.TRUSTED_PROXIES)
    if not _trusted(_ip(peer), networks):
        return visitor(peer)
    known = peer
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _ip(entry)
        if address is None:
            break  # not written by a proxy: stop at the last hop we can believe
        known = str(address)
        if not _trusted(address, networks):
            break
    return visitor(known)
