"""Container healthcheck: `python -m ops.probe /readyz` → exit 0 when the local web answers 200.

Sends what the production settings require of a request that reached us through the TLS proxy:
a Host from ALLOWED_HOSTS (else 400) and `X-Forwarded-Proto: https` (else a redirect to https).
Standard library only, so a probe costs no Django start-up.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def probe_host() -> str:
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost").split(",") if h.strip()]
    host = hosts[0] if hosts else "localhost"
    if host == "*":
        return "localhost"
    return "probe" + host if host.startswith(".") else host  # ".example.com" allows any subdomain


def main(argv: list[str]) -> int:
    path = argv[1] if len(argv) > 1 else "/healthz"
    port = os.environ.get("PROBE_PORT", os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rsplit(":", 1)[-1])
    request = urllib.request.Request(  # noqa: S310 - fixed http://127.0.0.1 URL
        f"http://127.0.0.1:{port}{path}",
        headers={"Host": probe_host(), "X-Forwarded-Proto": "https", "Accept": "application/json"},
    )
    try:
        timeout = float(os.environ.get("PROBE_TIMEOUT", "10"))
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http only
            status, body = response.status, response.read(2000)
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read(2000)
    except OSError as exc:
        sys.stdout.write(f"{path}: no answer ({exc})\n")
        return 1
    sys.stdout.write(f"{path}: {status} {body.decode(errors='replace')}\n")
    return 0 if status == 200 else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
