"""Webhook events emitted by other apps' services (one-line hooks there) and the consent registry.

Payloads carry ids and a link to the API resource, never clip bytes or health details: a receiver
that wants a result fetches it with its API key, under the studio's consent and audit rules.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.urls import reverse

from integrations.webhooks import webhook_event_emit
from studios.models import DancerProfile, Studio


def _link(route: str, studio: Studio, pk: object) -> str:
    return settings.WEBHOOKS_LINK_BASE_URL + reverse(route, kwargs={"studio_id": studio.public_id, "pk": pk})


def analysis_finished(*, analysis_id: int) -> None:
    """analysis.completed (a measured result) or analysis.failed (rejected clip or our fault)."""
    # By the app registry, not an import: screenings sits above integrations and calls in here.
    analysis_model = apps.get_model("screenings", "Analysis")
    analysis = analysis_model.objects.select_related("studio", "clip__dancer").filter(pk=analysis_id).first()
    if analysis is None or analysis.state not in ("done", "failed"):
        return
    event = "analysis.completed" if analysis.state == "done" else "analysis.failed"
    data = {
        "analysis": str(analysis.public_id),
        "dancer": str(analysis.clip.dancer.public_id),
        "reason": analysis.reason if event == "analysis.failed" else "",
        "link": _link("analysis-detail", analysis.studio, analysis.public_id),
    }
    webhook_event_emit(studio=analysis.studio, event=event, data=data)


def assignment_created(*, assignment: Any) -> None:
    """assignment.created; `assignment` is a programs.Assignment (programs sits above integrations)."""
    data = {
        "assignment": str(assignment.public_id),
        "dancer": str(assignment.dancer.public_id) if assignment.dancer_id else None,
        "class": str(assignment.class_group.public_id) if assignment.class_group_id else None,
        "program": str(assignment.program.public_id),
        "link": _link("assignment-detail", assignment.studio, assignment.public_id),
    }
    webhook_event_emit(studio=assignment.studio, event="assignment.created", data=data)


def _consent_changed(studio: Studio, dancer: DancerProfile, change: str) -> None:
    data = {"dancer": str(dancer.public_id), "consent": change, "link": _link("dancer-detail", studio, dancer.public_id)}
    webhook_event_emit(studio=studio, event="consent.changed", data=data)


def consent_withdrawn(*, studio: Studio, dancer: DancerProfile) -> None:
    """Registered on studios.events (studios imports no app above it)."""
    _consent_changed(studio, dancer, "withdrawn")


def consent_given(*, studio: Studio, dancer: DancerProfile) -> None:
    """A guardian (or an adult dancer) gave or renewed consent; registered on studios.events."""
    _consent_changed(studio, dancer, "given")


def dancer_archived(*, studio: Studio, dancer: DancerProfile) -> None:
    """dancer.archived; registered on studios.events."""
    data = {"dancer": str(dancer.public_id), "link": _link("dancer-detail", studio, dancer.public_id)}
    webhook_event_emit(studio=studio, event="dancer.archived", data=data)


def referral_flagged(*, studio: Studio, dancer: DancerProfile) -> None:
    """referral.flagged: the referral rule started firing for this dancer (programs.flag_state).
    Ids only: the reasons are health details, read through the API with a key."""
    data = {"dancer": str(dancer.public_id), "link": _link("dancer-detail", studio, dancer.public_id)}
    webhook_event_emit(studio=studio, event="referral.flagged", data=data)


def report_ready(*, job: Any) -> None:
    """report.ready; `job` is a reports.ReportJob (reports sits above integrations)."""
    data = {
        "report": str(job.public_id),
        "kind": job.kind,
        "season": str(job.season.public_id),
        "link": _link("report-season-detail", job.studio, job.public_id),
    }
    webhook_event_emit(studio=job.studio, event="report.ready", data=data)
