"""Dashboard pages (server-rendered; sorting and filtering work from the query string without JS).

Each view: declare its roles (studio_page), resolve visible objects through the scope, call a selector,
render.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import reverse
from django.utils.http import urlencode

from dashboards import presenters
from dashboards.query import SHOW_FILTERS, RosterQuery, page_window
from dashboards.render import roster_rows_html, roster_rows_html_cached
from dashboards.selectors import Roster, class_view_get, dancer_page_get, roster_get
from privacy.models import AuditAction
from privacy.policies import can_exercise_data_rights
from privacy.services import audit_record
from studios.models import Role
from studios.policies import (
    STAFF_ROLES,
    Actor,
    can_log_for_dancer,
    can_manage_studio,
    is_guardian_of,
    is_own_dancer,
    visible_classes,
    visible_dancers,
)
from studios.scoping import dancer_visible_or_404, parse_uuid_or_404, studio_page
from studios.selectors import season_current

COLUMNS = (
    # (sort key, header, abbreviation for narrow screens)
    ("name", "Dancer", ""),
    ("class", "Class", ""),
    ("age", "Age group", ""),
    ("knee_left", "Plié knee–toe, left", "% leg length"),
    ("knee_right", "Plié knee–toe, right", "% leg length"),
    ("drop_left", "Pelvic drop, standing left", "degrees"),
    ("drop_right", "Pelvic drop, standing right", "degrees"),
    ("compliance", "Season compliance", ""),
    ("streak", "Streak", "weeks"),
    ("flag", "Referral flag", ""),
)


# A director with 2,000 dancers pages through the roster; sorting and filtering are over all of them.
PAGE_ROWS, MAX_PAGE_ROWS = 100, 500


def _pager(roster: Roster) -> dict | None:
    """Previous / next links for a roster longer than one page (they keep the sort and filters)."""
    limit = roster.limit
    if limit is None or (roster.offset == 0 and roster.total <= limit):
        return None

    def href(offset: int) -> str:
        return "?" + urlencode(roster.query.as_params(offset=str(offset), **_kept(limit)))

    offset = roster.offset
    last_start = (roster.total - 1) // limit * limit if roster.total else 0
    return {
        "first": offset + 1 if roster.rows else 0,
        "last": offset + len(roster.rows) if roster.rows else 0,
        "page": offset // limit + 1,
        "pages": max(1, -(-roster.total // limit)),
        "limit": limit,
        # Past the end (an old link after dancers left): "previous" goes to the last real page.
        "previous": href(max(0, min(offset - limit, last_start))) if offset > 0 else None,
        "next": href(offset + limit) if offset + limit < roster.total else None,
    }


def _kept(limit: int | None) -> dict[str, str]:
    """A page size the director chose survives sorting and filtering (a new order starts at page 1)."""
    return {} if limit in (None, PAGE_ROWS) else {"limit": str(limit)}


def _sort_links(query: RosterQuery, keep: dict[str, str] | None = None) -> list[dict]:
    """Header links: clicking the sorted column flips the direction (works without JS)."""
    links = []
    for key, label, unit in COLUMNS:
        active = query.sort == key
        next_dir = "desc" if active and query.direction == "asc" else "asc"
        links.append(
            {
                "key": key,
                "label": label,
                "unit": unit,
                "href": "?" + urlencode(query.as_params(sort=key, dir=next_dir, **(keep or {}))),
                "aria_sort": ("ascending" if query.direction == "asc" else "descending")
                if active
                else "none",
            }
        )
    return links


@studio_page(roles={Role.DIRECTOR})
def roster_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    query = RosterQuery.from_params(request.GET)
    offset, limit = page_window(request.GET, default_limit=PAGE_ROWS, max_limit=MAX_PAGE_ROWS)
    roster = roster_get(
        actor=actor, query=query, season=season_current(studio=actor.studio), offset=offset, limit=limit
    )
    return render(
        request,
        "dashboards/roster.html",
        {
            "actor": actor,
            "studio": actor.studio,
            "roster": roster,
            "pager": _pager(roster),
            "rows_html": roster_rows_html_cached(roster.rows, actor.studio, len(COLUMNS), roster.key),
            "columns": _sort_links(query, _kept(limit)),
            "kept": _kept(limit),
            "show_filters": SHOW_FILTERS,
            "api_url": reverse("dashboard-roster-api", kwargs={"studio_id": actor.studio.public_id}),
        },
    )


@studio_page(roles=STAFF_ROLES)
def class_page(request: HttpRequest, actor: Actor, pk: str) -> HttpResponse:
    group = visible_classes(actor).filter(public_id=parse_uuid_or_404(pk)).select_related("season").first()
    if group is None:
        raise Http404
    query = RosterQuery.from_params(request.GET)
    view = class_view_get(actor=actor, group=group, query=query)
    sid = actor.studio.public_id
    return render(
        request,
        "dashboards/class.html",
        {
            "actor": actor,
            "studio": actor.studio,
            "view": view,
            "roster": view.roster,
            "rows_html": roster_rows_html(view.roster.rows, actor.studio, len(COLUMNS)),
            "columns": _sort_links(query),
            "show_filters": SHOW_FILTERS,
            "assign_url": presenters.url_or_none("program-assign-class", studio_id=sid, pk=group.public_id),
            "upload_url": presenters.url_or_none("screening-upload", studio_id=sid),
        },
    )


@studio_page
def dancer_page(request: HttpRequest, actor: Actor, pk: str) -> HttpResponse:
    dancer = dancer_visible_or_404(actor=actor, public_id=pk)
    page = dancer_page_get(actor=actor, dancer=dancer)
    audit_record(actor=actor, action=AuditAction.VIEW_DANCER_PAGE, dancer=dancer, request=request)
    payload = presenters.dancer_page_payload(actor, page)
    sid = actor.studio.public_id
    # The "today" logging partial belongs to the programs app; include it only once it exists.
    try:
        today_template: str | None = select_template(["programs/_today.html"]).template.name
    except TemplateDoesNotExist:
        today_template = None
    return render(
        request,
        "dashboards/dancer.html",
        {
            "actor": actor,
            "studio": actor.studio,
            "dancer": dancer,
            "page": page,
            "row": page.row,
            "keyframes": payload["keyframes"],
            "can_log": can_log_for_dancer(actor, dancer),
            "is_guardian_view": Role.GUARDIAN in actor.roles and not can_log_for_dancer(actor, dancer),
            "today_template": today_template,
            "upload_url": presenters.url_or_none("screening-upload", studio_id=sid),
            # Whoever may see the results may download the PDF (studios.results_access, as reports' view).
            "pdf_url": None
            if page.results_hidden
            else presenters.url_or_none("report-dancer-pdf", studio_id=sid, dancer_id=dancer.public_id),
            "privacy_url": presenters.url_or_none("privacy-dancer", studio_id=sid, dancer_id=dancer.public_id)
            if can_exercise_data_rights(actor, dancer)
            else None,
            "consent_line": presenters.consent_line(dancer, viewer_is_dancer=is_own_dancer(actor, dancer)),
            # The dancer (to give or read her consents) and her guardians reach the consent page from here.
            "consent_url": presenters.url_or_none("studio-consent", studio_id=sid)
            if is_own_dancer(actor, dancer) or is_guardian_of(actor, dancer)
            else None,
            # The director e-mails the guardians the page and PDF links (reports' share view).
            "share_url": presenters.url_or_none("report-dancer-share", studio_id=sid, dancer_id=dancer.public_id)
            if can_manage_studio(actor)
            else None,
        },
    )


@studio_page
def my_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The right page for the person: director → roster, teacher → their first class, dancer → own page,
    guardian → their ward (the home page lists every ward and class)."""
    sid = actor.studio.public_id
    if actor.is_director:
        return redirect("dashboard-roster", studio_id=sid)
    if actor.is_teacher:
        group = visible_classes(actor).filter(teachers=actor.user).order_by("name").first()
        if group:
            return redirect("dashboard-class", studio_id=sid, pk=group.public_id)
    dancer = visible_dancers(actor).order_by("last_name", "first_name").first()
    if dancer is None:
        raise Http404
    return redirect("dashboard-dancer", studio_id=sid, pk=dancer.public_id)
