"""OPTIONS answers for the API: a detail route resolves its object first, exactly as GET does.

DRF's SimpleMetadata answers 200 for any id, so `OPTIONS /api/studios/<any uuid>/` told a logged-in
user nothing about permissions but everything about which routes exist; resolving the object makes
a foreign or unknown id the same 404 as every other method.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rest_framework.metadata import SimpleMetadata
from rest_framework.request import Request

if TYPE_CHECKING:  # rest_framework.views imports this module while it is being defined
    from rest_framework.views import APIView


class ScopedMetadata(SimpleMetadata):
    def determine_metadata(self, request: Request, view: APIView) -> dict[str, Any]:
        lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", None)
        get_object = getattr(view, "get_object", None)
        if lookup and lookup in view.kwargs and callable(get_object):
            get_object()  # raises the scope's 404 for an id the requester may not see
        return super().determine_metadata(request, view)
