"""ops.probe picks a Host the production settings accept, whatever shape ALLOWED_HOSTS has."""

from __future__ import annotations

import pytest
from django.http.request import validate_host

from ops.probe import probe_host


@pytest.mark.parametrize(
    "allowed",
    ["studio.example.com", " studio.example.com , other.example.com", ".example.com", "*", "localhost"],
)
def test_the_probe_host_is_allowed(allowed: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_HOSTS", allowed)
    assert validate_host(probe_host(), [h.strip() for h in allowed.split(",")])


def test_without_allowed_hosts_the_probe_uses_the_settings_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALLOWED_HOSTS", raising=False)
    assert validate_host(probe_host(), ["127.0.0.1", "localhost"])  # settings/base.py's default
