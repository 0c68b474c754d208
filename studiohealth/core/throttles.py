"""Rate limits for the endpoints that write a lot or cost a lot: clip uploads and exercise logging.

Use on a view: `throttle_classes = [UploadThrottle]` (or LogThrottle). Rates are the "upload" and
"log" entries of REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], read at request time so settings changes
(and tests) take effect. Only writes count: reading your own clips never uses up the upload budget.
Keyed by user (by IP when anonymous), in the default cache, which must be shared (Redis) in
production so that all web processes see the same counters.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


def throttling_enabled() -> bool:
    """The test settings switch every throttle off with DEFAULT_THROTTLE_CLASSES = [] (one switch)."""
    return settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_CLASSES") != []


class WriteRateThrottle(SimpleRateThrottle):
    scope = ""

    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)  # "30/min" in settings
        return None if rate is None else str(rate)

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS or not throttling_enabled():
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str:
        user = request.user
        ident = f"u{user.pk}" if user and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class UploadThrottle(WriteRateThrottle):
    scope = "upload"


class LogThrottle(WriteRateThrottle):
    scope = "log"
