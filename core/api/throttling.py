"""DRF throttles that count the visitor by the project's one idea of an address
(core.clientip): DRF's own reads X-Forwarded-For, whoever wrote it, unless NUM_PROXIES says
how many proxies to trust (settings set it from TRUSTED_PROXY_COUNT as a second line)."""

from rest_framework import throttling

from core.clientip import client_ip


class AnonRateThrottle(throttling.AnonRateThrottle):
    def get_ident(self, request) -> str:
        return client_ip(request) or "unknown"
