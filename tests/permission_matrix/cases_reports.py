"""Matrix rows for reports/ routes.

Dancer report: whoever may see the dancer (director, her teacher, herself, her guardian); the other
teacher, other dancer and other guardian get the same 404 as for the dancer itself.
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


CASES = [
    Case("report-dancer", "get", expect(OK, **HIDDEN_DANCER), kwargs=dancer_kwargs),
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
    """A finished season report in each studio (B's too, so a wrong scope would show up as data)."""
    from django.core.files.base import ContentFile

    from reports.models import ReportJob, ReportState

    for tenant, key in ((w.a, "report_job"), (w.b, "report_job_b")):
        job = ReportJob(studio=tenant.studio, season=tenant.season, requested_by=tenant.director)
        job.file.save("season.pdf", ContentFile(b"%PDF-1.7\n% matrix placeholder\n"), save=False)
        job.state = ReportState.DONE
        job.save()
        w.extra[key] = job
