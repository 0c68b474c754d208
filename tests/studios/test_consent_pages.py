"""A guardian gives and withdraws filming consent in the UI; a minor dancer only reads it; the director
sees it and sends reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from studiohealth.core.exceptions import ApplicationError
from studios.consents import MINOR_CANNOT_CONSENT, video_wording
from studios.models import ConsentScope, GuardianConsent, Season
from studios.people_policies import CONSENT_ROLES_ONLY
from studios.selectors import active_consent
from studios.services import require_video_consent
from tests.world import World

pytestmark = pytest.mark.django_db


def _url(world: World, name: str, **kwargs: object) -> str:
    return reverse(name, kwargs={"studio_id": world.a.studio.public_id, **kwargs})


def test_guardian_gives_and_withdraws_consent_with_the_wording_recorded(world: World) -> None:
    a = world.a
    client = Client()
    client.force_login(a.guardian)
    page = client.get(_url(world, "studio-consent")).content.decode()
    wording = video_wording(studio=a.studio, dancer=a.dancer)
    assert "Not given." in page and wording in page
    assert a.other_dancer.full_name not in page  # only her own wards
    client.post(_url(world, "studio-consent-give", pk=a.dancer.public_id), {"scope": "video_analysis"})
    consent = GuardianConsent.objects.get(dancer=a.dancer, withdrawn_at__isnull=True)
    assert (consent.guardian, consent.scope, consent.wording, consent.season) == (
        a.guardian,
        ConsentScope.VIDEO_ANALYSIS,
        wording,
        a.season,
    )
    client.post(_url(world, "studio-consent-give", pk=a.dancer.public_id))  # twice: still one
    assert GuardianConsent.objects.filter(dancer=a.dancer, withdrawn_at__isnull=True).count() == 1
    page = client.get(_url(world, "studio-consent")).content.decode()
    assert f"Given by {a.guardian}" in page
    client.post(_url(world, "studio-consent-withdraw", pk=consent.public_id))
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_other_guardian_cannot_act_for_her(world: World) -> None:
    client = Client()
    client.force_login(world.a.other_guardian)
    assert client.post(_url(world, "studio-consent-give", pk=world.a.dancer.public_id)).status_code == 404
    assert not GuardianConsent.objects.filter(dancer=world.a.dancer).exists()


def test_a_minor_dancer_reads_who_consents_for_her_and_cannot_give_it(world: World) -> None:
    a = world.a
    client = Client()
    client.force_login(a.dancer_user)
    page = client.get(_url(world, "studio-consent")).content.decode()
    assert f"Consent for you is given by {a.guardian}" in page
    assert "I agree:" not in page and a.other_dancer.full_name not in page
    response = client.post(
        _url(world, "studio-consent-give", pk=a.dancer.public_id), {"scope": "report_sharing"}
    )
    assert response.status_code == 403 and escape(MINOR_CANNOT_CONSENT) in response.content.decode()
    assert not GuardianConsent.objects.filter(dancer=a.dancer).exists()


def test_staff_are_told_who_gives_consent(world: World) -> None:
    client = Client()
    client.force_login(world.a.teacher)
    response = client.get(_url(world, "studio-consent"))
    assert response.status_code == 403 and escape(CONSENT_ROLES_ONLY) in response.content.decode()


def test_director_sees_status_and_sends_a_reminder(world: World, django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    client = Client()
    client.force_login(world.a.director)
    people = client.get(_url(world, "studio-people")).content.decode()
    assert "not given</strong> — no filming yet" in people
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(world, "studio-consent-remind", pk=world.a.dancer.public_id))
    assert mail.outbox[-1].to == [world.a.guardian.email]
    assert _url(world, "studio-consent") in mail.outbox[-1].body


def test_a_consent_from_an_earlier_season_must_be_renewed(world: World) -> None:
    a = world.a
    last = Season.objects.create(
        studio=a.studio,
        name="2025/26",
        starts_on=a.season.starts_on - timedelta(days=365),
        ends_on=a.season.starts_on - timedelta(days=1),
    )
    GuardianConsent.objects.create(studio=a.studio, dancer=a.dancer, guardian=a.guardian, season=last)
    assert a.dancer.is_minor and active_consent(a.dancer) is None
    with pytest.raises(ApplicationError, match="guardian must give consent"):
        require_video_consent(a.dancer)
    client = Client()
    client.force_login(a.guardian)
    assert "Please renew it for this season" in client.get(_url(world, "studio-consent")).content.decode()
    client.post(_url(world, "studio-consent-give", pk=a.dancer.public_id))
    consent = active_consent(a.dancer)
    assert consent is not None and consent.season == a.season
    require_video_consent(a.dancer)
