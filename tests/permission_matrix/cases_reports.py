"""Matrix rows for reports/ routes.

Dancer report: whoever may see the dancer's results (director, herself, her guardian, her teacher
with the report-sharing consent; without it 403); the other teacher, other dancer and other guardian
get the same 404 as for the dancer itself.
Season report (request, list, status, file): the director only; every other member 403.
"""

from __future__ import annotations

from tests.permission_matrix.case import FORBIDDEN, NOT_FOUND, OK, Case, dancer_kwargs, expect, studio_kwargs
from tests.world import World

ACCEPTED = 202
DIRECTOR_ONLY = expect(FORBIDDEN, director=OK)
HIDDEN_DANCER = {"other_teacher": NOT_FOUND, "other_dancer": NOT_FOUND, "other_guardian": NOT_FOUND}


def _job(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "pk": w.extra["report_job"].public_id}


def _unshared_dancer(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "pk": w.a.other_dancer.public_id}


CASES = [
    Case("report-dancer", "get", expect(OK, **HIDDEN_DANCER), kwargs=dancer_kwargs),
    # Bea has no report-sharing consent: her teacher sees her but not her results (403 with the reason,
    # studios/results_access.py); the director, Bea and her guardian do; the others 404 as for Bea herself.
    Case(
        "report-dancer",
        "get",
        expect(NOT_FOUND, director=OK, other_teacher=FORBIDDEN, other_dancer=OK, other_guardian=OK),
        kwargs=_unshared_dancer,
        label="not shared with teachers",
    ),
    Case("report-season-list", "get", DIRECTOR_ONLY, kwargs=studio_kwargs),
    Case(
        "report-season-list",
        "post",
        expect(FORBIDDEN, director=ACCEPTED),
        kwargs=studio_kwargs,
        data=lambda w: {"season": str(w.a.season.public_id), "paper": "letter"},
    ),
    Case("report-season-detail", "get", DIRECTOR_ONLY, kwargs=_job),
    Case("report-season-file", "get", DIRECTOR_ONLY, kwargs=_job),
]


def setup(w: World) -> None:
    """A finished season report in each studio (B's too, so a wrong scope would show up as data), and
    Ada's family sharing her reports with her teacher (the first row: her teacher gets her PDF)."""
    from django.core.files.base import ContentFile

    from reports.models import ReportJob, ReportState
    from studios.models import ConsentScope, GuardianConsent

    GuardianConsent.objects.create(
        studio=w.a.studio, dancer=w.a.dancer, guardian=w.a.guardian, scope=ConsentScope.REPORT_SHARING,
        season=w.a.season,
    )  # fmt: skip

    for tenant, key in ((w.a, "report_job"), (w.b, "report_job_b")):
        job = ReportJob(studio=tenant.studio, season=tenant.season, requested_by=tenant.director)
        job.file.save("season.pdf", ContentFile(b"%PDF-1.7\n% matrix placeholder\n"), save=False)
        job.state = ReportState.DONE
        job.save()
        w.extra[key] = job
