"""The SSRF guard: the checker never requests an address inside the machine's own network.

A link in a pull request is attacker-controlled input, and the checker runs next to the
bot's secrets and possibly a cloud metadata service. So every address actually connected
to is checked: literal IPs before the request (in any spelling `inet_aton` accepts, e.g.
`http://2130706433/`), names inside the resolver aiohttp connects through (what was
checked is what is connected to: no DNS-rebinding gap), and both again on every redirect
hop. Only http and https are requested.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
from dataclasses import dataclass

from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

LOG = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

SCHEMES = frozenset({"http", "https"})

# Instance-metadata endpoints; most are also link-local or private, named here so the
# reason says what they are.
METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean ...
        "169.254.170.2",  # AWS ECS task metadata
        "fd00:ec2::254",  # AWS over IPv6
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud
    )
)
NAT64 = ipaddress.ip_network("64:ff9b::/96")

# Characters of the legacy IPv4 spellings (decimal, 0x hex, 0 octal, dotted or not).
_NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]+|[0-9]+)(\.(0x[0-9a-f]+|[0-9]+)){0,3}$", re.I)


class RefusedAddress(OSError):
    """The resolver refused every address of a name: the connection is never opened."""


@dataclass(frozen=True, slots=True)
class AllowEntry:
    """One allow-list entry: a host name or a network, optionally with a port."""

    name: str | None = None
    network: Network | None = None
    port: int | None = None

    def matches(self, host: str, port: int | None, ip: IPAddress | None) -> bool:
        """True when this entry lets `host`:`port` (connected at `ip`) through."""
        if self.port is not None and port != self.port:
            return False
        if self.name is not None:
            return self.name == _bare(host)
        return ip is not None and self.network is not None and _unmapped(ip) in self.network


@dataclass(frozen=True, slots=True)
class AllowList:
    """Hosts, host:port pairs and CIDRs the guard lets through (AWESOME_REVIEW_ALLOW_HOSTS).

    A name entry trusts that name whatever it resolves to; an address or CIDR entry
    trusts any host connected at an address inside it. A `:port` suffix limits an
    entry to that port; without one it holds for every port.
    """

    entries: tuple[AllowEntry, ...] = ()

    @classmethod
    def parse(cls, specs: tuple[str, ...]) -> AllowList:
        """Parse entries such as `127.0.0.1`, `127.0.0.0/8`, `[::1]:8080`, `example.test:80`."""
        return cls(tuple(_entry(spec.strip()) for spec in specs if spec.strip()))

    def allows(self, host: str, port: int | None, ip: IPAddress | None) -> bool:
        """True when some entry lets this host, port and address through."""
        return any(entry.matches(host, port, ip) for entry in self.entries)


def _entry(spec: str) -> AllowEntry:
    """One allow-list entry from its text; a bad entry is an error, not silently ignored."""
    if "/" in spec:
        return AllowEntry(network=ipaddress.ip_network(spec, strict=False))
    host, port = _split_port(spec)
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return AllowEntry(name=_bare(host), port=port)
    return AllowEntry(network=ipaddress.ip_network(ip), port=port)


def _split_port(spec: str) -> tuple[str, int | None]:
    """`[::1]:80` -> ('::1', 80); `::1` -> ('::1', None); `a:80` -> ('a', 80)."""
    if spec.startswith("["):
        host, _, rest = spec[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") else None
    if spec.count(":") == 1:
        host, _, port = spec.partition(":")
        return host, int(port)
    return spec, None


def _bare(host: str) -> str:
    """A host name compared case-insensitively and without its trailing root dot."""
    return host.lower().rstrip(".").strip("[]")


def _unmapped(ip: IPAddress) -> IPAddress:
    """The IPv4 address inside an IPv4-mapped IPv6 one (`::ffff:127.0.0.1`), else `ip`."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 transition address routes to (6to4, NAT64), if any."""
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def forbidden_reason(ip: IPAddress) -> str | None:
    """Why the checker must not connect to `ip` ('a loopback address' ...), or None."""
    ip = _unmapped(ip)
    if ip in METADATA:
        return "a cloud metadata address"
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_v4(ip)
        if inner is not None and forbidden_reason(inner):
            return f"routed to {inner}, {forbidden_reason(inner)}"
    checks = (
        (ip.is_unspecified, "the unspecified address"),
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
        (not ip.is_global, "not a public address"),
    )
    return next((reason for hit, reason in checks if hit), None)


def literal_ip(host: str) -> tuple[IPAddress, bool] | None:
    """The address a host spells, and whether it is spelled canonically; None for names."""
    bare = host.strip("[]").rstrip(".")
    try:
        ip = ipaddress.ip_address(bare.split("%", 1)[0])
    except ValueError:
        pass
    else:
        return ip, True
    if not _NUMERIC_HOST.match(bare):
        return None
    try:
        # inet_aton is what getaddrinfo and browsers accept: 2130706433, 0x7f000001,
        # 0177.0.0.1 and 127.1 all mean 127.0.0.1.
        return ipaddress.IPv4Address(socket.inet_aton(bare)), False
    except OSError:
        return None


def refusal(url: URL, allow: AllowList) -> str | None:
    """Why `url` must not be requested before any name is resolved, or None."""
    if url.scheme not in SCHEMES:
        return f"only http and https links are checked, not {url.scheme or 'a relative'} links"
    host = url.host
    if not host:
        return "the link has no host name"
    literal = literal_ip(host)
    if literal is None:
        return None  # a name: GuardedResolver checks the addresses it resolves to
    ip, canonical = literal
    if allow.allows(host, url.port, ip):
        return None
    reason = forbidden_reason(ip)
    if reason:
        return f"refused by the SSRF guard: {host} is {reason}"
    if not canonical:
        return f"refused by the SSRF guard: {host} is {ip} written in a non-standard form"
    return None


def address_refusal(host: str, port: int, address: str, allow: AllowList) -> str | None:
    """Why connecting to `address` (resolved from `host`) is refused, or None."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if allow.allows(host, port, ip):
        return None
    reason = forbidden_reason(ip)
    return f"refused by the SSRF guard: {host} resolves to {ip}, {reason}" if reason else None


class GuardedResolver(AbstractResolver):
    """Resolves through `base`, then refuses the name if any address is not public."""

    def __init__(self, base: AbstractResolver, allow: AllowList) -> None:
        self._base = base
        self._allow = allow

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """Resolve `host`; raise RefusedAddress rather than return a forbidden address."""
        infos = await self._base.resolve(host, port, family)
        for info in infos:
            # One bad address refuses the name: a record set mixing a public and a private
            # address is a classic way to slip past a guard that checks only the first.
            reason = address_refusal(host, port, info["host"], self._allow)
            if reason:
                LOG.info("ssrf guard: %s", reason)
                raise RefusedAddress(reason)
        return infos

    async def close(self) -> None:
        """Close the wrapped resolver."""
        await self._base.close()
