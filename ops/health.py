"""Liveness and readiness endpoints for load balancers, compose and Kubernetes.

- /healthz: the process answers (no I/O). A failing liveness probe means "restart me".
- /readyz: django-health-check runs the database, cache, broker and media-storage checks in
  parallel; any failure answers 503 (django-health-check says 500, which load balancers and
  Kubernetes treat as a bug, not as "not ready"). Output is per-check "OK" or a short reason, never
  a connection string.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Generator
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.contrib.redis import Redis
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView
from redis.asyncio import Redis as AsyncRedis

CHECK_SECONDS = 3


@dataclasses.dataclass
class MediaStorage(Storage):
    """Write, read and delete a probe file in media storage; an outage reads as unavailable."""

    timeout = datetime.timedelta(seconds=CHECK_SECONDS * 3)  # S3: a few round trips

    def run(self) -> None:
        try:
            super().run()
        except OSError as exc:  # core.storage turns bucket faults into OSError
            raise ServiceUnavailable("media storage unreachable") from exc


@dataclasses.dataclass
class Broker(Redis):
    """PING the Celery broker. Named without host or port: /readyz may be reachable from outside."""

    def __repr__(self) -> str:
        return "Broker(redis)"

    @property
    def labels(self) -> dict[str, str]:  # ?format=openmetrics: no address either
        return {"check": "Broker"}


def _broker_client() -> AsyncRedis:
    return AsyncRedis.from_url(
        settings.CELERY_BROKER_URL, socket_connect_timeout=CHECK_SECONDS, socket_timeout=CHECK_SECONDS
    )


def readiness_checks() -> list[HealthCheck]:
    checks: list[HealthCheck] = [Database(), Cache(), MediaStorage()]
    # The demo runs Celery in-process (eager) and has no broker to wait for.
    if not settings.CELERY_TASK_ALWAYS_EAGER and settings.CELERY_BROKER_URL.startswith(
        ("redis://", "rediss://")
    ):
        checks.append(Broker(client_factory=_broker_client))
    return checks


class ReadinessView(HealthCheckView):
    """django-health-check's view with our checks and 503 instead of 500."""

    def get_checks(self) -> Generator[HealthCheck, None, None]:
        yield from readiness_checks()

    async def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = await super().dispatch(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
        return response


@never_cache
@transaction.non_atomic_requests
def liveness(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


# ATOMIC_REQUESTS refuses async views unless they opt out; readiness writes nothing to the database.
readiness = transaction.non_atomic_requests(ReadinessView.as_view())
