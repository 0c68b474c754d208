"""Pages: the mobile upload page and the live analysis status page (server-rendered, JS-enhanced)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from privacy.models import AuditAction
from privacy.services import audit_record
from screenings import services
from screenings.models import AnalysisState, TestType
from screenings.selectors import (
    Measure,
    PlieResult,
    analysis_list,
    clip_is_synthetic,
    dancer_get_visible,
    plie_result,
    stance_result,
)
from studiohealth.core.camera import COACH_HINTS, MEDIAPIPE_POSE, camera_page, gate_reasons
from studiohealth.core.exceptions import ApplicationError, NotFoundError
from studios.policies import Actor, can_upload_for_dancer, visible_dancers
from studios.results_access import results_hidden_reason
from studios.scoping import parse_uuid_or_404, studio_page

NOT_THE_CLIPS_FAULT = frozenset({"analysis_error", "consent_withdrawn"})
FAILURE_HEADINGS = {
    "analysis_error": "We could not finish this analysis",  # our side: the message says so
    "consent_withdrawn": "Not analysed",
}
FILM_AGAIN_HEADING = "We need another clip"
BAND_WORDS = {
    "aligned": "knee over the toes",
    "level": "pelvis level",
    "watch": "watch",
    "concern": "concern — flag for review by a dance medicine specialist if it persists or hurts",
}
FILMING_TIPS = [
    "Film from the front, facing the dancer.",
    "Whole body in the picture, feet included.",
    "Phone 2–3 m away, at hip height (lean it on a chair or bag).",
    "Only the dancer in the frame.",
    "If the studio has a mirror, it goes behind the camera, not behind the dancer.",
]
TEST_HOWTO = {
    TestType.PLIE: "Second position, hands on the barre or hips: 2–3 slow pliés, about 10–20 seconds.",
    TestType.STANCE: "Stand on both feet for a second, then lift one knee and hold 5 seconds; then the other side.",
}


def _uploadable_dancers(actor: Actor) -> list[Any]:
    return [d for d in visible_dancers(actor).select_related("studio") if can_upload_for_dancer(actor, d)]


@transaction.non_atomic_requests  # the probe runs before clip_create's one short transaction
@studio_page
@require_http_methods(["GET", "POST"])
@camera_page  # the framing coach runs pose on the camera preview (studiohealth/core/camera.py)
def upload(request: HttpRequest, actor: Actor) -> HttpResponse:
    dancers = _uploadable_dancers(actor)
    if not dancers:
        raise PermissionDenied("You can upload clips only for yourself or for dancers in your classes.")
    error = None
    selected = {
        "dancer": request.POST.get("dancer") or request.GET.get("dancer") or str(dancers[0].public_id),
        "test": request.POST.get("test") or request.GET.get("test") or TestType.PLIE,
        "mirrored": request.POST.get("mirrored") == "on",
    }
    if request.method == "POST":
        # Without JavaScript the form posts here; with it, upload.js sends the same fields to the API.
        dancer = dancer_get_visible(actor=actor, dancer_public_id=request.POST.get("dancer"))
        upload_file = request.FILES.get("file")
        if dancer is None:
            raise Http404
        if upload_file is None:
            error = "Choose or record a video first."
        else:
            try:
                done = services.clip_create(
                    studio=actor.studio,
                    actor=actor,
                    dancer=dancer,
                    test=request.POST.get("test", ""),
                    upload=upload_file,
                    mirrored=request.POST.get("mirrored") == "on",
                )
            except NotFoundError:
                raise Http404 from None  # the same answer as an unknown id
            except ApplicationError as exc:
                error = exc.message
            else:
                return redirect(
                    "analysis-status", studio_id=actor.studio.public_id, pk=done.analysis.public_id
                )
    context = {
        "actor": actor,
        "studio": actor.studio,
        "dancers": dancers,
        "selected": selected,
        "tests": TestType.choices,
        "tips": FILMING_TIPS,
        "howto": TEST_HOWTO,
        "error": error,
        "api_url": reverse("clip-list", kwargs={"studio_id": actor.studio.public_id}),
        "reasons": gate_reasons(),  # the framing coach words its checks with the gate's table
        "hints": COACH_HINTS,
        "pose_base": MEDIAPIPE_POSE,
    }
    return render(request, "screenings/upload.html", context, status=400 if error else 200)


def _measure(m: Measure | None, unit: str) -> str:
    if m is None or m.value is None:
        return "not measured"
    return f"{m.value:.1f} ± {m.sem:.1f} {unit}" if m.sem is not None else f"{m.value:.1f} {unit}"


def _matched_rows(r: PlieResult) -> list[tuple[str, str, str | None]]:
    """The offset read where each plié passes the standard depth: the value trends compare."""
    if r.matched_depth_pct is None:
        return []  # an engine before 1.2 did not read it
    at = f"at {r.matched_depth_pct:.0f} % depth"
    if r.knee_toe_offset_matched_left is None or r.knee_toe_offset_matched_right is None:
        words = f"Not available: no plié went as deep as {r.matched_depth_pct:.0f} % of leg length"
        return [(f"Knee vs toe line {at}", words, None)]
    return [
        (f"Left knee vs toe line {at}", _measure(r.knee_toe_offset_matched_left, "% leg length"), None),
        (f"Right knee vs toe line {at}", _measure(r.knee_toe_offset_matched_right, "% leg length"), None),
    ]


def _result_rows(analysis: Any) -> list[tuple[str, str, str | None]]:
    """(label, value ± band, band) rows for the status page; every number with its error band."""
    if analysis.test == TestType.PLIE:
        r = plie_result(analysis)
        return [
            ("Left knee vs toe line, deepest point", _measure(r.knee_toe_offset_left, "% leg length"), r.band_left),
            ("Right knee vs toe line, deepest point", _measure(r.knee_toe_offset_right, "% leg length"), r.band_right),
            *_matched_rows(r),
            ("Depth", _measure(r.depth, "% leg length"), None),
            ("Left − right", _measure(r.symmetry, "% leg length"), None),
        ]  # fmt: skip
    r2 = stance_result(analysis)
    rows = []
    for side in r2.sides:
        leg = side.stance_leg.capitalize()
        rows.append((f"{leg} leg: pelvic drop", _measure(side.pelvic_drop_median, "°"), side.band))
        rows.append((f"{leg} leg: knee angle (FPPA)", _measure(side.stance_fppa, "°"), side.fppa_band))
        lean = _measure(side.trunk_lean, "°") + (" — leaning to compensate" if side.compensating else "")
        rows.append((f"{leg} leg: trunk lean", lean, None))
        rows.append((f"{leg} leg: hold", _measure(side.hold_s, "s"), None))
    return rows


@studio_page
def analysis_status(request: HttpRequest, actor: Actor, pk: str) -> HttpResponse:
    analysis = (
        analysis_list(actor=actor)
        .select_related("clip", "dancer")
        .filter(public_id=parse_uuid_or_404(pk))
        .first()
    )
    if analysis is None:
        raise Http404
    hidden = results_hidden_reason(actor, analysis.dancer)  # status stays visible; numbers may not
    done = analysis.state == AnalysisState.DONE and hidden is None
    if done:
        audit_record(
            actor=actor,
            action=AuditAction.VIEW_RESULT,
            dancer=analysis.dancer,
            target=analysis,
            request=request,
        )
    sid = actor.studio.public_id
    context = {
        "actor": actor,
        "studio": actor.studio,
        "analysis": analysis,
        "rows": _result_rows(analysis) if done else [],
        "depth_note": done and analysis.test == TestType.PLIE,
        "synthetic": clip_is_synthetic(analysis.clip),
        "band_words": BAND_WORDS,
        "finished": analysis.state in (AnalysisState.DONE, AnalysisState.FAILED),
        "failure_heading": FAILURE_HEADINGS.get(analysis.reason, FILM_AGAIN_HEADING),
        # Our fault or a withdrawn consent: filming again would not help, so no button for it.
        "can_film_again": can_upload_for_dancer(actor, analysis.dancer)
        and analysis.reason not in NOT_THE_CLIPS_FAULT,
        "film_again_url": reverse("screening-upload", kwargs={"studio_id": sid})
        + f"?dancer={analysis.dancer.public_id}&test={analysis.test}",
        "api_url": reverse("analysis-detail", kwargs={"studio_id": sid, "pk": analysis.public_id}),
        "keyframe_url": reverse("analysis-keyframe", kwargs={"studio_id": sid, "pk": analysis.public_id}),
        "notes": ((analysis.result or {}).get("quality") or {}).get("notes") or [] if done else [],
        "results_hidden": hidden,
    }
    return render(request, "screenings/status.html", context)
