"""SSRF guard for webhook URLs: only http(s) to public addresses, unless a setting allows private ones.

Checked when a subscription is saved and again before every send (DNS may change in between).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

from studiohealth.core.exceptions import ApplicationError


def webhook_url_check(url: str) -> None:
    """ApplicationError unless every address the host resolves to is public (or tests allow it)."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ApplicationError("A webhook URL must start with https:// and name a host.", extra={"url": url})
    if settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror as error:
        raise ApplicationError("The webhook host does not resolve.", extra={"url": url}) from error
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global or address.is_multicast:
            raise ApplicationError(
                "Webhook URLs must point to a public address, not a private, loopback or link-local one.",
                extra={"url": url},
            )
