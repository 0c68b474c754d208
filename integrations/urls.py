"""Pages for integrations, mounted at /s/<studio_id>/."""

from django.urls import path

from integrations import views

urlpatterns = [
    path("integrations/api-keys/", views.api_keys, name="integrations-api-keys"),
    path(
        "integrations/api-keys/<str:key_id>/revoke/", views.api_key_revoke, name="integrations-api-key-revoke"
    ),
]
