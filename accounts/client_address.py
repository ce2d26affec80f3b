"""The address of the client behind a request, honouring X-Forwarded-For only from trusted proxies.

PODIUM_TRUSTED_PROXIES lists the addresses or networks of the reverse proxies in front of Podium (e.g.
"127.0.0.1,10.0.0.0/8"). Without it the connection's own address is the client: anyone can write an
X-Forwarded-For header, so believing it from anywhere would let an attacker pick the address a lockout hits.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def _parse(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return any(address in network for network in networks)


def client_address(request) -> str:
    """The right-most address in the chain connection ← X-Forwarded-For that is not a trusted proxy: each trusted
    proxy appends the address it received the request from, so everything to its left could be forged."""
    networks = _networks(tuple(settings.PODIUM_TRUSTED_PROXIES))
    address = _parse(request.META.get("REMOTE_ADDR", "")) or ipaddress.ip_address("0.0.0.0")
    forwarded = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    while _trusted(address, networks) and forwarded:
        hop = _parse(forwarded.pop())
        if hop is None:
            break  # a garbled hop: the last address we could trust is the best we have
        address = hop
    return str(address)
