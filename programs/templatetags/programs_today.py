"""`{% programs_today_panel %}`: the dancer's exercises for today, reusable on any page.

Used by frontend_templates/programs/_today.html, which the dashboards' dancer page includes with
`dancer`, `studio` and `can_log` in its context.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import template

from programs.models import PauseKind
from programs.referral import PAIN_ADVICE, PAIN_HIGH
from programs.selectors import compliance_for_dancer, today_items

register = template.Library()


@register.inclusion_tag("programs/_today_panel.html", takes_context=True)
def programs_today_panel(context: template.Context, dancer: Any, studio: Any, can_log: bool = False) -> dict:
    items = today_items(studio=studio, dancer=dancer)
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "studio": studio,
        "dancer": dancer,
        "can_log": can_log,
        "items": items,
        "rows": [{"item": item, "key": uuid.uuid4().hex} for item in items],  # no-JS idempotency keys
        "compliance": compliance_for_dancer(studio=studio, dancer=dancer),
        "today": studio.today(),
        "pause_kinds": PauseKind.choices,
        "pain_high": PAIN_HIGH,
        "pain_advice": PAIN_ADVICE,
    }
