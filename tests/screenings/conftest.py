from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from screenings.demo import seed_screenings
from screenings.models import Analysis
from studios.demo import DemoStudio, seed_people
from studios.models import GuardianConsent
from tests.celery_support import live_worker  # noqa: F401 - fixture
from tests.world import World

CLIP_LIST = "clip-list"


@pytest.fixture
def consented(world: World) -> World:
    """a.dancer (a minor) with her guardian's consent for video analysis."""
    GuardianConsent.objects.create(studio=world.a.studio, dancer=world.a.dancer, guardian=world.a.guardian)
    return world


def upload(client, world: World, path: Path, test: str, *, name: str | None = None, dancer=None):  # noqa: ANN001, ANN201
    from django.urls import reverse

    url = reverse(CLIP_LIST, kwargs={"studio_id": world.a.studio.public_id})
    with path.open("rb") as fh:
        payload = {"dancer": str((dancer or world.a.dancer).public_id), "test": test, "file": fh}
        if name:
            from django.core.files.uploadedfile import SimpleUploadedFile

            payload["file"] = SimpleUploadedFile(name, fh.read())
        return client.post(url, payload, format="multipart")


def analysis_of(response) -> Analysis:  # noqa: ANN001
    return Analysis.objects.get(public_id=response.data["analysis"])


def seed_demo() -> tuple[DemoStudio, list[Analysis], date]:
    """The demo studio's people and season seeded today, with its real engine runs (screenings.demo)."""
    today = timezone.localdate()
    demo = seed_people(today)
    return demo, seed_screenings(demo, today), today
