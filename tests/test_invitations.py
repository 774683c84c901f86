"""Inviting members (organizers), and accepting an invitation (anyone with the link)."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import Invitation, Member, Role
from partner_net.models.base import hash_token, utcnow
from tests import factories
from tests.smtp_server import body_of, emails_in_log


def invitations_url(group) -> str:
    return f"/g/{group.slug}/manage/invitations"


def make_invitation(group, email="new.person@example.com", inviter=None, days=7):
    """An invitation in the database and its raw token."""
    invitation = Invitation(group=group, email=email, invited_by=inviter)
    token = invitation.issue_token(days)
    db.session.add(invitation)
    db.session.commit()
    return invitation, token


def links_in_log(caplog) -> list[str]:
    """The paths of the invitation links in the emails written to the log."""
    return [found for message in emails_in_log(caplog)
            for found in re.findall(r"http://partner\.test(/invite/\S+)", body_of(message))]


def invite(client, group, emails: str):
    return client.post(invitations_url(group), data={"emails": emails})


# --- The invitations page -------------------------------------------------------------

def test_invitations_page_access(client, auth, world):
    invitation, _ = make_invitation(world.group)
    urls = [invitations_url(world.group),
            f"{invitations_url(world.group)}/{invitation.id}/revoke",
            f"{invitations_url(world.group)}/{invitation.id}/resend"]
    for url in urls:
        response = client.post(url, data={"emails": "x@example.com"})
        assert response.status_code == 302 and "/auth/signin" in response.headers["Location"]
    assert "/auth/signin" in client.get(urls[0]).headers["Location"]
    auth.login(world.alice)
    assert client.get(urls[0]).status_code == 403
    for url in urls:
        assert client.post(url, data={"emails": "x@example.com"}).status_code == 403
    auth.logout()
    auth.login(world.other_organizer)
    assert client.get(urls[0]).status_code == 404
    for url in urls:
        assert client.post(url, data={"emails": "x@example.com"}).status_code == 404
    auth.logout()
    auth.login(world.organizer)
    page = client.get(urls[0])
    assert page.status_code == 200
    assert "new.person@example.com" in page.get_data(as_text=True)
    db.session.refresh(invitation)
    assert invitation.is_usable  # nothing above revoked or resent it
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 1


def test_invitation_of_another_group_is_404(client, auth, world):
    theirs, _ = make_invitation(world.other_group)
    auth.login(world.organizer)
    for action in ("revoke", "resend"):
        url = f"{invitations_url(world.group)}/{theirs.id}/{action}"
        assert client.post(url).status_code == 404
    db.session.refresh(theirs)
    assert theirs.is_usable


def test_inviting_several_addresses_sends_each_a_link(client, auth, world, caplog):
    caplog.set_level(logging.INFO)
    auth.login(world.organizer)
    response = invite(client, world.group,
                      "Dana@Example.com, Lee Lu <lee@example.com>\n\nkim@example.org;")
    assert response.status_code == 302
    invitations = db.session.scalars(sa.select(Invitation).order_by(Invitation.email)).all()
    assert [i.email for i in invitations] == ["dana@example.com", "kim@example.org",
                                              "lee@example.com"]
    for invitation in invitations:
        assert invitation.group_id == world.group.id
        assert invitation.invited_by_id == world.organizer.id
        assert invitation.status == "pending"
        expected = invitation.sent_at + timedelta(days=7)
        assert abs((invitation.expires_at - expected).total_seconds()) < 1
    links = links_in_log(caplog)
    assert len(links) == 3
    tokens = [link.rsplit("/", 1)[1] for link in links]
    assert {hash_token(t) for t in tokens} == {i.token_hash for i in invitations}
    messages = emails_in_log(caplog)
    assert [m["To"] for m in messages] == ["dana@example.com", "lee@example.com",
                                           "kim@example.org"]
    assert {m["Subject"] for m in messages} == {"Join North Star on Partner Net"}
    assert "Olivia Organizer invites you to join North Star" in body_of(messages[0])
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Invitation sent to dana@example.com, lee@example.com, kim@example.org." in page


def test_raw_tokens_are_never_stored(client, auth, world, caplog):
    caplog.set_level(logging.INFO)
    auth.login(world.organizer)
    invite(client, world.group, "dana@example.com")
    token = links_in_log(caplog)[0].rsplit("/", 1)[1]
    invitation = db.session.scalar(sa.select(Invitation))
    assert invitation.token_hash == hash_token(token)
    assert token not in client.get(invitations_url(world.group)).get_data(as_text=True)


def test_members_and_pending_invitations_are_skipped(client, auth, world, caplog):
    caplog.set_level(logging.INFO)
    make_invitation(world.group, "pending@example.com")
    factories.join(world.group, factories.make_member("Gone", email="gone@example.com"),
                   active=False)
    db.session.commit()
    auth.login(world.organizer)
    response = invite(client, world.group, f"{world.alice.email.upper()}, pending@example.com, "
                                           "gone@example.com, fresh@example.com")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Invitation sent to fresh@example.com." in page
    assert f"Already members, not invited: {world.alice.email}." in page
    assert "Already invited and the link still works: pending@example.com." in page
    assert "Deactivated members, not invited: gone@example.com." in page
    assert len(links_in_log(caplog)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 2


def test_inviting_again_after_expiry_renews_the_same_invitation(client, auth, world, caplog):
    caplog.set_level(logging.INFO)
    invitation, old = make_invitation(world.group, "late@example.com")
    invitation.expires_at = utcnow() - timedelta(days=1)
    db.session.commit()
    auth.login(world.organizer)
    invite(client, world.group, "late@example.com")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 1
    db.session.refresh(invitation)
    assert invitation.status == "pending"
    assert client.get(f"/invite/{old}").status_code == 404
    new = links_in_log(caplog)[0]
    auth.logout()
    assert client.get(new).status_code == 200


def test_a_member_of_another_group_can_be_invited(client, auth, world, caplog):
    caplog.set_level(logging.INFO)
    auth.login(world.organizer)
    invite(client, world.group, world.other_organizer.email)
    assert len(links_in_log(caplog)) == 1


@pytest.mark.parametrize(("emails", "message"), [
    ("", "Enter at least one email address."),
    (" , ;\n ", "Enter at least one email address."),
    ("dana@example", "This is not an email address: dana@example. Correct or remove it"),
    ("ok@example.com, lee, @x.org", "These are not email addresses: lee, @x.org. Correct"),
    ("dana at example.com", "This is not an email address: dana at example.com. Correct"),
    ("a@example.com\nb@example.com c@example.com",
     "This is not an email address: b@example.com c@example.com."),
    (", ".join(f"p{n}@example.com" for n in range(51)), "Invite at most 50 people at a time."),
])
def test_invite_validation(client, auth, world, caplog, emails, message):
    caplog.set_level(logging.INFO)
    auth.login(world.organizer)
    response = invite(client, world.group, emails)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    if emails.strip(" ,;\n"):
        assert emails.split(",")[0] in page  # what was typed is kept
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0
    assert not links_in_log(caplog)


def test_invitations_list_every_status(client, auth, world):
    make_invitation(world.group, "pending@example.com")
    expired, _ = make_invitation(world.group, "expired@example.com")
    expired.expires_at = utcnow() - timedelta(hours=1)
    revoked, _ = make_invitation(world.group, "revoked@example.com")
    revoked.revoked_at = utcnow()
    accepted, _ = make_invitation(world.group, "accepted@example.com")
    accepted.accepted_at = utcnow()
    make_invitation(world.other_group, "theirs@example.com")
    db.session.commit()
    auth.login(world.organizer)
    page = client.get(invitations_url(world.group)).get_data(as_text=True)
    for status in ("Pending", "Expired", "Revoked", "Accepted"):
        assert f">{status}</span>" in page
    assert "theirs@example.com" not in page
    # revoke and resend only for the ones not yet accepted or revoked
    assert page.count(">Revoke</button>") == 2
    assert page.count(">Send again</button>") == 2


def test_revoke_kills_the_link(client, auth, world):
    invitation, token = make_invitation(world.group)
    auth.login(world.organizer)
    response = client.post(f"{invitations_url(world.group)}/{invitation.id}/revoke")
    assert response.status_code == 302
    db.session.refresh(invitation)
    assert invitation.status == "revoked"
    assert "its link no longer works" in client.get(response.headers["Location"]).get_data(
        as_text=True)
    auth.logout()
    response = client.get(f"/invite/{token}")
    assert response.status_code == 410
    assert "This invitation was withdrawn" in response.get_data(as_text=True)


def test_resend_issues_a_fresh_link_and_kills_the_old(client, auth, world, caplog):
    caplog.set_level(logging.INFO)
    invitation, old = make_invitation(world.group)
    invitation.expires_at = utcnow() + timedelta(hours=1)
    db.session.commit()
    auth.login(world.organizer)
    response = client.post(f"{invitations_url(world.group)}/{invitation.id}/resend")
    assert response.status_code == 302
    db.session.refresh(invitation)
    assert invitation.expires_at > utcnow() + timedelta(days=6, hours=23)
    [new] = links_in_log(caplog)
    auth.logout()
    assert client.get(f"/invite/{old}").status_code == 404
    assert client.get(new).status_code == 200


def test_resend_of_an_accepted_invitation_is_refused(client, auth, world, caplog):
    caplog.set_level(logging.INFO)
    invitation, token = make_invitation(world.group)
    invitation.accepted_at = utcnow()
    db.session.commit()
    auth.login(world.organizer)
    response = client.post(f"{invitations_url(world.group)}/{invitation.id}/resend",
                           follow_redirects=True)
    assert "is accepted; invite them again with the form instead" in response.get_data(
        as_text=True)
    assert not links_in_log(caplog)
    assert Invitation.find_by_token(token) is not None


# --- Accepting: links that do not work ----------------------------------------------------

def test_unknown_token_is_404_with_a_clear_page(client, world):
    response = client.get("/invite/not-a-real-token")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "This invitation link does not work" in page
    assert "ask the organizer for a new invitation" in page
    assert client.post("/invite/not-a-real-token").status_code == 404


def test_expired_invitation_is_410(client, world):
    invitation, token = make_invitation(world.group)
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = client.get(f"/invite/{token}")
    assert response.status_code == 410
    assert "This invitation has expired" in response.get_data(as_text=True)
    assert "Ask the organizer" in response.get_data(as_text=True)
    posted = client.post(f"/invite/{token}", data=new_account_form())
    assert posted.status_code == 410
    assert db.session.scalar(sa.select(Member).filter_by(email=invitation.email)) is None


def test_invitation_expires_after_the_configured_days(client, auth, world, caplog):
    caplog.set_level(logging.INFO)
    auth.login(world.organizer)
    invite(client, world.group, "dana@example.com")
    invitation = db.session.scalar(sa.select(Invitation))
    assert (invitation.expires_at - invitation.sent_at) == timedelta(days=7)


# --- Accepting with a new account --------------------------------------------------------

def new_account_form(**changes):
    data = {"name": "Dana Delgado", "password": "a long enough secret",
            "confirm": "a long enough secret", "category": "Florist"}
    data.update(changes)
    return data


def test_invitation_page_for_a_new_person(client, world):
    _, token = make_invitation(world.group, inviter=world.organizer)
    response = client.get(f"/invite/{token}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Olivia Organizer invited <strong>new.person@example.com</strong>" in page
    assert "Create my account and join" in page
    assert 'value="new.person@example.com" readonly' in page


def test_new_account_joins_signs_in_and_lands_on_the_dashboard(client, world):
    invitation, token = make_invitation(world.group)
    response = client.post(f"/invite/{token}", data=new_account_form())
    assert response.status_code == 302
    assert response.headers["Location"] == f"/g/{world.group.slug}/"
    member = db.session.scalar(sa.select(Member).filter_by(email="new.person@example.com"))
    assert member.name == "Dana Delgado" and member.category == "Florist"
    assert member.check_password("a long enough secret")
    membership = member.membership_in(world.group)
    assert membership.active and membership.role == Role.MEMBER
    db.session.refresh(invitation)
    assert invitation.status == "accepted"
    dashboard = client.get(response.headers["Location"])
    assert dashboard.status_code == 200
    text = dashboard.get_data(as_text=True)
    assert "Welcome to North Star, Dana!" in text and "Fill in your profile" in text


def test_invitation_works_once(client, auth, world):
    _, token = make_invitation(world.group)
    client.post(f"/invite/{token}", data=new_account_form())
    auth.logout()
    again = client.get(f"/invite/{token}")
    assert again.status_code == 410
    assert "This invitation was already used" in again.get_data(as_text=True)
    posted = client.post(f"/invite/{token}", data=new_account_form(name="Someone Else"))
    assert posted.status_code == 410
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Member).filter_by(
        email="new.person@example.com")) == 1


@pytest.mark.parametrize(("changes", "message"), [
    ({"name": ""}, "Enter your name."),
    ({"name": "x" * 121}, "Keep it under 120 characters."),
    ({"password": "short", "confirm": "short"}, "Use at least 10 characters."),
    ({"confirm": "something else entirely"}, "The two passwords are not the same."),
    ({"confirm": ""}, "Repeat the password."),
    ({"category": "y" * 121}, "Keep it under 120 characters."),
])
def test_new_account_validation(client, world, changes, message):
    invitation, token = make_invitation(world.group)
    response = client.post(f"/invite/{token}", data=new_account_form(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert "everything you typed is kept" in page
    if "name" not in changes:
        assert 'value="Dana Delgado"' in page
    assert db.session.scalar(sa.select(Member).filter_by(email=invitation.email)) is None
    db.session.refresh(invitation)
    assert invitation.status == "pending"


def test_category_taken_in_an_exclusive_group_is_refused(client, world):
    invitation, token = make_invitation(world.group)
    response = client.post(f"/invite/{token}", data=new_account_form(category=" roofer "))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "North Star has one seat per category, and Alice Archer (Archer Roofing) " \
           "already holds “roofer”." in page
    assert 'value="Dana Delgado"' in page and 'value="roofer"' in page
    assert db.session.scalar(sa.select(Member).filter_by(email=invitation.email)) is None
    # another category goes through
    assert client.post(f"/invite/{token}", data=new_account_form(
        category="Florist")).status_code == 302


def test_category_is_free_in_an_open_group(client, world):
    world.group.exclusive_categories = False
    db.session.commit()
    _, token = make_invitation(world.group)
    assert client.post(f"/invite/{token}", data=new_account_form(
        category="Roofer")).status_code == 302


def test_signed_in_as_someone_else_is_told_and_can_sign_out(client, auth, world):
    _, token = make_invitation(world.group)
    auth.login(world.other_organizer)
    response = client.get(f"/invite/{token}")
    page = response.get_data(as_text=True)
    assert f"You are signed in as <strong>{world.other_organizer.email}</strong>" in page
    assert "Sign out and continue" in page
    # posting the new-account form while signed in as someone else creates nothing
    client.post(f"/invite/{token}", data=new_account_form())
    assert db.session.scalar(sa.select(Member).filter_by(email="new.person@example.com")) is None
    version = world.other_organizer.session_version
    response = client.post(f"/invite/{token}/signout")
    assert response.headers["Location"] == f"/invite/{token}"
    assert "Create my account and join" in client.get(f"/invite/{token}").get_data(as_text=True)
    db.session.refresh(world.other_organizer)
    assert world.other_organizer.session_version > version  # every other session ends too


# --- Accepting with an existing account ---------------------------------------------------

def test_existing_account_must_sign_in_then_joins(client, auth, world):
    invitation, token = make_invitation(world.other_group, world.alice.email)
    page = client.get(f"/invite/{token}").get_data(as_text=True)
    assert "You already have a Partner Net account" in page
    assert f"/auth/signin?next=/invite/{token}" in page
    # posting without signing in joins nobody
    client.post(f"/invite/{token}")
    assert world.alice.membership_in(world.other_group) is None

    response = client.post(f"/auth/signin?next=/invite/{token}",
                           data={"email": world.alice.email, "password": factories.PASSWORD})
    assert response.headers["Location"] == f"/invite/{token}"
    page = client.get(f"/invite/{token}").get_data(as_text=True)
    assert 'type="submit" value="Join South Cross"' in page
    response = client.post(f"/invite/{token}")
    assert response.headers["Location"] == f"/g/{world.other_group.slug}/"
    db.session.refresh(world.alice)
    assert world.alice.membership_in(world.other_group).active
    db.session.refresh(invitation)
    assert invitation.status == "accepted"
    assert client.get(f"/g/{world.other_group.slug}/").status_code == 200
    assert client.get(f"/g/{world.group.slug}/").status_code == 200


def test_existing_account_signed_in_as_someone_else(client, auth, world):
    _, token = make_invitation(world.other_group, world.alice.email)
    auth.login(world.bob)
    page = client.get(f"/invite/{token}").get_data(as_text=True)
    assert f"You are signed in as <strong>{world.bob.email}</strong>" in page
    assert f"sign in as {world.alice.email} to join" in page
    client.post(f"/invite/{token}")
    assert world.bob.membership_in(world.other_group) is None
    assert world.alice.membership_in(world.other_group) is None


def test_existing_account_in_a_taken_category_is_refused(client, auth, world):
    rival = factories.make_member("Rita Roof", category="Roofer", business="Rita's Roofs")
    factories.join(world.other_group, rival)
    db.session.commit()
    _, token = make_invitation(world.other_group, world.alice.email)
    auth.login(world.alice)
    page = client.get(f"/invite/{token}").get_data(as_text=True)
    assert "South Cross has one seat per category, and Rita Roof (Rita&#39;s Roofs) " \
           "already holds “Roofer”." in page
    assert 'value="Join South Cross"' not in page
    client.post(f"/invite/{token}")
    assert world.alice.membership_in(world.other_group) is None


def test_already_a_member_uses_up_the_invitation(client, auth, world):
    invitation, token = make_invitation(world.group, world.alice.email)
    auth.login(world.alice)
    response = client.get(f"/invite/{token}")
    assert response.headers["Location"] == f"/g/{world.group.slug}/"
    db.session.refresh(invitation)
    assert invitation.status == "accepted"


def test_a_deactivated_membership_is_not_revived_by_an_invitation(client, auth, world):
    """Deactivating was the organizers' decision; only they reactivate (members page)."""
    factories.join(world.other_group, world.alice, active=False)
    db.session.commit()
    invitation, token = make_invitation(world.other_group, world.alice.email)
    auth.login(world.alice)
    page = client.get(f"/invite/{token}").get_data(as_text=True)
    assert "Your membership in South Cross was deactivated. Only an organizer" in page
    client.post(f"/invite/{token}")
    db.session.refresh(world.alice)
    assert not world.alice.membership_in(world.other_group).active
    db.session.refresh(invitation)
    assert invitation.status == "pending"


def csrf_token_in(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_the_invite_form_needs_its_csrf_token(world, database_url):
    from partner_net import create_app
    from tests.conftest import base_config

    app = create_app(base_config(database_url, WTF_CSRF_ENABLED=True))
    client = app.test_client()
    signin = csrf_token_in(client.get("/auth/signin").get_data(as_text=True))
    client.post("/auth/signin", data={"email": world.organizer.email,
                                      "password": factories.PASSWORD, "csrf_token": signin})
    page = client.get(invitations_url(world.group)).get_data(as_text=True)
    refused = client.post(invitations_url(world.group), data={"emails": "a@example.com"})
    assert refused.status_code == 400
    accepted = client.post(invitations_url(world.group),
                           data={"emails": "a@example.com", "csrf_token": csrf_token_in(page)})
    assert accepted.status_code == 302
    with app.app_context():
        db.engine.dispose()
    assert db.session.scalar(sa.select(Invitation.email)) == "a@example.com"
