"""OpenAPI description of the studio API key scheme (drf-spectacular extension)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class StudioAPIKeyScheme(OpenApiAuthenticationExtension):
    target_class = "integrations.auth.StudioAPIKeyAuthentication"
    name = "StudioApiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <prefix>.<secret>`: a studio API key (docs/integration.md). "
            "Read keys may only GET; keys work only under their own studio's /api/studios/<id>/.",
        }
