"""The newer webhook events, from the services that cause them to a real HTTP receiver on 127.0.0.1
(signatures verified): dancer.archived, consent.changed on a grant and a withdrawal, report.ready
after a real season PDF, and referral.flagged once on the transition — not on every refresh or read.
Celery runs eagerly here; the on-commit hooks run as the transaction commits."""

from __future__ import annotations

from typing import Any

import pytest

from integrations.webhooks import webhook_subscription_create
from programs.dancer_services import referral_request_create
from programs.flag_state import referral_flags_refresh, referral_flags_sweep
from programs.models import ReferralFlagState
from reports.services import season_report_request
from studios.models import GuardianConsent
from studios.people import dancer_archive
from studios.policies import Actor, actor_for
from studios.services import consent_grant, consent_withdraw
from tests.integrations.test_webhooks import receiver
from tests.world import World

ALL = ["referral.flagged", "report.ready", "dancer.archived", "consent.changed"]


def _actor(world: World, user: Any) -> Actor:
    actor = actor_for(user=user, studio=world.a.studio)
    assert actor is not None
    return actor


def _events(received: list[dict]) -> list[str]:
    return [r["body"]["event"] for r in received]


def test_new_events_reach_a_real_receiver_with_ids_and_links_only(
    world: World, django_capture_on_commit_callbacks
) -> None:  # noqa: ANN001
    director, guardian = _actor(world, world.a.director), _actor(world, world.a.guardian)
    dancer = world.a.dancer
    with receiver() as (state, url):
        _, state.secret = webhook_subscription_create(studio=world.a.studio, actor=director, url=url, events=ALL)

        with django_capture_on_commit_callbacks(execute=True):
            consent_grant(studio=world.a.studio, actor=guardian, dancer=dancer, season=world.a.season)
        with django_capture_on_commit_callbacks(execute=True):
            consent = GuardianConsent.objects.get(dancer=dancer, withdrawn_at__isnull=True)
            consent_withdraw(studio=world.a.studio, actor=guardian, consent=consent)
        given, withdrawn = state.received[0]["body"], state.received[1]["body"]
        assert (given["event"], given["data"]["consent"]) == ("consent.changed", "given")
        assert (withdrawn["event"], withdrawn["data"]["consent"]) == ("consent.changed", "withdrawn")

        # referral.flagged: the "asked for an evaluation" rule starts firing -> one event.
        with django_capture_on_commit_callbacks(execute=True):
            referral_request_create(studio=world.a.studio, actor=guardian, dancer=dancer, note="knee hurts")
        flagged = state.received[2]["body"]
        assert flagged["event"] == "referral.flagged"
        assert set(flagged["data"]) == {"dancer", "link"} and "knee" not in str(flagged)  # no health details
        assert flagged["data"]["link"].endswith(f"/dancers/{dancer.public_id}/")
        # Still flagged: a second request, a refresh and the nightly sweep send nothing new.
        with django_capture_on_commit_callbacks(execute=True):
            referral_request_create(studio=world.a.studio, actor=guardian, dancer=dancer)
            assert referral_flags_refresh(studio=world.a.studio, dancer_ids=[dancer.pk]) == []
            assert referral_flags_sweep() == 0
        assert _events(state.received).count("referral.flagged") == 1
        row = ReferralFlagState.objects.get(dancer=dancer)
        assert row.flagged and row.codes == ["requested"] and row.flagged_since is not None

        with django_capture_on_commit_callbacks(execute=True):
            job = season_report_request(studio=world.a.studio, actor=director)
        job.refresh_from_db()
        assert job.state == "done"  # rendered by WeasyPrint in the eager task
        ready = [r["body"] for r in state.received if r["body"]["event"] == "report.ready"]
        assert len(ready) == 1 and ready[0]["data"]["report"] == str(job.public_id)
        assert ready[0]["data"]["season"] == str(world.a.season.public_id)

        with django_capture_on_commit_callbacks(execute=True):
            dancer_archive(studio=world.a.studio, actor=director, dancer=dancer)
            dancer_archive(studio=world.a.studio, actor=director, dancer=dancer)  # already archived: no event
        archived = [r["body"] for r in state.received if r["body"]["event"] == "dancer.archived"]
        assert len(archived) == 1 and archived[0]["data"]["dancer"] == str(dancer.public_id)
    assert state.bad_signatures == 0
    assert _events(state.received) == [
        "consent.changed", "consent.changed", "referral.flagged", "report.ready", "dancer.archived",
    ]  # fmt: skip


def test_a_subscription_gets_only_the_events_it_chose(world: World, django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    director = _actor(world, world.a.director)
    with receiver() as (state, url):
        _, state.secret = webhook_subscription_create(
            studio=world.a.studio, actor=director, url=url, events=["dancer.archived"]
        )
        with django_capture_on_commit_callbacks(execute=True):
            consent_grant(
                studio=world.a.studio, actor=_actor(world, world.a.guardian), dancer=world.a.dancer,
                season=world.a.season,
            )  # fmt: skip
            dancer_archive(studio=world.a.studio, actor=director, dancer=world.a.other_dancer)
    assert _events(state.received) == ["dancer.archived"]


@pytest.mark.parametrize("first_state", [None, False])
def test_flag_turning_on_again_emits_again(world: World, django_capture_on_commit_callbacks, first_state) -> None:  # noqa: ANN001
    """Off -> on is a transition each time; a dancer never evaluated before who is flagged counts too."""
    director, guardian = _actor(world, world.a.director), _actor(world, world.a.guardian)
    if first_state is not None:
        ReferralFlagState.objects.create(studio=world.a.studio, dancer=world.a.dancer, flagged=first_state)
    with receiver() as (state, url):
        _, state.secret = webhook_subscription_create(
            studio=world.a.studio, actor=director, url=url, events=["referral.flagged"]
        )
        with django_capture_on_commit_callbacks(execute=True):
            referral_request_create(studio=world.a.studio, actor=guardian, dancer=world.a.dancer)
        assert len(state.received) == 1
        world.a.dancer.referral_requests.all().delete()  # the reason goes away: not flagged
        assert referral_flags_refresh(studio=world.a.studio, dancer_ids=[world.a.dancer.pk]) == []
        assert not ReferralFlagState.objects.get(dancer=world.a.dancer).flagged
        with django_capture_on_commit_callbacks(execute=True):
            referral_request_create(studio=world.a.studio, actor=guardian, dancer=world.a.dancer)
        assert len(state.received) == 2
