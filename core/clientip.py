"""Who sent a request, as every limit that counts per address sees it: the login lockout
(django-axes, AXES_CLIENT_IP_CALLABLE), the API's throttles (core.api.throttling) and the
residents' limits (intake.ratelimit).

Production sits behind a TLS proxy, so REMOTE_ADDR is the proxy's address for everyone. Each
proxy appends the address it received the request from to X-Forwarded-For (nginx:
`proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`); behind TRUSTED_PROXY_COUNT of
them the client is the address that many places from the right. What stands further left was
written by the client and proves nothing. With no proxy configured the header is ignored: a
visitor could otherwise be anyone they like (docs/deployment.md).
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The visitor's address, or None when there is no valid one. An IPv6 visitor counts by
    their /64 network, which they can change addresses within at will."""
    raw = _forwarded(request) or request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(raw.strip())
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def _forwarded(request) -> str:
    """The address the outermost trusted proxy saw, or "" if there is none. A header with
    fewer entries than there are proxies did not come through them all (a request sent past
    the proxy, straight to the app): REMOTE_ADDR is then all that can be believed."""
    count = settings.TRUSTED_PROXY_COUNT
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not header:
        return ""
    hops = [hop.strip() for hop in header.split(",")]
    return hops[-count] if len(hops) >= count else ""
