"""gunicorn settings for the web container (`gunicorn -c gunicorn.conf.py studiohealth.wsgi`).

Uploads are up to CLIP_MAX_BYTES (200 MB) from phones, and clips are streamed back through the
permission-checked views, so one request can be slow for reasons that are not a hung worker:
threaded workers (gthread) keep serving while a thread waits on a slow body, and the timeout is
long enough for the upload probe. The reverse proxy in front buffers request bodies
(nginx `client_max_body_size 210m`, `proxy_request_buffering on`), so gunicorn sees whole uploads.
Every knob can be overridden from the environment (GUNICORN_*).
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Any

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", str(min(4, multiprocessing.cpu_count() + 1))))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request may take this long before the worker is recycled: probe (ffprobe sandbox) + checksum +
# storage write of a 200 MB clip on a slow bucket.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then (WeasyPrint and Pillow hold on to memory), staggered.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))
# The heartbeat file in RAM: a container's overlay disk can stall it and get workers killed.
SHM = "/dev/shm"  # noqa: S108 - gunicorn's own heartbeat files, not user data
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR", SHM if os.path.isdir(SHM) else None)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Access log without query strings: they can carry a report filter or a token.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


def child_exit(server: Any, worker: Any) -> None:
    """Prometheus multiprocess mode: forget a dead worker's live gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
