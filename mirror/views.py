"""The mirror page: live practice of the plié and the single-leg stance (no recording, no upload)."""

from __future__ import annotations

import math

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from mirror.selectors import BAND_WORDS, mirror_log_target
from screenings.selectors import dancer_get_visible
from studiohealth.core.camera import COACH_HINTS, MEDIAPIPE_POSE, camera_page, gate_reasons
from studios.policies import Actor, can_log_for_dancer, can_upload_for_dancer, visible_dancers
from studios.scoping import studio_page

TESTS = {"plie": "Plié in second position", "stance": "Single-leg stance"}


@studio_page
@require_GET
@camera_page
def practice(request: HttpRequest, actor: Actor) -> HttpResponse:
    # Whoever may film a dancer may hold the mirror for her (herself, her teacher, the director).
    dancers = [d for d in visible_dancers(actor).select_related("studio") if can_upload_for_dancer(actor, d)]
    if not dancers:
        raise PermissionDenied("The mirror is for dancers and the staff who film them.")
    wanted = request.GET.get("dancer")
    dancer = dancer_get_visible(actor=actor, dancer_public_id=wanted) if wanted else dancers[0]
    if dancer is None or dancer not in dancers:
        raise Http404
    test = request.GET.get("test", "plie")
    if test not in TESTS:
        test = "plie"
    can_log = can_log_for_dancer(actor, dancer)
    try:  # ?seconds=30: a timed practice that finishes itself
        seconds: float | None = float(request.GET.get("seconds", ""))
    except ValueError:
        seconds = None
    if seconds is not None:
        seconds = min(max(seconds, 1.0), 600.0) if math.isfinite(seconds) else None
    sid = actor.studio.public_id
    context = {
        "actor": actor,
        "studio": actor.studio,
        "dancers": dancers,
        "dancer": dancer,
        "test": test,
        "test_label": TESTS[test],
        "seconds": seconds,
        "tests": TESTS,
        "can_log": can_log,
        "target": mirror_log_target(studio=actor.studio, dancer=dancer, test=test) if can_log else None,
        "today": actor.studio.today(),
        "reasons": gate_reasons(),
        "hints": COACH_HINTS,
        "band_words": BAND_WORDS,
        "pose_base": MEDIAPIPE_POSE,  # a static path, as on the upload page (mirror/_pose_scripts.html)
        "log_url": reverse("exercise-log-list", kwargs={"studio_id": sid}),
        "queue_key": f"studiohealth.logs.{sid}.{dancer.public_id}",
    }
    return render(request, "mirror/practice.html", context)
