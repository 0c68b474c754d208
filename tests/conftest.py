from __future__ import annotations

from pathlib import Path

import pytest
from rest_framework.test import APIClient

from tests.world import World, build_world

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_CLIPS = REPO_ROOT.parent / "shared" / "clips"


def pytest_configure(config: pytest.Config) -> None:
    """WhiteNoise serves STATIC_ROOT and warns when it is missing; tests never run collectstatic."""
    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path: Path) -> None:  # noqa: ANN001
    """Every test writes uploads and key frames into its own temporary media root."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db) -> World:  # noqa: ANN001
    return build_world()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def client_for(world: World, role: str) -> APIClient:
    client = APIClient()
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def shared_clips() -> Path:
    if not SHARED_CLIPS.is_dir():
        pytest.skip(f"shared clips not found at {SHARED_CLIPS} (the ../shared folder beside the repo)")
    return SHARED_CLIPS
