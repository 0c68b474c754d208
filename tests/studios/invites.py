"""Test helper: an invitation created through the real service, with the link read from the e-mail."""

from __future__ import annotations

import re

from django.core import mail
from django.test import TestCase

from studios.invitations import invitation_create
from studios.models import DancerProfile, Invitation, Studio
from studios.policies import Actor, actor_for
from tests.world import Tenant

LINK = re.compile(r"https?://[^\s]+/invite/([\w-]+)/")


def director_actor(tenant: Tenant) -> Actor:
    actor = actor_for(user=tenant.director, studio=tenant.studio)
    assert actor is not None
    return actor


def invite(
    tenant: Tenant,
    *,
    email: str,
    role: str,
    dancer: DancerProfile | None = None,
    studio: Studio | None = None,
) -> tuple[Invitation, str]:
    """Create and send an invitation (on_commit callbacks run at once); return it and its raw token."""
    before = len(mail.outbox)
    with TestCase.captureOnCommitCallbacks(execute=True):
        invitation = invitation_create(
            studio=studio or tenant.studio,
            actor=director_actor(tenant),
            email=email,
            role=role,
            dancer=dancer,
            link_base="http://testserver/",
        )
    assert len(mail.outbox) == before + 1
    return invitation, token_from(str(mail.outbox[-1].body))


def token_from(body: str) -> str:
    match = LINK.search(body)
    assert match, body
    return match.group(1)
