"""The permission matrix for PAGES: every non-admin, non-studio-API route × persona × method → status.

`test_every_page_route_has_rows` walks the URL conf: a new page (or an /api/ route outside
/api/studios/, which the API matrix in tests/permission_matrix covers) without a GET and a POST row
fails. Anonymous visitors are sent to the login page (302) and members of another studio get 404 —
the same answer as an unknown id — unless a row says otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import Client
from django.urls import get_resolver, reverse

from tests.permission_matrix.case import Case, class_kwargs, dancer_kwargs
from tests.permission_matrix.test_matrix import walk
from tests.privacy.footprint import build_footprint
from tests.world import ROLES, World, build_world

OK, FOUND, BAD, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 400, 403, 404, 405
LOGIN = "/login/"


def page(default: int, **overrides: int) -> dict[str, int]:
    table = {role: default for role in ROLES}
    table["anonymous"] = FOUND
    table["outsider"] = NOT_FOUND
    table.update(overrides)
    return table


def every(status: int) -> dict[str, int]:
    return {role: status for role in ROLES}


# Who sees a dancer (a.dancer): director, her teacher, herself, her guardian. The others: 404.
SEES_DANCER = page(OK, other_teacher=NOT_FOUND, other_dancer=NOT_FOUND, other_guardian=NOT_FOUND)
DIRECTOR_PAGE = page(FORBIDDEN, director=OK)
STAFF_PAGE = page(OK, dancer=FORBIDDEN, other_dancer=FORBIDDEN, guardian=FORBIDDEN, other_guardian=FORBIDDEN)


@dataclass(frozen=True)
class PageCase(Case):
    """A matrix row for a page: the API row plus an optional query string."""

    query: Callable[[World], dict[str, Any]] | None = None


def _dancer_id(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "dancer_id": w.a.dancer.public_id}


def _analysis(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "pk": w.extra["pages"]["analysis"].public_id}


def _program(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "program_pk": w.extra["pages"]["program"].public_id}


def _job(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "job_id": w.extra["pages"]["job"].public_id}


def _invite(w: World) -> dict:
    return {"token": w.extra["pages"]["invitation"].token}


def _for_dancer(w: World) -> dict:
    return {"dancer": str(w.a.dancer.public_id)}


def _log_form(w: World) -> dict:
    p = w.extra["pages"]
    return {
        "dancer": str(w.a.dancer.public_id),
        "assignment": str(p["assignment"].public_id),
        "exercise": str(p["exercise"].public_id),
        "reps": "12",
        "idempotency_key": "pages-matrix",
    }


ANON_ONLY_LOGIN = every(FOUND) | {"anonymous": OK}  # a logged-in user is sent on from the login page

PAGE_CASES = [
    # --- accounts (not studio-scoped) ---------------------------------------------------------------
    PageCase("home", "get", page(OK, outsider=OK), kwargs=lambda w: {}),
    PageCase("home", "post", page(OK, outsider=OK), kwargs=lambda w: {}),
    PageCase("login", "get", ANON_ONLY_LOGIN, kwargs=lambda w: {}),
    PageCase(
        "login",
        "post",
        ANON_ONLY_LOGIN,
        kwargs=lambda w: {},
        data=lambda w: {"username": "x", "password": "y"},
    ),
    PageCase("logout", "get", every(NOT_ALLOWED), kwargs=lambda w: {}),
    PageCase("logout", "post", every(FOUND), kwargs=lambda w: {}),
    # An invitation link is a bearer secret: whoever holds it may join (that is what it is for).
    PageCase("invitation-accept", "get", every(OK), kwargs=_invite),
    PageCase("invitation-accept", "post", every(FOUND) | {"anonymous": OK}, kwargs=_invite, label="joins"),
    # --- API outside /api/studios/ -----------------------------------------------------------------
    PageCase("schema", "get", every(OK), kwargs=lambda w: {}),
    PageCase("schema", "post", every(NOT_ALLOWED), kwargs=lambda w: {}),
    PageCase("api-docs", "get", every(OK), kwargs=lambda w: {}),
    PageCase("api-docs", "post", every(NOT_ALLOWED), kwargs=lambda w: {}),
    PageCase("api-token", "get", every(NOT_ALLOWED), kwargs=lambda w: {}),
    PageCase(
        "api-token",
        "post",
        every(BAD),
        kwargs=lambda w: {},
        data=lambda w: {"username": "x", "password": "y"},
    ),
    # --- screenings --------------------------------------------------------------------------------
    # Guardians never film; a page with nothing to do for them is forbidden, not empty.
    PageCase("screening-upload", "get", page(OK, guardian=FORBIDDEN, other_guardian=FORBIDDEN)),
    PageCase(
        "screening-upload",
        "post",
        page(
            BAD, guardian=FORBIDDEN, other_guardian=FORBIDDEN, other_teacher=NOT_FOUND, other_dancer=NOT_FOUND
        ),
        data=lambda w: {"dancer": str(w.a.dancer.public_id), "test": "plie"},
        label="no file",
    ),
    PageCase("analysis-status", "get", SEES_DANCER, kwargs=_analysis),
    PageCase("analysis-status", "post", SEES_DANCER, kwargs=_analysis),
    # --- programs ----------------------------------------------------------------------------------
    PageCase("programs-today", "get", SEES_DANCER, query=_for_dancer),
    PageCase("programs-today", "post", SEES_DANCER, query=_for_dancer),
    PageCase("programs-today-log", "get", every(NOT_ALLOWED)),
    # Only the dancer logs her own sets; staff and guardians read.
    PageCase(
        "programs-today-log",
        "post",
        page(
            FORBIDDEN,
            dancer=FOUND,
            other_teacher=NOT_FOUND,
            other_dancer=NOT_FOUND,
            other_guardian=NOT_FOUND,
        ),
        data=_log_form,
    ),
    PageCase("programs-today-rest", "get", every(NOT_ALLOWED)),
    PageCase(
        "programs-today-rest",
        "post",
        page(FOUND, other_teacher=NOT_FOUND, other_dancer=NOT_FOUND, other_guardian=NOT_FOUND),
        data=lambda w: {"dancer": str(w.a.dancer.public_id), "kind": "rest", "date": "2026-10-08"},
    ),
    PageCase("program-assign", "get", STAFF_PAGE),
    PageCase("program-assign", "post", STAFF_PAGE),
    PageCase("program-assign-class", "get", page(FOUND), kwargs=class_kwargs),
    PageCase("program-assign-class", "post", page(FOUND), kwargs=class_kwargs),
    PageCase("program-assign-target", "get", STAFF_PAGE, kwargs=_program),
    PageCase("program-assign-target", "post", STAFF_PAGE, kwargs=_program, label="no target"),
    # --- dashboards --------------------------------------------------------------------------------
    PageCase("dashboard-roster", "get", DIRECTOR_PAGE),
    PageCase("dashboard-roster", "post", DIRECTOR_PAGE),
    PageCase(
        "dashboard-class",
        "get",
        page(FORBIDDEN, director=OK, teacher=OK, other_teacher=NOT_FOUND),
        kwargs=class_kwargs,
    ),
    PageCase(
        "dashboard-class",
        "post",
        page(FORBIDDEN, director=OK, teacher=OK, other_teacher=NOT_FOUND),
        kwargs=class_kwargs,
    ),
    PageCase("dashboard-dancer", "get", SEES_DANCER, kwargs=dancer_kwargs),
    PageCase("dashboard-dancer", "post", SEES_DANCER, kwargs=dancer_kwargs),
    PageCase("dashboard-me", "get", page(FOUND)),
    PageCase("dashboard-me", "post", page(FOUND)),
    # --- reports -----------------------------------------------------------------------------------
    PageCase("report-dancer-pdf", "get", SEES_DANCER, kwargs=_dancer_id),
    PageCase("report-dancer-pdf", "post", every(NOT_ALLOWED), kwargs=_dancer_id),
    PageCase("report-season-page", "get", DIRECTOR_PAGE),
    PageCase("report-season-page", "post", page(FORBIDDEN, director=FOUND), data=lambda w: {"paper": "a4"}),
    PageCase("report-season-download", "get", DIRECTOR_PAGE, kwargs=_job),
    PageCase("report-season-download", "post", every(NOT_ALLOWED), kwargs=_job),
    # --- privacy -----------------------------------------------------------------------------------
    PageCase("privacy-audit", "get", DIRECTOR_PAGE),
    PageCase("privacy-audit", "post", every(NOT_ALLOWED)),
    PageCase("privacy-index", "get", page(OK)),
    PageCase("privacy-index", "post", every(NOT_ALLOWED)),
    # Data rights: director or her guardian; her teacher and (a minor) herself 403; others 404.
    PageCase(
        "privacy-dancer",
        "get",
        page(
            FORBIDDEN,
            director=OK,
            guardian=OK,
            other_teacher=NOT_FOUND,
            other_dancer=NOT_FOUND,
            other_guardian=NOT_FOUND,
        ),
        kwargs=_dancer_id,
    ),
    PageCase("privacy-dancer", "post", every(NOT_ALLOWED), kwargs=_dancer_id),
    PageCase("privacy-dancer-erase", "get", every(NOT_ALLOWED), kwargs=_dancer_id),
    PageCase(
        "privacy-dancer-erase",
        "post",
        page(
            FORBIDDEN,
            director=FOUND,
            guardian=FOUND,
            other_teacher=NOT_FOUND,
            other_dancer=NOT_FOUND,
            other_guardian=NOT_FOUND,
        ),
        kwargs=_dancer_id,
        data=lambda w: {"confirm_name": w.a.dancer.full_name, "confirm_erase": "on"},
    ),
]


def page_routes() -> set[str]:
    """Names of every route that is not the admin and not under /api/studios/ (the API matrix's)."""
    names = set()
    for route, pattern in walk(get_resolver().url_patterns):
        if route.startswith(("admin/", "api/studios/")) or pattern.name is None:
            continue
        names.add(pattern.name)
    return names


def test_every_page_route_has_rows() -> None:
    covered = {(c.route, c.method) for c in PAGE_CASES}
    missing = sorted({(name, m) for name in page_routes() for m in ("get", "post")} - covered)
    assert not missing, f"page routes without pages-matrix rows: {missing}"
    stale = sorted({c.route for c in PAGE_CASES} - page_routes())
    assert not stale, f"pages-matrix rows for routes that no longer exist: {stale}"


def setup_pages(w: World) -> None:
    """Objects the rows refer to: a done analysis, a program with an assignment, a finished report."""
    from django.core.files.base import ContentFile

    from programs.models import Assignment
    from reports.models import ReportJob, ReportState
    from studios.models import Invitation, Role

    fp = build_footprint(w.a, w.a.dancer, guardian=w.a.guardian, teacher=w.a.teacher)
    build_footprint(w.b, w.b.dancer, guardian=w.b.guardian, teacher=w.b.teacher)  # the outsider's own data
    assignment = Assignment.objects.filter(dancer=w.a.dancer).select_related("program").first()
    job = ReportJob(studio=w.a.studio, season=w.a.season, state=ReportState.DONE, requested_by=w.a.director)
    job.file.save("x.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    job.save()
    invitation = Invitation.objects.create(studio=w.a.studio, email="new@example.test", role=Role.TEACHER)
    log = assignment.logs.first()
    w.extra["pages"] = {
        "analysis": fp.analysis,
        "assignment": assignment,
        "program": assignment.program,
        "exercise": log.exercise,
        "job": job,
        "invitation": invitation,
    }


def _request(case: PageCase, world: World, role: str, url: str, query: dict | None) -> Any:
    client = Client()
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    if case.method == "get":
        return client.get(url, query)
    target = f"{url}?{urlencode(query)}" if query else url
    return client.post(target, case.data(world) if case.data else {})


@pytest.mark.django_db
@pytest.mark.parametrize("case", PAGE_CASES, ids=[c.id for c in PAGE_CASES])
def test_pages_matrix(case: PageCase) -> None:
    world = build_world()
    setup_pages(world)
    url = reverse(case.route, kwargs=case.kwargs(world))
    query = case.query(world) if case.query else None
    failures = []
    for role in ROLES:
        # Each persona in its own rolled-back block, so one persona's writes never reach the next (and
        # DRF's set_rollback on an error marks only this block).
        with transaction.atomic():
            response = _request(case, world, role, url, query)
            transaction.set_rollback(True)
        expected = case.expect[role]
        if response.status_code != expected:
            failures.append(f"{role}: expected {expected}, got {response.status_code}")
        elif (
            role == "anonymous"
            and expected == FOUND
            and case.route not in ("logout", "login")
            and not response["Location"].startswith(LOGIN)
        ):
            failures.append(f"anonymous: redirected to {response['Location']}, not the login page")
        if role == "outsider" and response.status_code == NOT_FOUND:
            assert b"Studio A" not in response.content
    assert not failures, f"{case.id} {url}\n" + "\n".join(failures)


OTHER_METHODS = ("put", "patch", "delete")
PUBLIC_ROUTES = frozenset({"login", "schema", "api-docs", "invitation-accept"})
NOT_STUDIO_SCOPED = frozenset({"home", "logout", "api-token"})


@pytest.mark.django_db
def test_other_methods_never_leak_or_crash() -> None:
    """PUT/PATCH/DELETE on every page: never a server error; anonymous callers and members of another
    studio never get a 2xx from a studio page."""
    world = build_world()
    setup_pages(world)
    first_rows = {c.route: c for c in reversed(PAGE_CASES)}
    problems = []
    for route, case in sorted(first_rows.items()):
        url = reverse(route, kwargs=case.kwargs(world))
        for role in ("anonymous", "outsider", "director"):
            client = Client()
            if world.user(role) is not None:
                client.force_login(world.user(role))
            for method in OTHER_METHODS:
                with transaction.atomic():
                    status = getattr(client, method)(url).status_code
                    transaction.set_rollback(True)
                if status >= 500:
                    problems.append(f"{method.upper()} {route} as {role}: {status}")
                exempt = PUBLIC_ROUTES | (NOT_STUDIO_SCOPED if role == "outsider" else frozenset())
                if role != "director" and 200 <= status < 300 and route not in exempt:
                    problems.append(f"{method.upper()} {route} as {role}: {status}")
    assert not problems, problems


def _b_ids(w: World) -> dict[str, Any]:
    from django.core.files.base import ContentFile

    from programs.models import Assignment
    from reports.models import ReportJob, ReportState
    from screenings.models import Analysis

    job = ReportJob(studio=w.b.studio, season=w.b.season, state=ReportState.DONE)
    job.file.save("b.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    job.save()
    return {
        "dancer": w.b.dancer.public_id,
        "class": w.b.class_group.public_id,
        "analysis": Analysis.objects.get(dancer=w.b.dancer).public_id,
        "program": Assignment.objects.filter(studio=w.b.studio, dancer=w.b.dancer).first().program.public_id,
        "job": job.public_id,
    }


FOREIGN_ID_ROUTES = [
    ("dashboard-dancer", "get", lambda b: {"pk": b["dancer"]}),
    ("dashboard-class", "get", lambda b: {"pk": b["class"]}),
    ("analysis-status", "get", lambda b: {"pk": b["analysis"]}),
    ("report-dancer-pdf", "get", lambda b: {"dancer_id": b["dancer"]}),
    ("report-season-download", "get", lambda b: {"job_id": b["job"]}),
    ("program-assign-target", "get", lambda b: {"program_pk": b["program"]}),
    ("privacy-dancer", "get", lambda b: {"dancer_id": b["dancer"]}),
    ("privacy-dancer-erase", "post", lambda b: {"dancer_id": b["dancer"]}),
]


@pytest.mark.django_db
def test_foreign_studio_ids_in_page_urls_are_not_found() -> None:
    """Studio B's objects through studio A's pages, as A's director: 404, and nothing is written."""
    from privacy.models import AuditEvent
    from studios.models import DancerProfile

    world = build_world()
    setup_pages(world)
    b = _b_ids(world)
    client = Client()
    client.force_login(world.a.director)
    audit_before = AuditEvent.objects.count()
    for route, method, kwargs in FOREIGN_ID_ROUTES:
        url = reverse(route, kwargs={"studio_id": world.a.studio.public_id, **kwargs(b)})
        data = {"confirm_name": world.b.dancer.full_name} if method == "post" else None
        assert getattr(client, method)(url, data).status_code == 404, route
    # Query-string ids are resolved through the same scope.
    today = reverse("programs-today", kwargs={"studio_id": world.a.studio.public_id})
    assert client.get(today, {"dancer": str(b["dancer"])}).status_code == 404
    assign = reverse("program-assign", kwargs={"studio_id": world.a.studio.public_id})
    assert client.get(assign, {"dancer": str(b["dancer"])}).status_code == 404
    assert DancerProfile.objects.filter(public_id=b["dancer"]).exists()
    assert AuditEvent.objects.count() == audit_before


@pytest.mark.django_db
def test_page_posts_need_the_csrf_token() -> None:
    world = build_world()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.a.guardian)
    url = reverse(
        "privacy-dancer-erase",
        kwargs={"studio_id": world.a.studio.public_id, "dancer_id": world.a.dancer.public_id},
    )
    assert client.post(url, {"confirm_name": world.a.dancer.full_name}).status_code == 403
    from studios.models import DancerProfile

    assert DancerProfile.objects.filter(pk=world.a.dancer.pk).exists()
