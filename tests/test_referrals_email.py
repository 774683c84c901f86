"""Referral emails through a real SMTP server: the receiver is told, the giver hears
shared milestones and thank-yous, never unshared ones; a dead mail server loses nothing."""

import pytest
import sqlalchemy as sa

from partner_net import clock
from partner_net.extensions import db
from partner_net.models import Referral
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
    assert message["Subject"] == "Alice Archer referred Priya Prospect to you"
    body = smtp_server.body(message)
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
    assert "Meeting on Friday" in smtp_server.body(message)
    client.post(f"/referrals/{referral.id}/thank",
                data={"method": "call", "when": clock.now().date().isoformat(),
                      "note": "Many thanks"})
    assert [m["Subject"] for m in smtp_server.to(world.alice.email)][-1] == (
        "Bob Baker thanked you")


class TestMailServerDown:
    @pytest.fixture
    def app_config(self):
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": free_port()}

    def test_the_referral_is_kept_when_the_email_fails(self, client, auth, world, caplog):
        auth.login(world.alice)
        response = client.post("/referrals/new", data=form(world))
        assert response.status_code == 302
        assert db.session.scalar(sa.select(sa.func.count(Referral.id))) == 1
        assert "Could not email" in caplog.text
