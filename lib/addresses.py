"""The visitor's network address, for the limits that slow down misuse.

Behind a reverse proxy every request comes from the proxy, so the visitor's address is
taken from X-Forwarded-For, but only as far as it can be believed: each proxy appends the
address it received the request from, so the header is read from the right, past the
proxies named in the TRUSTED_PROXIES setting, and the first address that is not one of
them is the visitor. Anything further left was written by the visitor and is ignored.
With no trusted proxies (the default) the header is never read: anyone can send it.
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


def client_address(request) -> str:
    """The address of the visitor who sent `request`: the one key of every per-visitor limit."""
    peer = request.META.get("REMOTE_ADDR", "") or ""
    networks = parse_networks(settings.TRUSTED_PROXIES)
    if not _trusted(_ip(peer), networks):
        return peer
    known = peer
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _ip(entry)
        if address is None:
            break  # not written by a proxy: stop at the last hop we can believe
        known = str(address)
        if not _trusted(address, networks):
            break
    return known
