"""Routes under /api/studios/. Studio-owned routes take <studio_id> from the URL."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from studios import api, contacts_api

scoped = SimpleRouter(trailing_slash=True)
scoped.register("seasons", api.SeasonViewSet, basename="season")
scoped.register("dancers", api.DancerViewSet, basename="dancer")
scoped.register("classes", api.ClassViewSet, basename="class")
scoped.register("memberships", api.MembershipViewSet, basename="membership")
scoped.register("invitations", api.InvitationViewSet, basename="invitation")
scoped.register("consents", api.ConsentViewSet, basename="consent")
scoped.register("contacts", contacts_api.ContactViewSet, basename="contact")

studio_list = api.StudioViewSet.as_view({"get": "list"})
studio_detail = api.StudioViewSet.as_view({"get": "retrieve"})

urlpatterns = [
    path("", studio_list, name="studio-list"),
    path("<str:studio_id>/", studio_detail, name="studio-detail"),
    path("<str:studio_id>/", include(scoped.urls)),
]
