"""A real SMTP server on 127.0.0.1 for tests (aiosmtpd), collecting what it receives.

The ``smtp_server`` fixture (tests/conftest.py) runs one; point the app at it through
the ``app_config`` fixture::

    @pytest.fixture
    def app_config(smtp_server):
        return smtp_server.app_config
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, message_from_string, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """The aiosmtpd handler: keeps every message it accepts, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.port = 0

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        message = message_from_bytes(envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    @property
    def app_config(self) -> dict[str, object]:
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": self.port}

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    @staticmethod
    def body(message: EmailMessage) -> str:
        return body_of(message)

    def link_path(self, message: EmailMessage, prefix: str) -> str:
        """The path of the first absolute link in the body whose path starts with ``prefix``."""
        found = re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"\S+)", self.body(message))
        assert found, f"no link to {prefix} in:\n{self.body(message)}"
        return found.group(1)


LOG_PREFIX = "Email (no MAIL_SERVER set, not sent):\n"


def emails_in_log(caplog: pytest.LogCaptureFixture) -> list[EmailMessage]:
    """The messages ``send_email`` wrote to the log, parsed (their bodies may be encoded)."""
    return [
        message_from_string(r.getMessage().removeprefix(LOG_PREFIX), policy=policy.default)
        for r in caplog.records if r.getMessage().startswith(LOG_PREFIX)
    ]


def body_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


class SlowMailbox(Mailbox):
    """A mail server that takes ``delay`` seconds to accept each message."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay
        self.started = 0  # messages it began to receive

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        import asyncio

        self.started += 1
        await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


@contextmanager
def running_smtp_server(mailbox: Mailbox | None = None) -> Iterator[Mailbox]:
    """An SMTP server on 127.0.0.1 at a free port while the block runs."""
    mailbox = mailbox or Mailbox()
    mailbox.port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()
