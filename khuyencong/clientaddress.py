"""The address of the client behind a request, believing a reverse proxy only when it is ours.

Behind a reverse proxy ``REMOTE_ADDR`` is the proxy, and the client's address arrives in
``X-Forwarded-For``, which each proxy extends on the right with the address it saw. Anything to
the left of what our own proxies wrote came from the client and may be forged, so the header is
read from the right and only through hops listed in ``TRUSTED_PROXIES`` (env
``DJANGO_TRUSTED_PROXIES``: comma-separated addresses or CIDR networks, empty by default). From
anyone else the header is ignored. Sign-in throttling and any rate limiter key on this one
function, so a forged header cannot give a client a fresh address for each attempt.
"""

import functools
import ipaddress

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Nobody's proxy chain is longer; a header with thousands of hops is an attack, not a path.
MAX_HOPS = 20


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address as normalised text, or None when the server gave no usable one.

    When ``REMOTE_ADDR`` is a trusted proxy, the client is the right-most address in
    ``X-Forwarded-For`` that is not itself a trusted proxy. A value that is not an address
    ends the walk: what lies left of it cannot be vouched for, so the last hop reached is used.
    """
    remote = parse_address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return None
    networks = trusted_networks()
    if not _trusted(remote, networks):
        return str(remote)
    client = remote
    hops = str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
    for value in reversed(hops[-MAX_HOPS:]):
        hop = parse_address(value)
        if hop is None:
            break
        client = hop
        if not _trusted(hop, networks):
            break
    return str(client)


def parse_address(value: str) -> IPAddress | None:
    """An IP address from a header value (``1.2.3.4``, ``1.2.3.4:5678``, ``[::1]:443``), or None.

    IPv4-mapped IPv6 addresses become IPv4 and an IPv6 zone is dropped, so one client has one
    spelling and every result fits a 45-character column.
    """
    text = str(value).strip()
    if not text or len(text) > 64:
        return None
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    text = text.partition("%")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def trusted_networks() -> tuple[IPNetwork, ...]:
    return _networks(tuple(settings.TRUSTED_PROXIES))


@functools.cache
def _networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(str(entry).strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {entry!r} is not an address or network") from exc
    return tuple(networks)


@checks.register(checks.Tags.security)
def check_trusted_proxies(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A mistyped proxy would otherwise surface only at the first sign-in, as a server error."""
    try:
        trusted_networks()
    except ImproperlyConfigured as exc:
        return [
            checks.Error(
                str(exc),
                hint="DJANGO_TRUSTED_PROXIES takes comma-separated addresses or CIDR networks, e.g. 10.0.0.2,192.168.0.0/24.",
                id="clientaddress.E001",
            )
        ]
    return []


def _trusted(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)
