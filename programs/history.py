"""Write history of assignments (assigned, paused, resumed, ended, removed), kept by PostgreSQL
triggers (django-pghistory); the consent and membership history is in privacy/history.py."""

from __future__ import annotations

from typing import Any

import pghistory

from programs.models import Assignment

# Typed Any: the base is built at import time, which mypy cannot follow.
_AssignmentEventBase: Any = pghistory.create_event_model(
    Assignment,
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="AssignmentEvent",
    app_label="programs",
)


class AssignmentEvent(_AssignmentEventBase):
    """One change of an assignment (pgh_label insert / update / delete)."""
