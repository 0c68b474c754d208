"""The invitation e-mail through Django's SMTP backend to a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.test import TestCase, override_settings

from studios.invitations import invitation_create
from studios.models import Role
from tests.studios.invites import director_actor
from tests.world import World

pytestmark = pytest.mark.django_db


class _Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[bytes] = []

    def handle_message(self, message) -> None:  # noqa: ANN001
        self.messages.append(message.as_bytes())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, _Inbox]]:
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller.port, inbox
    finally:
        controller.stop()


def test_invitation_goes_out_over_smtp(world: World, smtp_server: tuple[int, _Inbox]) -> None:
    port, inbox = smtp_server
    with (
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
        ),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        invitation_create(
            studio=world.a.studio,
            actor=director_actor(world.a),
            email="coach@example.test",
            role=Role.TEACHER,
            link_base="https://studio.example/",
        )
    assert len(inbox.messages) == 1
    message = message_from_bytes(inbox.messages[0])
    assert message["To"] == "coach@example.test"
    assert "Studio A" in message["Subject"]
    assert "https://studio.example/invite/" in message.get_payload(decode=True).decode()
