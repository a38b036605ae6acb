"""The client's network address, for the sign-in lock-out (``assessment.throttle``).

The socket peer is the address, unless the peer is a trusted proxy (``ASSESSMENT_TRUSTED_PROXIES``:
addresses or networks, comma-separated, e.g. ``127.0.0.1,::1`` for an nginx on the same
machine). Only then is ``X-Forwarded-For`` read, from the right: the first entry that is not
itself a trusted proxy is the client. Entries further left were written by the client and prove
nothing, so a header sent straight to the app, or a forged left part, cannot pick the address
that gets locked.
"""

from __future__ import annotations

import ipaddress
import os

UNKNOWN = "unknown"
TRUSTED_PROXIES_ENV = "ASSESSMENT_TRUSTED_PROXIES"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_proxies(setting: str | None = None) -> tuple[Network, ...]:
    """The trusted proxies of ``setting`` (default: the environment variable); bad entries are
    skipped, so a typo trusts less, never more."""
    text = os.environ.get(TRUSTED_PROXIES_ENV, "") if setting is None else setting
    networks = []
    for part in text.split(","):
        try:
            networks.append(ipaddress.ip_network(part.strip(), strict=False))
        except ValueError:
            continue
    return tuple(networks)


def _address(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None


def _is_trusted(address, trusted: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in trusted)


def client_address(
    peer: str | None, forwarded_for: str | None = None, trusted: tuple[Network, ...] | None = None
) -> str:
    """The address a sign-in is counted against: ``peer`` (the socket's), or the client named
    by a trusted proxy's ``X-Forwarded-For``; ``"unknown"`` when there is no valid address."""
    trusted = trusted_proxies() if trusted is None else trusted
    peer_ip = _address(peer)
    if peer_ip is None:
        return UNKNOWN
    if not forwarded_for or not _is_trusted(peer_ip, trusted):
        return str(peer_ip)
    hops = [_address(part) for part in forwarded_for.split(",")]
    for hop in reversed(hops):
        if hop is None:  # garbage written by the client: stop at the last proxy we trust
            break
        if not _is_trusted(hop, trusted):
            return str(hop)
        peer_ip = hop
    return str(peer_ip)
