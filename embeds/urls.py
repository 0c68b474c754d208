"""The embedded card route (/embed/<launch token>/): the token names the studio and the object."""

from django.urls import path

from embeds import views

urlpatterns = [path("<str:token>/", views.embed_card, name="embed-card")]
