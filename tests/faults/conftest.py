"""Fixtures shared with the screenings tests (a consented minor, a real worker)."""

from __future__ import annotations

from tests.celery_support import live_worker  # noqa: F401 - fixture
from tests.screenings.conftest import consented  # noqa: F401 - fixture
