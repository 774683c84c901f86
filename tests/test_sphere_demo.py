"""The demo's spheres: contacts on every rung, a year of touches, some overdue; the
sign-in member's dashboard shows who is due."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import sqlalchemy as sa

from partner_net import clock
from partner_net.demo.loader import demo_group, demo_sign_in
from partner_net.domain import sphere as rules
from partner_net.extensions import db
from partner_net.models import Contact, LadderEvent, Member, Touch
from partner_net.sphere import due_touches


def test_the_demo_gives_every_member_a_realistic_sphere(demo_client, demo_auth):
    group = demo_group()  # built today, once per run (tests/conftest.py)
    today = clock.now().date()
    priya = db.session.scalar(sa.select(Member).filter_by(email=demo_sign_in().email))
    contacts = list(db.session.scalars(sa.select(Contact).filter_by(owner_id=priya.id)))
    assert 8 <= len(contacts) <= 14
    assert set(Counter(c.rung for c in contacts)) == set(rules.rules().rung_keys)
    touches = list(db.session.scalars(
        sa.select(Touch).join(Contact).where(Contact.owner_id == priya.id)))
    dates = [t.touched_on for t in touches]
    assert min(dates) < today - timedelta(days=180) and max(dates) <= today
    everyone = list(db.session.scalars(sa.select(Member)))
    overdue = sum(1 for m in everyone for d in due_touches(m, today) if d.status == "overdue")
    assert overdue >= len(everyone) // 4
    assert db.session.scalar(sa.select(sa.func.count(LadderEvent.id))
                             .where(LadderEvent.from_rung.is_not(None))) > 0
    demo_auth.login(priya.email, "harbour-demo-2024")
    html = demo_client.get(f"/g/{group.slug}/").get_data(as_text=True)
    assert "Due a touch" in html
