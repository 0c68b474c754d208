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
    return {"token": w.extra["pages"]["invite_token"]}


def _people_pk(key: str) -> Callable[[World], dict]:
    return lambda w: {"studio_id": w.a.studio.public_id, "pk": w.extra["pages"][key].public_id}


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


NO_KWARGS: Callable[[World], dict] = lambda w: {}  # noqa: E731
ANON_ONLY_LOGIN = every(FOUND) | {"anonymous": OK}  # a logged-in user is sent on from the login page


def _api_key(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "key_id": w.extra["pages"]["api_key"].public_id}


def _calendar_dancer(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "dancer_id": w.a.dancer.public_id}


def _calendar_class(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "class_id": w.a.class_group.public_id}


def _calendar_feed(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "feed_id": w.extra["pages"]["calendar_feed"].public_id}


def _webhook(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "webhook_id": w.extra["pages"]["webhook"].public_id}


def _delivery(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "delivery_id": w.extra["pages"]["delivery"].public_id}


def _calendar_token(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "token": w.extra["pages"]["calendar_token"]}


def _roster_import(w: World) -> dict:
    return {"studio_id": w.a.studio.public_id, "import_id": w.extra["pages"]["roster_import"].public_id}


ROSTER_CSV = "record_type,external_id,first_name,last_name,birth_date\ndancer,P1,Pia,Page,2013-04-05\n"


def _roster_upload(w: World) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("roster.csv", ROSTER_CSV.encode()), "source": "csv"}


SEES_DANCER_POST = page(FOUND, other_teacher=NOT_FOUND, other_dancer=NOT_FOUND, other_guardian=NOT_FOUND)
# A class feed: its teachers and the director; its dancers and their guardians see the class (403).
CLASS_FEED = page(
    OK,
    dancer=FORBIDDEN,
    guardian=FORBIDDEN,
    other_teacher=NOT_FOUND,
    other_dancer=NOT_FOUND,
    other_guardian=NOT_FOUND,
)

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
    # An invitation is bound to the invited address (new@example.test): an anonymous visitor may create
    # the account for it; every logged-in persona has another address and is refused.
    PageCase("invitation-accept", "get", every(FORBIDDEN) | {"anonymous": OK}, kwargs=_invite),
    PageCase(
        "invitation-accept", "post", every(FORBIDDEN) | {"anonymous": OK}, kwargs=_invite, label="joins"
    ),
    # --- starting a studio (any logged-in person) and its settings (director) -----------------------
    PageCase("studio-start", "get", page(OK, outsider=OK), kwargs=NO_KWARGS),
    PageCase("studio-start", "post", page(BAD, outsider=BAD), kwargs=NO_KWARGS, label="empty form"),
    PageCase("studio-settings", "get", DIRECTOR_PAGE),
    PageCase("studio-settings", "post", page(FORBIDDEN, director=BAD), label="empty form"),
    # --- classes (director) -------------------------------------------------------------------------
    PageCase("studio-classes", "get", DIRECTOR_PAGE),
    PageCase("studio-classes", "post", page(FORBIDDEN, director=BAD), label="empty form"),
    PageCase("studio-class-edit", "get", DIRECTOR_PAGE, kwargs=class_kwargs),
    PageCase(
        "studio-class-edit", "post", page(FORBIDDEN, director=BAD), kwargs=class_kwargs, label="empty form"
    ),
    PageCase("studio-class-archive", "get", every(NOT_ALLOWED), kwargs=class_kwargs),
    PageCase("studio-class-archive", "post", page(FORBIDDEN, director=FOUND), kwargs=class_kwargs),
    PageCase("studio-dancer-guardian", "get", every(NOT_ALLOWED), kwargs=_people_pk("dancer")),
    PageCase(
        "studio-dancer-guardian",
        "post",
        page(FORBIDDEN, director=FOUND),
        kwargs=_people_pk("dancer"),
        data=lambda w: {"guardian": str(w.a.guardian.public_id)},
    ),
    # --- consent (guardians for their wards, adult dancers for themselves; a minor dancer reads hers,
    # and a POST from her is 403 with the reason; the director sends reminders) ----------------------
    PageCase(
        "studio-consent", "get", page(OK, director=FORBIDDEN, teacher=FORBIDDEN, other_teacher=FORBIDDEN)
    ),
    PageCase("studio-consent", "post", every(NOT_ALLOWED)),
    PageCase("studio-consent-give", "get", every(NOT_ALLOWED), kwargs=_people_pk("ward")),
    PageCase(
        "studio-consent-give",
        "post",
        page(FORBIDDEN, guardian=FOUND, other_guardian=NOT_FOUND, other_dancer=NOT_FOUND),
        kwargs=_people_pk("ward"),
        data=lambda w: {"scope": "report_sharing"},
    ),
    PageCase(
        "studio-consent-give",
        "post",
        page(FORBIDDEN, guardian=NOT_FOUND, dancer=NOT_FOUND, other_guardian=FOUND, other_dancer=FOUND),
        kwargs=_people_pk("dancer"),
        data=lambda w: {"scope": "video_analysis"},
        label="adult dancer for herself",
    ),
    PageCase("studio-consent-withdraw", "get", every(NOT_ALLOWED), kwargs=_people_pk("consent")),
    PageCase(
        "studio-consent-withdraw",
        "post",
        page(FORBIDDEN, guardian=FOUND, other_guardian=NOT_FOUND, other_dancer=NOT_FOUND),
        kwargs=_people_pk("consent"),
    ),
    PageCase("studio-consent-remind", "get", every(NOT_ALLOWED), kwargs=_people_pk("ward")),
    PageCase("studio-consent-remind", "post", page(FORBIDDEN, director=FOUND), kwargs=_people_pk("ward")),
    # --- people (director) -------------------------------------------------------------------------
    PageCase("studio-people", "get", DIRECTOR_PAGE),
    PageCase("studio-people", "post", every(NOT_ALLOWED)),
    PageCase("studio-invite", "get", every(NOT_ALLOWED)),
    PageCase(
        "studio-invite",
        "post",
        page(FORBIDDEN, director=FOUND),
        data=lambda w: {"email": "invitee@example.test", "role": "teacher"},
    ),
    PageCase("studio-dancer-add", "get", every(NOT_ALLOWED)),
    PageCase(
        "studio-dancer-add",
        "post",
        page(FORBIDDEN, director=FOUND),
        data=lambda w: {"first_name": "Cleo", "last_name": "New", "birth_year": "2014"},
    ),
    PageCase("studio-invitation-resend", "get", every(NOT_ALLOWED), kwargs=_people_pk("invitation")),
    PageCase(
        "studio-invitation-resend", "post", page(FORBIDDEN, director=FOUND), kwargs=_people_pk("invitation")
    ),
    PageCase("studio-invitation-revoke", "get", every(NOT_ALLOWED), kwargs=_people_pk("invitation")),
    PageCase(
        "studio-invitation-revoke", "post", page(FORBIDDEN, director=FOUND), kwargs=_people_pk("invitation")
    ),
    PageCase("studio-member-role", "get", every(NOT_ALLOWED), kwargs=_people_pk("membership")),
    PageCase(
        "studio-member-role",
        "post",
        page(FORBIDDEN, director=FOUND),
        kwargs=_people_pk("membership"),
        data=lambda w: {"role": "director"},
    ),
    PageCase("studio-member-remove", "get", every(NOT_ALLOWED), kwargs=_people_pk("membership")),
    PageCase(
        "studio-member-remove", "post", page(FORBIDDEN, director=FOUND), kwargs=_people_pk("membership")
    ),
    PageCase("studio-dancer-archive", "get", every(NOT_ALLOWED), kwargs=_people_pk("dancer")),
    PageCase("studio-dancer-archive", "post", page(FORBIDDEN, director=FOUND), kwargs=_people_pk("dancer")),
    PageCase("studio-dancer-restore", "get", every(NOT_ALLOWED), kwargs=_people_pk("dancer")),
    PageCase("studio-dancer-restore", "post", page(FORBIDDEN, director=FOUND), kwargs=_people_pk("dancer")),
    # --- accounts (django-allauth): not studio-scoped; what each persona sees is their own account ------
    PageCase("account_signup", "get", every(FOUND) | {"anonymous": OK}, kwargs=NO_KWARGS),
    PageCase(
        "account_signup", "post", every(FOUND) | {"anonymous": OK}, label="invalid form", kwargs=NO_KWARGS
    ),
    PageCase("account_login", "get", every(FOUND), kwargs=NO_KWARGS),  # one login page: /login/
    PageCase("account_login", "post", every(FOUND), kwargs=NO_KWARGS),
    PageCase("account_logout", "get", every(OK) | {"anonymous": FOUND}, kwargs=NO_KWARGS),
    PageCase("account_logout", "post", every(FOUND), kwargs=NO_KWARGS),
    PageCase("account_inactive", "get", every(OK), kwargs=NO_KWARGS),
    PageCase("account_inactive", "post", every(NOT_ALLOWED), kwargs=NO_KWARGS),
    PageCase("account_email_verification_sent", "get", every(OK), kwargs=NO_KWARGS),
    PageCase("account_email_verification_sent", "post", every(NOT_ALLOWED), kwargs=NO_KWARGS),
    PageCase(
        "account_confirm_email", "get", every(OK), kwargs=lambda w: {"key": "not-a-key"}, label="bad key"
    ),
    PageCase("account_confirm_email", "post", every(NOT_FOUND), kwargs=lambda w: {"key": "not-a-key"}),
    PageCase("account_email", "get", every(OK) | {"anonymous": FOUND}, kwargs=NO_KWARGS),
    PageCase("account_email", "post", every(FOUND), kwargs=NO_KWARGS),
    PageCase("account_change_password", "get", every(OK) | {"anonymous": FOUND}, kwargs=NO_KWARGS),
    PageCase(
        "account_change_password",
        "post",
        every(OK) | {"anonymous": FOUND},
        label="invalid form",
        kwargs=NO_KWARGS,
    ),
    PageCase(
        "account_set_password", "get", every(FOUND), kwargs=NO_KWARGS
    ),  # everyone has a password: sent to "change"
    PageCase("account_set_password", "post", every(FOUND), kwargs=NO_KWARGS),
    PageCase("account_reauthenticate", "get", every(OK) | {"anonymous": FOUND}, kwargs=NO_KWARGS),
    PageCase(
        "account_reauthenticate",
        "post",
        every(OK) | {"anonymous": FOUND},
        label="invalid form",
        kwargs=NO_KWARGS,
    ),
    PageCase("account_confirm_login_code", "get", every(FOUND), kwargs=NO_KWARGS),  # login by code is off
    PageCase("account_confirm_login_code", "post", every(FOUND), kwargs=NO_KWARGS),
    PageCase("account_reset_password", "get", every(OK), kwargs=NO_KWARGS),
    PageCase("account_reset_password", "post", every(OK), label="invalid form", kwargs=NO_KWARGS),
    PageCase("account_reset_password_done", "get", every(OK), kwargs=NO_KWARGS),
    PageCase("account_reset_password_done", "post", every(NOT_ALLOWED), kwargs=NO_KWARGS),
    PageCase(
        "account_reset_password_from_key",
        "get",
        every(OK),
        kwargs=lambda w: {"uidb36": "zz", "key": "not-a-key"},
        label="bad key",
    ),
    PageCase(
        "account_reset_password_from_key",
        "post",
        every(OK),
        kwargs=lambda w: {"uidb36": "zz", "key": "not-a-key"},
        label="bad key",
    ),
    PageCase("account_reset_password_from_key_done", "get", every(OK), kwargs=NO_KWARGS),
    PageCase("account_reset_password_from_key_done", "post", every(NOT_ALLOWED), kwargs=NO_KWARGS),
    # --- API outside /api/studios/ -----------------------------------------------------------------
    PageCase("schema", "get", every(OK), kwargs=lambda w: {}),
    PageCase("schema", "post", every(NOT_ALLOWED), kwargs=lambda w: {}),
    PageCase("api-docs", "get", every(OK), kwargs=lambda w: {}),
    PageCase("api-docs", "post", every(NOT_ALLOWED), kwargs=lambda w: {}),
    PageCase("api-redoc", "get", every(OK), kwargs=lambda w: {}),
    PageCase("api-redoc", "post", every(NOT_ALLOWED), kwargs=lambda w: {}),
    PageCase("api-token", "get", every(NOT_ALLOWED), kwargs=lambda w: {}),
    PageCase(
        "api-token",
        "post",
        every(BAD),
        kwargs=lambda w: {},
        data=lambda w: {"username": "x", "password": "y"},
    ),
    # Session users may end their own API tokens (anyone signed in; 401 for nobody signed in).
    PageCase("api-token-revoke", "get", every(NOT_ALLOWED) | {"anonymous": 401}, kwargs=lambda w: {}),
    PageCase("api-token-revoke", "post", every(204) | {"anonymous": 401}, kwargs=lambda w: {}),
    # --- embedded cards: the signed 5-minute link is the credential (the portal's iframe has no login)
    PageCase("embed-card", "get", every(OK), kwargs=lambda w: {"token": w.extra["pages"]["embed_token"]}),
    PageCase("embed-card", "post", every(NOT_ALLOWED), kwargs=lambda w: {"token": w.extra["pages"]["embed_token"]}),
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
    # Bea (other_dancer, an adult here) has no report-sharing consent: her teacher sees her but not her
    # results (403 with the reason); the director and Bea herself do; her guardian does (the studio shows
    # guardians results by default).
    PageCase(
        "report-dancer-pdf",
        "get",
        page(NOT_FOUND, director=OK, other_teacher=FORBIDDEN, other_dancer=OK, other_guardian=OK),
        kwargs=lambda w: {"studio_id": w.a.studio.public_id, "dancer_id": w.a.other_dancer.public_id},
        label="not shared with teachers",
    ),
    PageCase("report-dancer-pdf", "post", every(NOT_ALLOWED), kwargs=_dancer_id),
    # "Share with guardians": the director e-mails the guardians the links, then back to the page.
    PageCase("report-dancer-share", "get", every(NOT_ALLOWED), kwargs=_dancer_id),
    PageCase("report-dancer-share", "post", page(FORBIDDEN, director=FOUND), kwargs=_dancer_id),
    PageCase("report-season-page", "get", DIRECTOR_PAGE),
    PageCase("report-season-page", "post", page(FORBIDDEN, director=FOUND), data=lambda w: {"paper": "a4"}),
    PageCase("report-season-download", "get", DIRECTOR_PAGE, kwargs=_job),
    PageCase("report-season-download", "post", every(NOT_ALLOWED), kwargs=_job),
    # --- mirror (like the upload page: whoever may film the dancer; guardians never film) ----------
    PageCase("mirror-practice", "get", page(OK, guardian=FORBIDDEN, other_guardian=FORBIDDEN)),
    PageCase(
        "mirror-practice",
        "get",
        page(
            OK, guardian=FORBIDDEN, other_guardian=FORBIDDEN, other_teacher=NOT_FOUND, other_dancer=NOT_FOUND
        ),
        query=_for_dancer,
        label="a.dancer",
    ),
    PageCase("mirror-practice", "post", page(NOT_ALLOWED)),
    # The exercise library, drawn: the same for every member, no dancer data.
    PageCase("program-exercises", "get", page(OK)),
    PageCase("program-exercises", "post", page(NOT_ALLOWED)),
    # The offline mirror's service worker script: no data in it, the same for everyone.
    PageCase("mirror-service-worker", "get", every(OK), kwargs=NO_KWARGS),
    PageCase("mirror-service-worker", "post", every(NOT_ALLOWED), kwargs=NO_KWARGS),
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
    # --- integrations (studio API keys) --------------------------------------------------------
    PageCase("integrations-api-keys", "get", DIRECTOR_PAGE),
    PageCase(
        "integrations-api-keys",
        "post",
        page(FORBIDDEN, director=FOUND),
        data=lambda w: {"name": "Jackrabbit", "scope": "read"},
    ),
    PageCase("integrations-api-key-revoke", "get", every(NOT_ALLOWED), kwargs=_api_key),
    PageCase("integrations-api-key-revoke", "post", page(FORBIDDEN, director=FOUND), kwargs=_api_key),
    # --- integrations (calendar feed links) ---------------------------------------------------
    PageCase("integrations-calendar-dancer", "get", SEES_DANCER, kwargs=_calendar_dancer),
    PageCase("integrations-calendar-dancer", "post", SEES_DANCER_POST, kwargs=_calendar_dancer),
    PageCase("integrations-calendar-class", "get", CLASS_FEED, kwargs=_calendar_class),
    PageCase(
        "integrations-calendar-class",
        "post",
        CLASS_FEED | {"director": FOUND, "teacher": FOUND},
        kwargs=_calendar_class,
    ),
    PageCase("integrations-calendar-revoke", "get", every(NOT_ALLOWED), kwargs=_calendar_feed),
    PageCase("integrations-calendar-revoke", "post", SEES_DANCER_POST, kwargs=_calendar_feed),
    # The secret URL is the credential (calendar apps cannot sign in): anyone holding it reads it.
    PageCase("integrations-calendar-feed", "get", every(OK), kwargs=_calendar_token),
    PageCase("integrations-calendar-feed", "post", every(NOT_ALLOWED), kwargs=_calendar_token),
    # --- integrations (embed settings, webhooks page) ------------------------------------------------
    PageCase("integrations-embed", "get", DIRECTOR_PAGE),
    PageCase(
        "integrations-embed",
        "post",
        page(FORBIDDEN, director=FOUND),
        data=lambda w: {"origins": "https://portal.a.example", "show_name": "on"},
    ),
    PageCase("integrations-webhooks", "get", DIRECTOR_PAGE),
    PageCase(
        "integrations-webhooks",
        "post",
        page(FORBIDDEN, director=FOUND),
        data=lambda w: {"url": "http://127.0.0.1:9/new", "events": ["dancer.archived"]},
    ),
    PageCase("integrations-webhook-test", "get", every(NOT_ALLOWED), kwargs=_webhook),
    PageCase("integrations-webhook-test", "post", page(FORBIDDEN, director=FOUND), kwargs=_webhook),
    PageCase("integrations-webhook-active", "get", every(NOT_ALLOWED), kwargs=_webhook),
    PageCase(
        "integrations-webhook-active",
        "post",
        page(FORBIDDEN, director=FOUND),
        kwargs=_webhook,
        data=lambda w: {"active": "0"},
    ),
    PageCase("integrations-webhook-delete", "get", every(NOT_ALLOWED), kwargs=_webhook),
    PageCase("integrations-webhook-delete", "post", page(FORBIDDEN, director=FOUND), kwargs=_webhook),
    PageCase("integrations-webhook-redeliver", "get", every(NOT_ALLOWED), kwargs=_delivery),
    PageCase("integrations-webhook-redeliver", "post", page(FORBIDDEN, director=FOUND), kwargs=_delivery),
    # --- integrations (CSV roster import) -------------------------------------------------------
    PageCase("integrations-roster-import", "get", DIRECTOR_PAGE),
    PageCase("integrations-roster-import", "post", page(FORBIDDEN, director=FOUND), data=_roster_upload),
    PageCase("integrations-roster-import-example", "get", DIRECTOR_PAGE),
    PageCase("integrations-roster-import-example", "post", every(NOT_ALLOWED)),
    PageCase("integrations-roster-import-detail", "get", DIRECTOR_PAGE, kwargs=_roster_import),
    PageCase("integrations-roster-import-detail", "post", every(NOT_ALLOWED), kwargs=_roster_import),
    PageCase("integrations-roster-import-apply", "get", every(NOT_ALLOWED), kwargs=_roster_import),
    PageCase(
        "integrations-roster-import-apply", "post", page(FORBIDDEN, director=FOUND), kwargs=_roster_import
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

    from integrations.embed import embed_link_create, embed_settings_update
    from integrations.roster_services import roster_import_create
    from integrations.services import api_key_create
    from integrations.webhook_models import WebhookDelivery
    from integrations.webhooks import webhook_subscription_create
    from programs.models import Assignment
    from reports.models import ReportJob, ReportState
    from studios.models import GuardianConsent, Membership, Role
    from studios.policies import actor_for

    fp = build_footprint(w.a, w.a.dancer, guardian=w.a.guardian, teacher=w.a.teacher)
    build_footprint(w.b, w.b.dancer, guardian=w.b.guardian, teacher=w.b.teacher)  # the outsider's own data
    assignment = Assignment.objects.filter(dancer=w.a.dancer).select_related("program").first()
    job = ReportJob(studio=w.a.studio, season=w.a.season, state=ReportState.DONE, requested_by=w.a.director)
    job.file.save("x.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    job.save()
    from tests.studios.invites import invite

    invitation, invite_token = invite(w.a, email="new@example.test", role=Role.TEACHER)
    log = assignment.logs.first()
    api_key, _ = api_key_create(
        studio=w.a.studio, actor=actor_for(user=w.a.director, studio=w.a.studio), name="sync", scope="read"
    )
    from integrations.calendar_services import calendar_feed_create

    calendar_feed, calendar_token = calendar_feed_create(
        studio=w.a.studio, actor=actor_for(user=w.a.director, studio=w.a.studio), dancer=w.a.dancer
    )
    roster_import = roster_import_create(
        studio=w.a.studio,
        actor=actor_for(user=w.a.director, studio=w.a.studio),
        source="csv",
        content=ROSTER_CSV,
    )
    director = actor_for(user=w.a.director, studio=w.a.studio)
    webhook, _ = webhook_subscription_create(
        studio=w.a.studio, actor=director, url="http://127.0.0.1:9/hook", events=["analysis.failed"]
    )
    embed_settings_update(
        studio=w.a.studio, actor=director, origins=["https://portal.a.example"],
        show_name=True, show_results=True, show_compliance=True,
    )  # fmt: skip
    embed_token = embed_link_create(studio=w.a.studio, actor=director, dancer=w.a.dancer).url_token
    w.extra["pages"] = {
        "webhook": webhook,
        "delivery": WebhookDelivery.objects.create(
            studio=w.a.studio, subscription=webhook, event="analysis.failed", payload={"id": "x"}
        ),
        "embed_token": embed_token,
        "roster_import": roster_import,
        "api_key": api_key,
        "calendar_feed": calendar_feed,
        "calendar_token": calendar_token,
        "analysis": fp.analysis,
        "assignment": assignment,
        "program": assignment.program,
        "exercise": log.exercise,
        "job": job,
        "invitation": invitation,
        "invite_token": invite_token,
        "membership": Membership.objects.get(studio=w.a.studio, user=w.a.other_teacher),
        "dancer": w.a.other_dancer,
        "ward": w.a.dancer,
        "consent": GuardianConsent.objects.filter(dancer=w.a.dancer, withdrawn_at__isnull=True).first()
        or GuardianConsent.objects.create(studio=w.a.studio, dancer=w.a.dancer, guardian=w.a.guardian),
    }
    # Ada's family shares her reports with her teacher (the rows above: her teacher sees her PDF).
    GuardianConsent.objects.create(
        studio=w.a.studio, dancer=w.a.dancer, guardian=w.a.guardian, scope="report_sharing", season=w.a.season
    )
    # Bea is an adult: she consents for herself ("adult dancer for herself" row).
    w.a.other_dancer.birth_year = w.a.studio.today().year - 30
    w.a.other_dancer.save(update_fields=["birth_year"])


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
            and case.route not in ("logout", "login", "account_confirm_login_code")
            and not response["Location"].startswith(LOGIN)
        ):
            failures.append(f"anonymous: redirected to {response['Location']}, not the login page")
        if role == "outsider" and response.status_code == NOT_FOUND:
            assert b"Studio A" not in response.content
    assert not failures, f"{case.id} {url}\n" + "\n".join(failures)


OTHER_METHODS = ("put", "patch", "delete")
ACCOUNT_ROUTES = frozenset(
    {c.route for c in PAGE_CASES if c.route.startswith("account_")}
)  # allauth: each persona acts on their own account only
PUBLIC_ROUTES = (
    frozenset({"login", "schema", "api-docs", "api-redoc", "invitation-accept", "embed-card"}) | ACCOUNT_ROUTES
)
NOT_STUDIO_SCOPED = frozenset({"home", "logout", "api-token", "api-token-revoke", "studio-start"})


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

    from integrations.calendar_services import calendar_feed_create
    from integrations.services import api_key_create
    from programs.models import Assignment
    from reports.models import ReportJob, ReportState
    from screenings.models import Analysis
    from studios.policies import actor_for

    job = ReportJob(studio=w.b.studio, season=w.b.season, state=ReportState.DONE)
    job.file.save("b.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    job.save()
    from integrations.webhook_models import WebhookDelivery
    from integrations.webhooks import webhook_subscription_create

    b_hook, _ = webhook_subscription_create(
        studio=w.b.studio, actor=actor_for(user=w.b.director, studio=w.b.studio), url="http://127.0.0.1:9/b",
        events=["analysis.failed"],
    )
    b_delivery = WebhookDelivery.objects.create(
        studio=w.b.studio, subscription=b_hook, event="analysis.failed", payload={"id": "b"}
    )
    return {
        "webhook": b_hook.public_id,
        "delivery": b_delivery.public_id,
        "dancer": w.b.dancer.public_id,
        "class": w.b.class_group.public_id,
        "analysis": Analysis.objects.get(dancer=w.b.dancer).public_id,
        "program": Assignment.objects.filter(studio=w.b.studio, dancer=w.b.dancer).first().program.public_id,
        "job": job.public_id,
        "api_key": api_key_create(
            studio=w.b.studio, actor=actor_for(user=w.b.director, studio=w.b.studio), name="b", scope="write"
        )[0].public_id,
        "calendar_feed": calendar_feed_create(
            studio=w.b.studio, actor=actor_for(user=w.b.director, studio=w.b.studio), dancer=w.b.dancer
        )[0].public_id,
    }


FOREIGN_ID_ROUTES = [
    ("dashboard-dancer", "get", lambda b: {"pk": b["dancer"]}),
    ("dashboard-class", "get", lambda b: {"pk": b["class"]}),
    ("analysis-status", "get", lambda b: {"pk": b["analysis"]}),
    ("report-dancer-pdf", "get", lambda b: {"dancer_id": b["dancer"]}),
    ("report-dancer-share", "post", lambda b: {"dancer_id": b["dancer"]}),
    ("report-season-download", "get", lambda b: {"job_id": b["job"]}),
    ("program-assign-target", "get", lambda b: {"program_pk": b["program"]}),
    ("privacy-dancer", "get", lambda b: {"dancer_id": b["dancer"]}),
    ("privacy-dancer-erase", "post", lambda b: {"dancer_id": b["dancer"]}),
    ("studio-dancer-archive", "post", lambda b: {"pk": b["dancer"]}),
    ("studio-consent-remind", "post", lambda b: {"pk": b["dancer"]}),
    ("studio-class-edit", "get", lambda b: {"pk": b["class"]}),
    ("studio-class-archive", "post", lambda b: {"pk": b["class"]}),
    ("studio-dancer-guardian", "post", lambda b: {"pk": b["dancer"]}),
    ("studio-dancer-restore", "post", lambda b: {"pk": b["dancer"]}),
    ("integrations-api-key-revoke", "post", lambda b: {"key_id": b["api_key"]}),
    ("integrations-calendar-dancer", "get", lambda b: {"dancer_id": b["dancer"]}),
    ("integrations-calendar-dancer", "post", lambda b: {"dancer_id": b["dancer"]}),
    ("integrations-calendar-class", "get", lambda b: {"class_id": b["class"]}),
    ("integrations-calendar-revoke", "post", lambda b: {"feed_id": b["calendar_feed"]}),
    ("integrations-webhook-test", "post", lambda b: {"webhook_id": b["webhook"]}),
    ("integrations-webhook-active", "post", lambda b: {"webhook_id": b["webhook"]}),
    ("integrations-webhook-delete", "post", lambda b: {"webhook_id": b["webhook"]}),
    ("integrations-webhook-redeliver", "post", lambda b: {"delivery_id": b["delivery"]}),
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
    assert DancerProfile.objects.filter(public_id=b["dancer"], archived_at__isnull=True).exists()
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
