"""The director's webhooks page: subscribe (secret shown once), send a test event, turn off / on,
delete, and the delivery log with each answer's response code and "redeliver". The API's services
(integrations/webhooks.py) do the work; this module only renders and redirects."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from integrations import webhooks
from integrations.webhook_models import EVENTS, WebhookDelivery, WebhookSubscription
from studiohealth.core.exceptions import ApplicationError
from studios.policies import Actor
from studios.scoping import parse_uuid_or_404, studio_page

DIRECTOR = ("director",)
DENIED = "Only the studio's director can manage webhooks."
NEW_SECRET_SESSION = "integrations_new_webhook_secret"
LOG_ROWS = 50
EVENT_HELP = {
    "analysis.completed": "a clip was measured",
    "analysis.failed": "a clip could not be measured",
    "referral.flagged": "a dancer starts to be flagged for review",
    "consent.changed": "filming consent was given or withdrawn",
    "report.ready": "a season report PDF is ready",
    "assignment.created": "a program was assigned",
    "dancer.archived": "a dancer was archived",
}


class SubscriptionForm(forms.Form):
    url = forms.URLField(label="Receiver URL", max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label="Events",
        choices=[(e, f"{e} — {EVENT_HELP.get(e, '')}") for e in EVENTS if e != "test"],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one event."},
    )


def _page_url(actor: Actor) -> str:
    return reverse("integrations-webhooks", kwargs={"studio_id": actor.studio.public_id})


def _subscription(actor: Actor, webhook_id: str) -> WebhookSubscription:
    return get_object_or_404(
        WebhookSubscription, studio=actor.studio, public_id=parse_uuid_or_404(webhook_id)
    )


@require_http_methods(["GET", "POST"])
@studio_page(roles=DIRECTOR, denied=DENIED)
def webhooks_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subscription, secret = webhooks.webhook_subscription_create(
                studio=actor.studio, actor=actor, **form.cleaned_data
            )
        except ApplicationError as error:  # the SSRF guard names what is wrong; the input stays
            form.add_error("url", error.message)
        else:
            # Post/redirect/get: the secret waits in the session for one page view, then is gone.
            request.session[NEW_SECRET_SESSION] = {"url": subscription.url, "secret": secret}
            return HttpResponseRedirect(_page_url(actor))
    created = request.session.pop(NEW_SECRET_SESSION, None) if request.method == "GET" else None
    subscriptions = WebhookSubscription.objects.filter(studio=actor.studio).order_by("-created_at")
    deliveries = (
        WebhookDelivery.objects.filter(studio=actor.studio)
        .select_related("subscription")
        .order_by("-created_at")[:LOG_ROWS]
    )
    context = {
        "studio": actor.studio,
        "form": form,
        "created": created,
        "subscriptions": subscriptions,
        "deliveries": deliveries,
        "log_rows": LOG_ROWS,
    }
    response = render(request, "integrations/webhooks.html", context, status=400 if form.errors else 200)
    response["Cache-Control"] = "no-store"  # the page with a fresh secret must not be cached
    return response


def _back(request: HttpRequest, actor: Actor, notice: str) -> HttpResponseRedirect:
    messages.success(request, notice)
    return HttpResponseRedirect(_page_url(actor))


def _send_test(request: HttpRequest, actor: Actor, subscription: WebhookSubscription) -> str:
    webhooks.webhook_test_send(studio=actor.studio, actor=actor, subscription=subscription)
    return f"Test event queued for {subscription.url}."


def _set_active(request: HttpRequest, actor: Actor, subscription: WebhookSubscription) -> str:
    active = request.POST.get("active") == "1"
    webhooks.webhook_subscription_set_active(
        studio=actor.studio, actor=actor, subscription=subscription, active=active
    )
    return f"{subscription.url} turned {'on' if active else 'off'}."


def _delete(request: HttpRequest, actor: Actor, subscription: WebhookSubscription) -> str:
    webhooks.webhook_subscription_delete(studio=actor.studio, actor=actor, subscription=subscription)
    return f"Webhook to {subscription.url} deleted, with its delivery log."


ACTIONS = {"test": _send_test, "active": _set_active, "delete": _delete}  # urls.py passes `action`


@require_POST
@studio_page(roles=DIRECTOR, denied=DENIED)
def webhook_action(request: HttpRequest, actor: Actor, webhook_id: str, action: str) -> HttpResponse:
    """One subscription's buttons: send a test event, turn off / on, delete."""
    subscription = _subscription(actor, webhook_id)
    try:
        notice = ACTIONS[action](request, actor, subscription)
    except ApplicationError as error:  # e.g. turning on re-checks the URL (SSRF guard)
        messages.error(request, error.message)
        return HttpResponseRedirect(_page_url(actor))
    return _back(request, actor, notice)


@require_POST
@studio_page(roles=DIRECTOR, denied=DENIED)
def webhook_redeliver(request: HttpRequest, actor: Actor, delivery_id: str) -> HttpResponse:
    delivery = get_object_or_404(
        WebhookDelivery, studio=actor.studio, public_id=parse_uuid_or_404(delivery_id)
    )
    webhooks.webhook_redeliver(studio=actor.studio, actor=actor, delivery=delivery)
    return _back(request, actor, f"{delivery.event} queued again for {delivery.subscription.url}.")
