"""The demo's desk data: a year of attendance, health lights of every colour, goals, and
one-to-ones waiting for the demo sign-in to confirm."""

from __future__ import annotations

import re
from collections import Counter

import sqlalchemy as sa

from partner_net import clock
from partner_net.demo.people import DEMO_PASSWORD
from partner_net.extensions import db
from partner_net.health import service as health
from partner_net.models import Goal, Member, OneToOne
from tests.test_demo import harbour, run_demo


def test_the_demo_shows_every_light_goals_and_one_to_ones_to_confirm(runner, client, auth,
                                                                     monkeypatch):
    from datetime import UTC, datetime
    monkeypatch.setattr(clock, "now", lambda: datetime.now(UTC))
    run_demo(runner)
    group = harbour()
    report = health.group_health(group, clock.local_today(group.timezone))
    lights = Counter(m.health.light for m in report.members)
    assert set(lights) == {"green", "amber", "red", "grey"}, lights
    assert {m.trend for m in report.members} >= {"up", "down"}
    assert all(m.action is not None for m in report.members if m.health.light != "green")

    assert db.session.scalar(sa.select(sa.func.count()).select_from(Goal).where(
        Goal.group_id == group.id)) > 20
    confirmed = Counter(r.confirmed_at is not None for r in db.session.scalars(
        sa.select(OneToOne).filter_by(group_id=group.id)))
    assert confirmed[True] > 5 * confirmed[False] > 0

    priya = db.session.scalar(sa.select(Member).filter_by(email="priya@ramanandco.example"))
    auth.login(priya, password=DEMO_PASSWORD)
    dashboard = client.get(f"/g/{group.slug}/").get_data(as_text=True)
    waiting = re.search(r"One-to-ones to confirm \((\d+)\)", dashboard)
    assert waiting and int(waiting[1]) >= 2
    page = client.get(f"/g/{group.slug}/health").get_data(as_text=True)
    for light in ("green", "amber", "red", "grey"):
        assert f"light--{light}" in page
