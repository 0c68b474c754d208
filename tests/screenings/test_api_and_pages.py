"""Paired ownership tests (foreign id in the payload → nothing written) and the two pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from privacy.models import AuditAction, AuditEvent
from screenings.models import Analysis, Clip, Screening
from studios.models import DancerProfile
from tests.conftest import client_for
from tests.permission_matrix.cases_screenings import setup as matrix_rows
from tests.screenings.videos import post_tiny_clip
from tests.world import World

pytestmark = pytest.mark.django_db
UPLOAD_PAGE = "screening-upload"


def _post_clip(client, world: World, dancer_id) -> object:  # noqa: ANN001
    return post_tiny_clip(client, world.a.studio, DancerProfile.objects.get(public_id=dancer_id))


def test_upload_for_a_foreign_studio_dancer_is_404_and_writes_nothing(consented: World) -> None:
    director = client_for(consented, "director")
    foreign = _post_clip(director, consented, consented.b.dancer.public_id)
    assert foreign.status_code == 404
    assert (Clip.objects.count(), Screening.objects.count(), Analysis.objects.count()) == (0, 0, 0)
    own = _post_clip(director, consented, consented.a.dancer.public_id)
    assert own.status_code == 201
    assert Clip.objects.get().studio_id == consented.a.studio.pk


def test_screening_for_a_foreign_studio_dancer_is_404_and_writes_nothing(world: World) -> None:
    url = reverse("screening-list", kwargs={"studio_id": world.a.studio.public_id})
    director = client_for(world, "director")
    assert director.post(url, {"dancer": str(world.b.dancer.public_id)}).status_code == 404
    assert not Screening.objects.exists()
    assert director.post(url, {"dancer": str(world.a.dancer.public_id)}).status_code == 201


def test_clip_file_is_served_only_through_the_checked_view_and_audited(world: World) -> None:
    matrix_rows(world)
    clip = world.extra["clip"]
    url = reverse("clip-file", kwargs={"studio_id": world.a.studio.public_id, "pk": clip.public_id})
    response = client_for(world, "guardian").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).endswith(b"matrix")
    assert response["Cache-Control"] == "private, no-store"
    event = AuditEvent.objects.get(action=AuditAction.VIEW_CLIP)
    assert (event.actor, event.dancer, event.target_ref) == (
        world.a.guardian,
        world.a.dancer,
        str(clip.public_id),
    )
    assert (
        "/media/" not in clip.file.url or client_for(world, "guardian").get(clip.file.url).status_code == 404
    )


def test_upload_page_shows_guidance_and_camera_capture(world: World) -> None:
    url = reverse("screening-upload", kwargs={"studio_id": world.a.studio.public_id})
    page = client_for(world, "dancer").get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'accept="video/*" capture' in html
    assert "feet included" in html and "2–3 m" in html and "mirror" in html
    assert "<script src=" in html and "<script>" not in html  # CSP 'self': no inline script
    assert client_for(world, "guardian").get(url).status_code == 403  # guardians read, never upload
    assert client_for(world, "outsider").get(url).status_code == 404


def test_upload_page_without_javascript_refuses_a_minor_without_consent(world: World) -> None:
    page = post_tiny_clip(client_for(world, "teacher"), world.a.studio, world.a.dancer, url_name=UPLOAD_PAGE)
    assert page.status_code == 400
    assert "guardian must give consent" in page.content.decode()
    assert not Clip.objects.exists()


def test_upload_page_without_javascript_stores_and_redirects_to_status(consented: World) -> None:
    dancer = client_for(consented, "dancer")
    page = post_tiny_clip(dancer, consented.a.studio, consented.a.dancer, url_name=UPLOAD_PAGE)
    analysis = Analysis.objects.get()
    assert page.status_code == 302
    assert page["Location"].endswith(f"/analyses/{analysis.public_id}/")
    status = client_for(consented, "dancer").get(page["Location"])
    assert status.status_code == 200
    assert 'data-poll="1"' in status.content.decode()
    assert client_for(consented, "other_dancer").get(page["Location"]).status_code == 404


def test_status_page_of_a_rejected_clip_says_why_and_offers_film_again(world: World) -> None:
    matrix_rows(world)
    analysis = world.extra["analysis"]
    Analysis.objects.filter(pk=analysis.pk).update(
        state="failed",
        reason="feet_not_visible",
        message="We couldn't see your feet. Keep your whole body, including feet, in the frame.",
    )
    url = reverse("analysis-status", kwargs={"studio_id": world.a.studio.public_id, "pk": analysis.public_id})
    html = client_for(world, "dancer").get(url).content.decode()
    assert "couldn&#x27;t see your feet" in html
    assert "Film again" in html and f"dancer={world.a.dancer.public_id}" in html


def test_status_page_of_a_done_plie_shows_numbers_with_bands(world: World, shared_clips: Path) -> None:
    matrix_rows(world)
    analysis = world.extra["analysis"]
    m = lambda v, s: {"value": v, "sem": s}  # noqa: E731
    analysis.result = {
        "status": "ok",
        "metrics": {
            "knee_toe_offset_pct": {"left": m(-6.2, 2.5), "right": m(1.4, 2.5)},
            "band": {"left": "concern", "right": "aligned"},
            "depth_pct": m(21.0, 2.5),
            "symmetry_pct": m(-7.6, 3.5),
        },
    }
    analysis.save()
    url = reverse("analysis-status", kwargs={"studio_id": world.a.studio.public_id, "pk": analysis.public_id})
    html = client_for(world, "guardian").get(url).content.decode()
    assert "-6.2 ± 2.5 % leg length" in html
    assert "flag for review by a dance medicine specialist" in html
    assert "diagnos" not in html.replace("not a diagnosis", "")
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_RESULT, dancer=world.a.dancer).exists()


def test_status_page_shows_the_offset_at_30_pct_depth_or_says_why_not(world: World) -> None:
    """Engine 1.2 reads the offset where each plié passes 30 % depth (trends compare it): the page
    shows it beside the deepest-point value with its band, or says in plain words why it is missing."""
    matrix_rows(world)
    analysis = world.extra["analysis"]
    m = lambda v, s: {"value": v, "sem": s}  # noqa: E731
    metrics = {
        "knee_toe_offset_pct": {"left": m(4.9, 2.5), "right": m(7.7, 2.5)},
        "knee_toe_offset_matched_pct": {"left": m(1.8, 2.5), "right": m(5.6, 2.5)},
        "matched_depth_pct": 30.0,
        "band": {"left": "aligned", "right": "aligned"},
        "depth_pct": m(33.1, 2.5),
        "symmetry_pct": m(-2.8, 3.5),
    }
    analysis.result = {"status": "ok", "metrics": metrics}
    analysis.save()
    url = reverse("analysis-status", kwargs={"studio_id": world.a.studio.public_id, "pk": analysis.public_id})
    html = client_for(world, "director").get(url).content.decode()
    assert "Left knee vs toe line, deepest point" in html and "4.9 ± 2.5 % leg length" in html
    assert "Left knee vs toe line at 30 % depth" in html and "1.8 ± 2.5 % leg length" in html
    assert "Right knee vs toe line at 30 % depth" in html and "5.6 ± 2.5 % leg length" in html
    assert 'id="depth-note"' in html

    metrics["knee_toe_offset_matched_pct"] = None  # every plié stayed shallower than 30 %
    analysis.result = {"status": "ok", "metrics": metrics}
    analysis.save()
    html = client_for(world, "director").get(url).content.decode()
    assert "Not available: no plié went as deep as 30 % of leg length" in html
    assert "at 30 % depth</th>" in html and "1.8 ±" not in html
    assert "diagnos" not in html.replace("not a diagnosis", "")
