"""The request type of pages behind login_required: `request.user` is a User, never anonymous."""

from __future__ import annotations

from django.http import HttpRequest

from studios.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
