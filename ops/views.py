"""The /metrics endpoint: Prometheus text format behind a bearer token.

METRICS_TOKEN unset = the endpoint answers 404 (off, fails closed). With a token, a scrape must send
`Authorization: Bearer <token>`; anything else gets the same 404, so the route does not advertise
itself. Keep it off the public proxy as well (docs/deploy.md).
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from ops.metrics import AnalysisCollector


def _authorised(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    if not token:
        return False
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


class _ThisProcess(Collector):
    """This process's default registry: request latency, process and platform collectors."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if settings.PROMETHEUS_MULTIPROC_DIR:
        multiprocess.MultiProcessCollector(registry)  # sums every gunicorn worker's latencies
    else:
        registry.register(_ThisProcess())
    registry.register(AnalysisCollector())
    return registry


@never_cache
@transaction.non_atomic_requests
def metrics(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD") or not _authorised(request):
        raise Http404
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
