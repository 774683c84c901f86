"""Real parallel requests against a live server: a double-submitted form records once, two
ladder moves from the same rung move once, simultaneous touches all count, and the giver
thanked twice at once becomes one contact. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import Contact, LadderEvent, Touch
from partner_net.referrals.pipeline import Status
from tests.live import Browser, statuses_at_once
from tests.referral_factories import give
from tests.sphere_factories import contact as make_contact

THREADS = 6


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_quick_add_sent_many_times_at_once_records_once(live, world):
    browsers = [Browser(live, world.alice) for _ in range(THREADS)]
    path = f"/g/{world.group.slug}/sphere"
    data = {"token": "q" * 32, "name": "Dev Patel", "email": "dev@example.com"}
    statuses = statuses_at_once([lambda b=b: b.post(path, data) for b in browsers])
    assert set(statuses) == {302}, statuses
    assert count(Contact) == 1


def test_two_moves_up_from_the_same_rung_move_once(live, world):
    c = make_contact(world.alice)
    browsers = [Browser(live, world.alice) for _ in range(THREADS)]
    path = f"/g/{world.group.slug}/sphere/contacts/{c.id}/ladder"
    statuses = statuses_at_once([lambda b=b: b.post(path, {"seen": "suspect", "direction": "up"})
                        for b in browsers])
    assert set(statuses) == {302}, statuses
    db.session.expire_all()
    assert db.session.get(Contact, c.id).rung == "prospect"
    assert db.session.execute(sa.select(LadderEvent.from_rung, LadderEvent.to_rung)
                              .order_by(LadderEvent.id)).all() == [
        (None, "suspect"), ("suspect", "prospect")]


def test_touches_logged_at_once_all_count(live, world):
    c = make_contact(world.alice, rung="advocate")
    browsers = [Browser(live, world.alice) for _ in range(4)]
    path = f"/g/{world.group.slug}/sphere/contacts/{c.id}/touch"
    statuses = statuses_at_once([lambda b=b, n=n: b.post(path, {"token": f"{n}" * 32,
                                                       "channel": "call"})
                        for n, b in enumerate(browsers)])
    assert set(statuses) == {302}, statuses
    assert count(Touch) == 4
    db.session.expire_all()
    saved = db.session.get(Contact, c.id)
    assert saved.last_touch_on is not None
    assert saved.due_on == saved.last_touch_on + timedelta(days=30)


def test_thanking_the_giver_twice_at_once_makes_one_contact(live, world):
    referral = give(world.group, world.alice, world.bob)
    referral.status, referral.closed_value = Status.WON, Decimal("500")
    db.session.commit()
    browsers = [Browser(live, world.bob) for _ in range(4)]
    path = f"/referrals/{referral.id}/sphere-thanks"
    statuses = statuses_at_once([lambda b=b, n=n: b.post(path, {"token": f"t{n}" * 16,
                                                       "channel": "card"})
                        for n, b in enumerate(browsers)])
    assert set(statuses) == {302}, statuses
    assert count(Contact) == 1
    assert count(Touch) == 4
