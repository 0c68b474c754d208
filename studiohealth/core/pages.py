"""The flow every form-post page action shares: run the service, flash what happened, redirect.

    return run_and_flash(
        request,
        lambda: people.membership_remove(studio=actor.studio, actor=actor, membership=membership),
        success=lambda m: f"{m.user} no longer has the {m.role} role here.",
        then=redirect("studio-people", studio_id=actor.studio.public_id),
    )

With `form=` (and the words `invalid=` to flash when it does not validate) the form is checked
first and the action runs only on valid data; `action` reads `form.cleaned_data` then. A broken rule
(`ApplicationError`) or invalid data (`ValidationError`) is flashed as an error with the service's own
words and nothing is saved (the service is atomic); anything else propagates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse

from studiohealth.core.exceptions import ApplicationError

T = TypeVar("T")


def error_text(error: ApplicationError | ValidationError) -> str:
    """The words a person is shown for a refused action."""
    return error.message if isinstance(error, ApplicationError) else " ".join(error.messages)


def run_and_flash(
    request: HttpRequest,
    action: Callable[[], T],
    *,
    success: str | Callable[[T], str],
    then: HttpResponse,
    form: Form | None = None,
    invalid: str = "",
) -> HttpResponse:
    """Run `action`; flash `success` (or `success(result)`) or the refusal's words; answer `then`."""
    if form is not None and not form.is_valid():
        messages.error(request, invalid)
        return then
    try:
        result = action()
    except (ApplicationError, ValidationError) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, success if isinstance(success, str) else success(result))
    return then
