"""Write history of assignments (assigned, paused, resumed, ended, removed), kept by PostgreSQL
triggers (django-pghistory); the consent and membership history is in privacy/history.py."""

from __future__ import annotations

import pghistory

from programs.models import Assignment


class AssignmentEvent(
    pghistory.create_event_model(
        Assignment,
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        model_name="AssignmentEvent",
        app_label="programs",
    )
):
    """One change of an assignment (pgh_label insert / update / delete)."""
