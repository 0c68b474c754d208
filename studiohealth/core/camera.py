"""Live pose on the camera (the mirror, the framing coach on the upload page): headers and shared bits.

Only these pages get the camera (Permissions-Policy) and WebAssembly compilation
(`'wasm-unsafe-eval'` in script-src, which MediaPipe's WASM needs); every other page keeps the
site-wide policy: no camera, no WASM. Scripts still load only from 'self'.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from csp.decorators import csp_update
from django.http import HttpRequest, HttpResponse

from workers.quality import REASONS

MEDIAPIPE_POSE = "vendor/mediapipe-pose/0.5.1675469404/"  # static path of the vendored @mediapipe/pose
# Framing checks the server gate has no reason for (it cannot see the phone): same one-line style.
COACH_HINTS = {"level": "Stand the phone up straight and level: lean it on something steady."}

CAMERA_PERMISSIONS_POLICY = (
    "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
WASM_CSP = {"script-src": ["'wasm-unsafe-eval'"]}


def camera_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Allow this page's own scripts to use the camera and compile WebAssembly."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.headers["Permissions-Policy"] = CAMERA_PERMISSIONS_POLICY
        return response

    return csp_update(WASM_CSP)(wrapper)  # type: ignore[return-value]


def gate_reasons() -> dict[str, str]:
    """The server gate's reason codes and one-line fixes (workers.quality, the one table), for the
    framing coach to show the same words live."""
    return dict(REASONS)
