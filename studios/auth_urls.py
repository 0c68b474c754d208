"""API token routes, mounted at /api/auth/ (studios/tokens.py)."""

from django.db import transaction
from django.urls import path

from studios.tokens import ObtainExpiringToken, RevokeToken

urlpatterns = [
    # Not atomic: a failed attempt raises (400), which would roll back django-axes' failure record
    # and leave the token endpoint open to brute force (tests/security/test_login_lockout.py).
    path("token/", transaction.non_atomic_requests(ObtainExpiringToken.as_view()), name="api-token"),
    path("token/revoke/", RevokeToken.as_view(), name="api-token-revoke"),
]
