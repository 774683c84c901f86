"""The header's badge is counted with the member (one statement fewer on every page) and
is never stale: a request that changes notifications counts again (partner_net.unread_badge)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import g
from flask_login import login_user

from partner_net.extensions import db
from partner_net.models import Notification, Referral
from partner_net.unread_badge import counted_unread, header_unread_count
from tests.referral_factories import give


def badge(html: str) -> str | None:
    start = html.find('<span class="badge" aria-label="')
    return None if start < 0 else html[start:].split(">", 1)[1].split("<", 1)[0]


def test_viewing_a_referral_shows_the_badge_as_it_is_after_reading_it(client, auth, world,
                                                                    fresh_g):
    referral = give(world.group, world.bob, world.alice)  # notifies Alice
    db.session.add(Notification(member_id=world.alice.id, kind="status", text="Other news"))
    db.session.commit()
    unread = db.session.scalar(sa.select(sa.func.count()).where(
        Notification.member_id == world.alice.id, Notification.read_at.is_(None)))
    assert unread >= 2
    auth.login(world.alice)
    assert badge(client.get("/notifications").get_data(as_text=True)) == str(unread)
    # The referral's page marks its notification read while the member was loaded with
    # the old count: the header shows the new one.
    html = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert badge(html) == str(unread - 1)


def kept() -> bool:
    return "unread_counted" in g


def test_changing_notifications_in_a_request_forgets_the_count(app, world):
    with app.test_request_context("/"):
        counted_unread(5)
        db.session.execute(sa.update(Referral).where(Referral.id == -1).values(need="x"))
        assert kept()  # other tables' updates leave it
        db.session.execute(sa.update(Notification).where(Notification.id == -1)
                           .values(read_at=None))
        assert not kept()

        counted_unread(5)
        db.session.execute(sa.delete(Referral).where(Referral.id == -1))
        assert not kept()  # any delete: notifications may go by cascade

        counted_unread(5)
        db.session.add(Notification(member_id=world.alice.id, kind="status", text="New"))
        db.session.flush()
        assert not kept()
        db.session.rollback()


def test_the_badge_uses_the_requests_own_count(app, world):
    with app.test_request_context("/"):
        counted_unread(7)
        assert header_unread_count() == 7
    with app.test_request_context("/"):  # another request: not its count
        login_user(world.alice)
        assert header_unread_count() == 0
