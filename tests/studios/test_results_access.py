"""Who sees a dancer's results: the report-sharing consent gates teachers, the studio's "what guardians
see" setting gates guardians, the director and the dancer herself always see them; an adult dancer
consents for herself on the consent page. Real engine results (tests/reports/fixtures) in Postgres."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from screenings.models import Analysis
from studios.consents import REPORT_WORDING
from studios.models import ConsentScope, GuardianConsent, GuardianView, Season
from studios.results_access import NOT_SHARED_WITH_GUARDIANS, NOT_SHARED_WITH_TEACHERS
from studios.selectors import active_consent
from tests.conftest import client_for
from tests.reports.seed import add_analysis, fixture_keyframe, fixture_result
from tests.world import World

pytestmark = pytest.mark.django_db


def _url(w: World, name: str, **kwargs: object) -> str:
    return reverse(name, kwargs={"studio_id": w.a.studio.public_id, **kwargs})


def _screened(w: World) -> Analysis:
    a = w.a
    on = a.studio.today() - timedelta(days=2)
    return add_analysis(
        studio=a.studio, dancer=a.dancer, season=a.season, on=on, test="plie",
        result=fixture_result("plie"), keyframe=fixture_keyframe("plie"),
    )  # fmt: skip


def _share(w: World, season: Season | None = None) -> GuardianConsent:
    a = w.a
    return GuardianConsent.objects.create(
        studio=a.studio, dancer=a.dancer, guardian=a.guardian, scope=ConsentScope.REPORT_SHARING,
        season=season or a.season,
    )  # fmt: skip


def _statuses(w: World, role: str, analysis: Analysis) -> dict[str, object]:
    """What one persona gets from every place the results appear."""
    c = client_for(w, role)
    pk = w.a.dancer.public_id
    detail = c.get(_url(w, "analysis-detail", pk=analysis.public_id)).json()
    page = c.get(_url(w, "dashboard-dancer", pk=pk)).content.decode()
    return {
        "pdf_page": c.get(_url(w, "report-dancer-pdf", dancer_id=pk)).status_code,
        "pdf_api": c.get(_url(w, "report-dancer", pk=pk)).status_code,
        "keyframe": c.get(_url(w, "analysis-keyframe", pk=analysis.public_id)).status_code,
        "result": detail["result"] is not None and not detail["results_hidden"],
        "page_results": 'id="results-hidden"' not in page,
        "dancer_api_hidden": c.get(_url(w, "dashboard-dancer-api", pk=pk)).json()["results_hidden"],
    }


SHOWN = {"pdf_page": 200, "pdf_api": 200, "keyframe": 200, "result": True, "page_results": True}
HIDDEN = {"pdf_page": 403, "pdf_api": 403, "keyframe": 403, "result": False, "page_results": False}


def test_teacher_sees_results_only_with_report_sharing_consent(world: World) -> None:
    analysis = _screened(world)
    got = _statuses(world, "teacher", analysis)
    assert {k: got[k] for k in HIDDEN} == HIDDEN
    assert got["dancer_api_hidden"] == NOT_SHARED_WITH_TEACHERS.format(name="Ada")
    page = client_for(world, "teacher").get(
        _url(world, "report-dancer-pdf", dancer_id=world.a.dancer.public_id)
    )
    assert escape(NOT_SHARED_WITH_TEACHERS.format(name="Ada")) in page.content.decode()
    # The class view: the row stays (program, compliance), the measured columns are blank.
    row = client_for(world, "teacher").get(
        _url(world, "dashboard-class-api", pk=world.a.class_group.public_id)
    )
    (ada,) = row.json()["roster"]["rows"]
    assert ada["results_hidden"] and ada["knee_left"]["measure"] is None and ada["flag_reasons"] == []
    # Director and the dancer herself see them whatever the consents.
    for role in ("director", "dancer"):
        got = _statuses(world, role, analysis)
        assert {k: got[k] for k in SHOWN} == SHOWN, role

    _share(world)
    got = _statuses(world, "teacher", analysis)
    assert {k: got[k] for k in SHOWN} == SHOWN and got["dancer_api_hidden"] is None
    row = client_for(world, "teacher").get(
        _url(world, "dashboard-class-api", pk=world.a.class_group.public_id)
    )
    assert row.json()["roster"]["rows"][0]["knee_left"]["measure"] is not None


def test_a_sharing_consent_from_last_season_no_longer_counts(world: World) -> None:
    a = world.a
    analysis = _screened(world)
    last = Season.objects.create(
        studio=a.studio, name="2025/26", starts_on=a.season.starts_on - timedelta(days=365),
        ends_on=a.season.starts_on - timedelta(days=1),
    )  # fmt: skip
    _share(world, season=last)
    assert _statuses(world, "teacher", analysis)["pdf_api"] == 403
    guardian = Client()
    guardian.force_login(a.guardian)
    assert "Please renew it for this season" in guardian.get(_url(world, "studio-consent")).content.decode()


def test_guardian_view_setting_is_enforced_on_page_pdf_and_api(world: World) -> None:
    analysis = _screened(world)
    got = _statuses(world, "guardian", analysis)
    assert {k: got[k] for k in SHOWN} == SHOWN  # the default: measured results and the PDF
    director = Client()
    director.force_login(world.a.director)
    settings_page = director.get(_url(world, "studio-settings")).content.decode()
    assert "What guardians see" in settings_page and GuardianView.PROGRAM.label in settings_page
    response = director.post(
        _url(world, "studio-settings"),
        {"name": world.a.studio.name, "timezone_name": world.a.studio.timezone, "clip_retention_days": 365,
         "guardian_view": GuardianView.PROGRAM},
    )  # fmt: skip
    assert response.status_code == 302
    world.a.studio.refresh_from_db()
    assert world.a.studio.guardian_view == GuardianView.PROGRAM
    got = _statuses(world, "guardian", analysis)
    assert {k: got[k] for k in HIDDEN} == HIDDEN
    assert got["dancer_api_hidden"] == NOT_SHARED_WITH_GUARDIANS.format(studio=world.a.studio.name)
    # The program page stays: the guardian's dancer page still answers, with compliance.
    page = client_for(world, "guardian").get(_url(world, "dashboard-dancer", pk=world.a.dancer.public_id))
    assert page.status_code == 200 and "season compliance" in page.content.decode()
    # Teachers are gated by the consent, not by this setting; the director sees everything.
    assert _statuses(world, "director", analysis)["pdf_api"] == 200


def test_an_unknown_guardian_view_is_refused_and_nothing_changes(world: World) -> None:
    director = Client()
    director.force_login(world.a.director)
    response = director.post(
        _url(world, "studio-settings"),
        {"name": "Renamed", "timezone_name": world.a.studio.timezone, "clip_retention_days": 365,
         "guardian_view": "everything"},
    )  # fmt: skip
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    world.a.studio.refresh_from_db()
    assert world.a.studio.name == "Studio A" and world.a.studio.guardian_view == GuardianView.RESULTS


def test_guardian_gives_and_withdraws_report_sharing_without_touching_filming(world: World) -> None:
    a = world.a
    client = Client()
    client.force_login(a.guardian)
    client.post(_url(world, "studio-consent-give", pk=a.dancer.public_id), {"scope": "video_analysis"})
    client.post(_url(world, "studio-consent-give", pk=a.dancer.public_id), {"scope": "report_sharing"})
    sharing = active_consent(a.dancer, ConsentScope.REPORT_SHARING)
    assert sharing is not None and sharing.guardian == a.guardian and sharing.season == a.season
    assert sharing.wording == REPORT_WORDING.format(studio=a.studio.name, dancer="Ada", days=365)
    client.post(_url(world, "studio-consent-withdraw", pk=sharing.public_id))
    assert active_consent(a.dancer, ConsentScope.REPORT_SHARING) is None
    assert active_consent(a.dancer) is not None  # filming consent (and the clips) untouched


def test_an_adult_dancer_consents_for_herself(world: World) -> None:
    a = world.a
    adult = a.other_dancer
    adult.birth_year = a.studio.today().year - 25
    adult.save()
    client = Client()
    client.force_login(a.other_dancer_user)
    page = client.get(_url(world, "studio-consent")).content.decode()
    assert f"You ({adult.full_name})" in page and "I agree: sharing reports with teachers for Bea" in page
    assert a.dancer.full_name not in page
    for scope in ("video_analysis", "report_sharing"):
        response = client.post(_url(world, "studio-consent-give", pk=adult.public_id), {"scope": scope})
        assert response.status_code == 302
    given = GuardianConsent.objects.filter(dancer=adult, withdrawn_at__isnull=True)
    assert {(c.scope, c.guardian) for c in given} == {
        ("video_analysis", a.other_dancer_user),
        ("report_sharing", a.other_dancer_user),
    }
    # She cannot act for another dancer: the same 404 as for an unknown id.
    assert client.post(_url(world, "studio-consent-give", pk=a.dancer.public_id)).status_code == 404


def test_roster_rows_carry_both_consents_and_refresh_after_a_change(
    world: World,
    django_capture_on_commit_callbacks,  # noqa: ANN001  # the version bump runs on commit
) -> None:
    director = client_for(world, "director")
    rows = {r["first_name"]: r for r in director.get(_url(world, "dashboard-roster-api")).json()["rows"]}
    assert rows["Ada"]["consent"] == {"video_analysis": "missing", "report_sharing": "missing"}
    guardian = Client()
    guardian.force_login(world.a.guardian)
    with django_capture_on_commit_callbacks(execute=True):
        response = guardian.post(
            _url(world, "studio-consent-give", pk=world.a.dancer.public_id), {"scope": "report_sharing"}
        )
    assert response.status_code == 302
    rows = {r["first_name"]: r for r in director.get(_url(world, "dashboard-roster-api")).json()["rows"]}
    assert rows["Ada"]["consent"] == {"video_analysis": "missing", "report_sharing": "given"}
    page = director.get(_url(world, "dashboard-roster")).content.decode()
    assert "sharing with teachers: given" in page and "filming: not given" in page


def test_people_page_shows_renewal_and_reminds_an_adult_dancer(
    world: World,
    django_capture_on_commit_callbacks,  # noqa: ANN001
) -> None:
    from django.core import mail

    a = world.a
    last = Season.objects.create(
        studio=a.studio, name="2025/26", starts_on=a.season.starts_on - timedelta(days=365),
        ends_on=a.season.starts_on - timedelta(days=1),
    )  # fmt: skip
    _share(world, season=last)
    adult = a.other_dancer
    adult.birth_year = a.studio.today().year - 30
    adult.save()
    adult.guardians.clear()
    director = Client()
    director.force_login(a.director)
    page = director.get(_url(world, "studio-people")).content.decode()
    assert "to renew</strong> — given for 2025/26; teachers do not see the results" in page
    assert "not needed (adult)" in page
    with django_capture_on_commit_callbacks(execute=True):
        director.post(_url(world, "studio-consent-remind", pk=adult.public_id))
    assert mail.outbox[-1].to == [a.other_dancer_user.email]
    assert "is an adult and decides this for themselves" in mail.outbox[-1].body
