"""Shared pieces of the speaker-swap tests: a group big enough that everybody speaks at
most once in the rota's eight weeks, and the plan read back from the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.meetings import rota, schedule
from partner_net.models import Member, Membership, SpeakerSwap
from tests import factories
from tests.meetings.helpers import NEXT

EXTRA = ["Carol Cooper", "Dan Dyer", "Erin Evans", "Finn Fisher", "Gina Gold", "Hal Hill"]


@dataclass
class Crew:
    dates: list[date]
    plan: dict[date, int]

    def on(self, index: int) -> Member:
        """The member who speaks on the index-th date of the horizon."""
        return db.session.get(Member, self.plan[self.dates[index]])


def make_crew(world) -> Crew:
    """Nine members for eight dates; the organizer spoke last week, so is the one without
    a turn (the swaps are between plain members)."""
    for name in EXTRA:
        factories.join(world.group, factories.make_member(name))
    db.session.execute(sa.update(Membership).where(Membership.group_id == world.group.id)
                       .values(joined_at=datetime(2026, 1, 5, tzinfo=UTC)))
    last_week = schedule.materialise(world.group, NEXT - timedelta(weeks=1))
    last_week.speaker_id = world.organizer.id
    db.session.commit()
    return Crew(*current_plan(world.group))


def current_plan(group) -> tuple[list[date], dict[date, int]]:
    db.session.expire_all()
    dates = rota.horizon(group)
    return dates, rota.planned(group, dates)


def swaps() -> list[SpeakerSwap]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(SpeakerSwap).order_by(SpeakerSwap.id)))


def rota_url(group) -> str:
    return f"/g/{group.slug}/meetings/rota"


def ask_data(mine: date, theirs: date, other: Member) -> dict[str, str]:
    return {"mine": mine.isoformat(), "theirs": theirs.isoformat(), "other": str(other.id)}


def answer_url(group, swap_id: int, action: str) -> str:
    return f"{rota_url(group)}/swaps/{swap_id}/{action}"
