"""The director's webhooks page in headless Chromium at phone and desktop sizes, against real HTTP
receivers on 127.0.0.1 that verify every signature: add (secret shown once), send a test event,
an event from a service, a failing receiver's 500 in the log, redeliver (same delivery id), turn
off / on, delete."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from integrations.webhook_models import WebhookDelivery, WebhookSubscription
from studios.people import dancer_archive
from studios.policies import actor_for
from tests.browser.conftest import login, screenshot
from tests.celery_support import wait_for
from tests.integrations.test_webhooks import receiver
from tests.world import World


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_director_manages_webhooks_and_reads_the_delivery_log(
    live_world: World, new_page, width: int, height: int  # noqa: ANN001
) -> None:
    world = live_world
    page = new_page(width, height)
    login(page, world.a.director.username)
    page.get_by_role("link", name="Webhooks for studio software").click()
    with receiver() as (good, good_url), receiver(status=500) as (bad, bad_url):
        page.get_by_label("Receiver URL").fill(good_url)
        page.get_by_label("dancer.archived").check()
        page.get_by_label("consent.changed").check()
        page.get_by_role("button", name="Add webhook").click()
        good.secret = page.get_by_label("Signing secret").input_value()
        assert good.secret.startswith("whsec_") and page.get_by_text("shown only this once").is_visible()
        screenshot(page, f"integrations-webhooks-added-{width}")
        page.reload()
        assert page.locator("#new-secret").count() == 0 and good.secret not in page.content()

        hook = page.locator("li.hook", has_text=good_url)
        hook.get_by_role("button", name="Send test event").click()
        assert page.get_by_role("status").get_by_text("Test event queued").is_visible()
        wait_for(lambda: len(good.delivery_ids()) == 1, timeout=60, what="test event received")
        assert good.received[0]["body"]["event"] == "test"

        director = actor_for(user=world.a.director, studio=world.a.studio)
        assert director is not None
        dancer_archive(studio=world.a.studio, actor=director, dancer=world.a.other_dancer)
        wait_for(lambda: len(good.delivery_ids()) == 2, timeout=60, what="dancer.archived received")
        assert good.received[1]["body"]["event"] == "dancer.archived"

        page.get_by_label("Receiver URL").fill(bad_url)
        page.get_by_label("report.ready").check()
        page.get_by_role("button", name="Add webhook").click()
        bad.secret = page.get_by_label("Signing secret").input_value()
        page.locator("li.hook", has_text=bad_url).get_by_role("button", name="Send test event").click()
        # The POST's redirect must land before the reload below, or Chromium reloads a page in transit.
        expect(page.get_by_role("status").get_by_text("Test event queued")).to_be_visible()
        wait_for(lambda: len(bad.delivery_ids()) == 1, timeout=60, what="failing receiver called")
        page.reload()
        failed_row = page.locator("tr", has_text=bad_url).first
        assert "HTTP 500" in failed_row.inner_text() and "pending" in failed_row.inner_text()
        delivered_row = page.locator("tr", has_text="dancer.archived")
        assert "HTTP 200" in delivered_row.inner_text() and "delivered" in delivered_row.inner_text()
        screenshot(page, f"integrations-webhooks-log-{width}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # the log scrolls in its box

        failed_row.get_by_role("button", name="Redeliver").click()
        wait_for(lambda: len(bad.delivery_ids()) == 2, timeout=60, what="redelivery")
        assert bad.delivery_ids()[0] == bad.delivery_ids()[1]  # same delivery id: the receiver de-duplicates
        assert WebhookDelivery.objects.filter(subscription__url=bad_url).get().attempts == 2

        page.locator("li.hook", has_text=good_url).get_by_role("button", name="Turn off").click()
        assert "Off" in page.locator("li.hook", has_text=good_url).inner_text()
        assert not WebhookSubscription.objects.get(url=good_url).active
        page.locator("li.hook", has_text=good_url).get_by_role("button", name="Turn on").click()
        assert WebhookSubscription.objects.get(url=good_url).active

        page.locator("li.hook", has_text=bad_url).get_by_role("button", name="Delete").click()
        assert page.locator("li.hook", has_text=bad_url).count() == 0
        assert not WebhookSubscription.objects.filter(url=bad_url).exists()
        screenshot(page, f"integrations-webhooks-final-{width}")
    assert good.bad_signatures == 0 and bad.bad_signatures == 0
    assert not page.errors  # type: ignore[attr-defined]
