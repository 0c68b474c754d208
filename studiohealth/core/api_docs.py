"""The Redoc API reference page (/api/redoc/) under our CSP, with a per-response style nonce.

Redoc renders with styled-components, which injects <style> elements; `style-src 'self'` refuses
them. Redoc passes its `nonce` option to styled-components (`__webpack_require__.nc`, read when it
creates each <style>), so this one view adds a fresh nonce to style-src (django-csp NONCE: a new
value per response) and the page hands it to `Redoc.init` from a data attribute read by our own
static script (no inline script). Every other page keeps the site CSP byte for byte. Redoc's footer
badge (an <img> from cdn.redoc.ly) stays blocked by img-src: no third-party request.
"""

from __future__ import annotations

from csp.constants import NONCE
from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularRedocView

# Two inline styles the bundle inserts while it loads, before Redoc.init can pass the nonce on: the
# perfect-scrollbar stylesheet (webpack style-loader) and an empty <style>. Allowed by their exact
# SHA-256, so nothing else inline can run; tests/browser/test_onboarding_api_docs.py fails on any CSP
# error, so a sidecar upgrade that changes them is caught. Search runs in a Worker built from a blob:.
PERFECT_SCROLLBAR_CSS = "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='"
EMPTY_STYLE = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
REDOC_CSP = {"style-src": [NONCE, PERFECT_SCROLLBAR_CSS, EMPTY_STYLE], "worker-src": ["'self'", "blob:"]}


@method_decorator(csp_update(REDOC_CSP), name="dispatch")
class RedocView(SpectacularRedocView):
    """drf-spectacular's Redoc view with our template (frontend_templates/drf_spectacular/redoc.html)."""
