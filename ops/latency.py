"""Request latency as a Prometheus histogram, labelled by URL pattern (never the concrete path:
ids stay out of the metrics) and status class.

With several gunicorn workers set PROMETHEUS_MULTIPROC_DIR (gunicorn.conf.py marks dead workers) so
one scrape sums every worker; without it each process counts its own requests.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from prometheus_client import Histogram

REQUEST_SECONDS = Histogram(
    "studiohealth_http_request_duration_seconds",
    "Time to answer an HTTP request (headers ready; streamed bodies not included).",
    labelnames=["method", "route", "status"],
    buckets=(0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class RequestLatencyMiddleware:
    """Outermost middleware: times everything the other middleware and the view do."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = f"/{match.route}" if match is not None and match.route else "unmatched"
        method = request.method if request.method in KNOWN_METHODS else "other"
        REQUEST_SECONDS.labels(method=method, route=route, status=f"{response.status_code // 100}xx").observe(
            time.perf_counter() - started
        )
        return response
