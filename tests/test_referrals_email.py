"""Referral emails through a real SMTP server: the receiver is told, the giver hears
shared milestones and thank-yous, never unshared ones; a dead mail server loses nothing."""

import pytest
import sqlalchemy as sa

from partner_net import clock
from partner_net.extensions import db
from partner_net.models import OutboxMessage, Referral
from tests.smtp_server import free_port
from tests.test_referrals_give import form


@pytest.fixture
def app_config(smtp_server):
    """Every test here sends through the SMTP server of the ``smtp_server`` fixture."""
    return smtp_server.app_config


def test_receiver_gets_an_email_with_the_link_but_not_the_contact_details(
        client, auth, world, smtp_server):
    auth.login(world.alice)
    client.post("/referrals/new", data=form(world))
    [message] = smtp_server.to(world.bob.email)
    assert message["Subject"] == "Alice Archer sent you a referral"
    body = smtp_server.body(message)
    assert "Priya" not in body and "Prospect" not in message["Subject"]
    path = smtp_server.link_path(message, "/referrals/")
    referral = db.session.scalar(sa.select(Referral))
    assert path == f"/referrals/{referral.id}"
    assert "priya@cafe.example" not in body  # details stay behind the sign-in


def test_giver_is_emailed_shared_milestones_only(client, auth, world, smtp_server):
    auth.login(world.alice)
    client.post("/referrals/new", data=form(world))
    referral = db.session.scalar(sa.select(Referral))
    auth.logout()
    auth.login(world.bob)
    client.post(f"/referrals/{referral.id}/move", data={"to": "contacted", "note": "called"})
    assert smtp_server.to(world.alice.email) == []
    client.post(f"/referrals/{referral.id}/move",
                data={"to": "meeting", "note": "Meeting on Friday", "shared": "y"})
    [message] = smtp_server.to(world.alice.email)
    body = smtp_server.body(message)
    # Emails leave the site: neither the prospect's name nor the receiver's note travel.
    assert "Meeting on Friday" not in body and "Priya" not in body
    assert message["Subject"] == "Bob Baker: meeting held — a referral you gave."
    assert "left you a note" in body
    client.post(f"/referrals/{referral.id}/thank",
                data={"method": "call", "when": clock.now().date().isoformat(),
                      "note": "Many thanks"})
    assert [m["Subject"] for m in smtp_server.to(world.alice.email)][-1] == (
        "Bob Baker thanked you for a referral you gave.")


class TestMailServerDown:
    @pytest.fixture
    def app_config(self):
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": free_port()}

    def test_the_referral_is_kept_when_the_email_fails(self, client, auth, world, caplog):
        auth.login(world.alice)
        response = client.post("/referrals/new", data=form(world))
        assert response.status_code == 302
        assert db.session.scalar(sa.select(sa.func.count(Referral.id))) == 1
        message = db.session.scalar(sa.select(OutboxMessage))
        assert (message.recipient, message.status, message.attempts) == (
            world.bob.email, "pending", 1)
        assert "not sent (attempt 1)" in caplog.text
