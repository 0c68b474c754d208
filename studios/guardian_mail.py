"""E-mail to a dancer's guardians: one message each, sent only after the transaction commits."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from studiohealth.core.exceptions import ApplicationError
from studios.models import DancerProfile

NO_GUARDIAN = "This dancer has no guardian with a login yet: invite one from this page first."


def guardians_mail(
    *, dancer: DancerProfile, template: str, context: dict[str, Any], adult_self: bool = False
) -> int:
    """Render `<template>_subject.txt` / `_body.txt` and queue one mail per guardian with an address
    (and, with `adult_self`, to an adult dancer herself: she gives her own consents)."""
    recipients = [g.email for g in dancer.guardians.all() if g.email]
    if adult_self and not dancer.is_minor and dancer.user is not None and dancer.user.email:
        recipients.append(dancer.user.email)
    if not recipients:
        raise ApplicationError(NO_GUARDIAN)
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}_body.txt", context)
    for recipient in recipients:
        # After commit: a rolled-back request sends nothing.
        transaction.on_commit(
            lambda to=recipient: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])  # type: ignore[misc]
        )
    return len(recipients)
