"""Programs pages under /s/<studio_id>/programs/."""

from django.urls import path

from programs import views

urlpatterns = [
    path("programs/today/", views.today, name="programs-today"),
    path("programs/today/log/", views.today_log, name="programs-today-log"),
    path("programs/today/rest/", views.today_rest, name="programs-today-rest"),
    path("programs/exercises/", views.exercise_library, name="program-exercises"),
    path("programs/assign/", views.assign_program, name="program-assign"),
    path("programs/assign/class/<str:pk>/", views.assign_class, name="program-assign-class"),
    path("programs/assign/<str:program_pk>/", views.assign_target, name="program-assign-target"),
]
