"""Account, invitation and studio pages: home, login, sign-up glue, people, classes, consent, settings."""

from django.contrib.auth import views as auth_views
from django.urls import path

from studios import class_views, consent_views, people_views, studio_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("studios/new/", studio_views.studio_start, name="studio-start"),
    path("s/<str:studio_id>/settings/", studio_views.studio_settings, name="studio-settings"),
    # Classes (director).
    path("s/<str:studio_id>/classes/", class_views.class_list, name="studio-classes"),
    path("s/<str:studio_id>/classes/<str:pk>/", class_views.class_edit, name="studio-class-edit"),
    path(
        "s/<str:studio_id>/classes/<str:pk>/archive/", class_views.class_archive, name="studio-class-archive"
    ),
    # Guardian consent (guardians) and reminders (director).
    path("s/<str:studio_id>/consent/", consent_views.consent_page, name="studio-consent"),
    path("s/<str:studio_id>/consent/<str:pk>/give/", consent_views.consent_give, name="studio-consent-give"),
    path(
        "s/<str:studio_id>/consent/<str:pk>/withdraw/",
        consent_views.consent_withdraw,
        name="studio-consent-withdraw",
    ),
    path(
        "s/<str:studio_id>/consent/<str:pk>/remind/",
        consent_views.consent_remind,
        name="studio-consent-remind",
    ),
    # Director pages: people, dancers and invitations (/s/<studio_id>/people/...).
    path("s/<str:studio_id>/people/", people_views.people_page, name="studio-people"),
    path("s/<str:studio_id>/people/invite/", people_views.invite, name="studio-invite"),
    path("s/<str:studio_id>/people/dancers/", people_views.dancer_add, name="studio-dancer-add"),
    path(
        "s/<str:studio_id>/people/invitations/<str:pk>/resend/",
        people_views.invitation_resend,
        name="studio-invitation-resend",
    ),
    path(
        "s/<str:studio_id>/people/invitations/<str:pk>/revoke/",
        people_views.invitation_revoke,
        name="studio-invitation-revoke",
    ),
    path(
        "s/<str:studio_id>/people/members/<str:pk>/role/", people_views.member_role, name="studio-member-role"
    ),
    path(
        "s/<str:studio_id>/people/members/<str:pk>/remove/",
        people_views.member_remove,
        name="studio-member-remove",
    ),
    path(
        "s/<str:studio_id>/people/dancers/<str:pk>/guardians/",
        people_views.dancer_link_guardian,
        name="studio-dancer-guardian",
    ),
    path(
        "s/<str:studio_id>/people/dancers/<str:pk>/archive/",
        people_views.dancer_archive,
        name="studio-dancer-archive",
    ),
    path(
        "s/<str:studio_id>/people/dancers/<str:pk>/restore/",
        people_views.dancer_restore,
        name="studio-dancer-restore",
    ),
]
