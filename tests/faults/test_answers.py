"""What the API and pages answer when a rule says no: the service's reason survives, and a foreign id
looks exactly like a random one (issue 11 items 5 and 9)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from programs.models import ExerciseLog
from screenings.models import Clip
from screenings.services import CANNOT_UPLOAD
from studios.models import GuardianConsent
from tests.conftest import client_for
from tests.programs.factories import make_assignment, make_program
from tests.screenings.videos import post_tiny_clip
from tests.world import World

pytestmark = pytest.mark.django_db


def test_a_guardian_uploading_for_her_ward_reads_the_reason_not_drfs_generic_sentence(world: World) -> None:
    GuardianConsent.objects.create(studio=world.a.studio, dancer=world.a.dancer, guardian=world.a.guardian)
    url = reverse("clip-list", kwargs={"studio_id": world.a.studio.public_id})
    payload = {
        "dancer": str(world.a.dancer.public_id),
        "test": "plie",
        "file": SimpleUploadedFile("c.mp4", b"x"),
    }
    response = client_for(world, "guardian").post(url, payload, format="multipart")
    assert response.status_code == 403
    assert response.json() == {"message": CANNOT_UPLOAD, "extra": {}}
    assert Clip.objects.count() == 0


def test_a_role_refusal_without_a_reason_keeps_the_generic_message(world: World) -> None:
    url = reverse("invitation-list", kwargs={"studio_id": world.a.studio.public_id})
    response = client_for(world, "teacher").post(url, {"email": "x@example.org", "role": "teacher"})
    assert response.status_code == 403
    assert response.json()["message"] == "Your role in this studio does not allow this action."


def test_options_on_a_studio_answers_a_foreign_id_like_a_random_one(world: World) -> None:
    dancer = client_for(world, "dancer")

    def options(studio_id: object) -> tuple[int, object]:
        response = dancer.options(reverse("studio-detail", kwargs={"studio_id": studio_id}))
        return response.status_code, response.json()

    foreign, random_id = options(world.b.studio.public_id), options(uuid.uuid4())
    assert foreign == random_id
    assert foreign[0] == 404
    assert options(world.a.studio.public_id)[0] == 200


def test_options_on_a_scoped_detail_answers_a_hidden_row_like_a_random_one(consented: World) -> None:
    director = client_for(consented, "director")
    created = post_tiny_clip(director, consented.a.studio, consented.a.dancer)
    assert created.status_code == 201
    other_dancer = client_for(consented, "other_dancer")  # same studio, may not see a.dancer's clips

    def options(pk: object) -> int:
        kwargs = {"studio_id": consented.a.studio.public_id, "pk": pk}
        return other_dancer.options(reverse("clip-detail", kwargs=kwargs)).status_code

    assert options(created.json()["id"]) == options(uuid.uuid4()) == 404


def test_logging_against_another_dancers_assignment_is_a_plain_404(world: World) -> None:
    """The page endpoint used to redirect with "Assignment not found for this dancer." for a real id."""
    a = world.a
    program = make_program(studio=a.studio, n=1)
    today = a.studio.today()
    theirs = make_assignment(
        studio=a.studio, program=program, dancer=a.other_dancer, starts_on=today - timedelta(days=3)
    )
    exercise = program.items.get().exercise
    client = Client()
    client.force_login(a.dancer_user)
    url = reverse("programs-today-log", kwargs={"studio_id": a.studio.public_id})

    def post(assignment_id: object) -> tuple[int, str]:
        response = client.post(url, {"assignment": str(assignment_id), "exercise": str(exercise.public_id)})
        return response.status_code, response.headers.get("Location", "")

    real, random_id = post(theirs.public_id), post(uuid.uuid4())
    assert real == random_id
    assert real[0] == 404
    assert ExerciseLog.objects.count() == 0
