"""Email through a real SMTP server (aiosmtpd on 127.0.0.1), and to the log without one."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import Invitation, Member, OutboxMessage
from tests import factories
from tests.smtp_server import body_of, emails_in_log, free_port


@pytest.fixture
def app_config(smtp_server):
    """Every test here sends through the SMTP server of the ``smtp_server`` fixture."""
    return smtp_server.app_config


def test_invitation_arrives_by_smtp_with_a_working_link(client, auth, world, smtp_server):
    auth.login(world.organizer)
    response = client.post(f"/g/{world.group.slug}/manage/invitations",
                           data={"emails": "dana@example.com"})
    assert response.status_code == 302
    [message] = smtp_server.messages
    assert message["To"] == "dana@example.com"
    assert message["X-Envelope-To"] == "dana@example.com"
    assert message["Subject"] == "Join North Star on Partner Net"
    assert "Partner Net" in message["From"]
    body = smtp_server.body(message)
    assert "Olivia Organizer invites you to join North Star" in body
    assert "expires in 7 days" in body
    path = smtp_server.link_path(message, "/invite/")
    auth.logout()
    page = client.get(path)
    assert page.status_code == 200
    assert "Create my account and join" in page.get_data(as_text=True)
    joined = client.post(path, data={"name": "Dana Delgado", "password": "a long enough secret",
                                     "confirm": "a long enough secret"})
    assert joined.headers["Location"] == f"/g/{world.group.slug}/"
    dana = db.session.scalar(sa.select(Member).filter_by(email="dana@example.com"))
    assert dana.membership_in(world.group).active
    assert client.get(path).status_code == 410


def test_resend_mails_a_new_link_and_the_old_one_dies(client, auth, world, smtp_server):
    auth.login(world.organizer)
    client.post(f"/g/{world.group.slug}/manage/invitations", data={"emails": "lee@example.com"})
    invitation = db.session.scalar(sa.select(Invitation))
    client.post(f"/g/{world.group.slug}/manage/invitations/{invitation.id}/resend")
    first, second = (smtp_server.link_path(m, "/invite/") for m in smtp_server.messages)
    assert first != second
    auth.logout()
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


def test_password_reset_arrives_and_its_link_works_once(client, auth, world, smtp_server):
    response = client.post("/auth/forgot", data={"email": world.alice.email.upper()})
    assert response.status_code == 302
    [message] = smtp_server.to(world.alice.email)
    assert message["Subject"] == "Reset your Partner Net password"
    assert "Hello Alice" in smtp_server.body(message)
    path = smtp_server.link_path(message, "/auth/reset/")
    assert client.get(path).status_code == 200
    new = "a brand new passphrase"
    done = client.post(path, data={"password": new, "confirm": new})
    assert done.headers["Location"] == "/auth/signin"
    assert auth.login(world.alice, password=new).headers["Location"].startswith("/")
    assert client.get(f"/g/{world.group.slug}/").status_code == 200
    auth.logout()
    assert auth.login(world.alice).status_code == 200  # the old password is refused

    again = client.post(path, data={"password": "yet another passphrase",
                                    "confirm": "yet another passphrase"})
    assert again.headers["Location"] == "/auth/forgot"
    assert "expired or was already used" in client.get("/auth/forgot").get_data(as_text=True)
    db.session.refresh(world.alice)
    assert world.alice.check_password(new)


def test_no_reset_email_for_unknown_addresses(client, world, smtp_server):
    client.post("/auth/forgot", data={"email": "nobody@example.com"})
    assert smtp_server.messages == []


def test_a_mail_server_that_is_down_does_not_lose_the_invitation(
        client, auth, world, smtp_server, app, caplog):
    app.config["MAIL_PORT"] = free_port()  # nobody listens there
    auth.login(world.organizer)
    with caplog.at_level(logging.WARNING):
        response = client.post(f"/g/{world.group.slug}/manage/invitations",
                               data={"emails": "dana@example.com"}, follow_redirects=True)
    assert response.status_code == 200
    assert "Invitation sent to dana@example.com" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Invitation.email)) == "dana@example.com"
    message = db.session.scalar(sa.select(OutboxMessage))
    assert (message.status, message.attempts, message.recipient) == (
        "pending", 1, "dana@example.com")
    assert "ConnectionRefusedError" in message.last_error
    assert "/invite/" in message.text_body  # kept for the next attempt
    assert "retrying in 60s" in caplog.text


class TestWithoutMailServer:
    @pytest.fixture
    def app_config(self):
        return {"MAIL_SERVER": None}

    def test_invitation_goes_to_the_log(self, client, auth, world, smtp_server, caplog):
        caplog.set_level(logging.INFO, logger="partner_net")
        auth.login(world.organizer)
        client.post(f"/g/{world.group.slug}/manage/invitations",
                    data={"emails": "dana@example.com"})
        assert smtp_server.messages == []
        [message] = emails_in_log(caplog)
        assert message["To"] == "dana@example.com"
        assert message["Subject"] == "Join North Star on Partner Net"
        assert "http://partner.test/invite/" in body_of(message)

    def test_password_reset_goes_to_the_log(self, client, world, smtp_server, caplog):
        caplog.set_level(logging.INFO, logger="partner_net")
        client.post("/auth/forgot", data={"email": world.bob.email})
        assert smtp_server.messages == []
        [message] = emails_in_log(caplog)
        assert message["To"] == world.bob.email
        assert message["Subject"] == "Reset your Partner Net password"
        body = body_of(message)
        assert "Hello Bob" in body and "http://partner.test/auth/reset/" in body
        assert factories.PASSWORD not in body
