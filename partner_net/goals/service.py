"""Reading and saving goals, and counting the month's progress in the group's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from partner_net import clock
from partner_net.domain import goals as rules
from partner_net.extensions import db
from partner_net.models import Goal, Group, Meeting, Member, Membership, OneToOne, Referral, Visitor
from partner_net.onetoones import service as onetoones
from partner_net.referrals.pipeline import NOT_COUNTED, Status


@dataclass(frozen=True)
class Month:
    first: date  # the first of the month, local
    start_utc: object  # aware datetime: local midnight of the first

    @property
    def label(self) -> str:
        return f"{self.first:%B %Y}"


def this_month(group: Group) -> Month:
    start = clock.month_start(group.timezone)
    return Month(clock.local_today(group.timezone).replace(day=1), start)


#: Built once: the dashboard reads it on every view.
_GOAL_OF = sa.select(Goal).where(Goal.member_id == sa.bindparam("member_id"),
                                 Goal.group_id == sa.bindparam("group_id"),
                                 Goal.month == sa.bindparam("month"))


def goal_of(member: Member, group: Group, month: Month) -> Goal | None:
    return db.session.scalar(_GOAL_OF, {"member_id": member.id, "group_id": group.id,
                                        "month": month.first})


def targets_of(goal: Goal | None) -> dict[str, int | Decimal]:
    if goal is None:
        return {}
    return {key: getattr(goal, key) for key in rules.TARGETS}


class Conflict(Exception):
    """The goals changed (another tab) since the form was opened."""


def save(member: Member, group: Group, month: Month, values: dict[str, int | Decimal],
         seen_version: int) -> None:
    """Compare-and-set on ``version`` (0: no goals yet). The caller commits."""
    if seen_version == 0:
        if goal_of(member, group, month) is not None:
            raise Conflict
        db.session.add(Goal(member_id=member.id, group_id=group.id, month=month.first,
                            **values))
        try:
            db.session.flush()
        except sa.exc.IntegrityError:
            db.session.rollback()
            raise Conflict from None
        return
    done = db.session.execute(
        sa.update(Goal).where(Goal.member_id == member.id, Goal.group_id == group.id,
                              Goal.month == month.first, Goal.version == seen_version)
        .values(version=seen_version + 1, updated_at=clock.now(), **values))
    if done.rowcount != 1:
        raise Conflict


def celebrate(goal: Goal, newly: list[rules.Progress]) -> bool:
    """Mark ``newly`` met goals celebrated; True only for the one request that did it
    (compare-and-set on what it saw), so a goal is celebrated once. The caller commits."""
    done = db.session.execute(
        sa.update(Goal).where(Goal.id == goal.id, Goal.celebrated == goal.celebrated)
        .values(celebrated=rules.celebrated_after(goal.celebrated, newly)))
    return done.rowcount == 1


def _counted_referrals():
    return Referral.status.not_in([str(s) for s in NOT_COUNTED])


def done_by(member: Member, group: Group, month: Month) -> dict[str, int | Decimal]:
    """What ``member`` did in ``group`` this month (local), one query per measure."""
    given = db.session.scalar(
        sa.select(sa.func.count(Referral.id)).where(
            Referral.group_id == group.id, Referral.giver_id == member.id,
            _counted_referrals(), Referral.created_at >= month.start_utc))
    closed = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(Referral.closed_value), 0)).where(
            # "+ 0": the receiver's won referrals through ix_referrals_receiver_status;
            # SQLite would otherwise walk the whole group's through its group index.
            (Referral.group_id + 0) == group.id, Referral.receiver_id == member.id,
            Referral.status == Status.WON, Referral.status_changed_at >= month.start_utc))
    one_to_ones = db.session.scalar(
        sa.select(sa.func.count(OneToOne.id)).where(
            OneToOne.group_id == group.id, onetoones.counted(),
            sa.or_(OneToOne.member_id == member.id, OneToOne.partner_id == member.id),
            OneToOne.met_on >= month.first))
    visitors = db.session.scalar(
        sa.select(sa.func.count(Visitor.id)).join(Meeting, Meeting.id == Visitor.meeting_id)
        .where(Meeting.group_id == group.id, Visitor.invited_by_id == member.id,
               Visitor.kind == "visitor", Meeting.scheduled_on >= month.first))
    return {"referrals_given": given or 0, "one_to_ones": one_to_ones or 0,
            "visitors": visitors or 0, "closed_value": Decimal(closed or 0)}


def group_totals(group: Group, month: Month) -> tuple[dict[str, int | Decimal],
                                                      dict[str, int | Decimal], int, int]:
    """The sums of the active members' goals, what the group did, how many members set
    goals, and how many active members there are. Nobody's own goals are shown."""
    active = (sa.select(Membership.member_id)
              .where(Membership.group_id == group.id, Membership.active).subquery())
    sums = db.session.execute(
        sa.select(sa.func.count(Goal.id),
                  *[sa.func.coalesce(sa.func.sum(getattr(Goal, k)), 0) for k in rules.TARGETS])
        .where(Goal.group_id == group.id, Goal.month == month.first,
               Goal.member_id.in_(sa.select(active.c.member_id)))).one()
    with_goals, *totals = sums
    targets = dict(zip(rules.TARGETS, totals, strict=True))
    members = db.session.scalar(sa.select(sa.func.count()).select_from(active)) or 0
    given = db.session.scalar(
        sa.select(sa.func.count(Referral.id)).where(
            Referral.group_id == group.id, _counted_referrals(),
            Referral.created_at >= month.start_utc))
    closed = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(Referral.closed_value), 0)).where(
            Referral.group_id == group.id, Referral.status == Status.WON,
            Referral.status_changed_at >= month.start_utc))
    # Each confirmed one-to-one counts for both members, as in their own progress.
    one_to_ones = 2 * (db.session.scalar(
        sa.select(sa.func.count(OneToOne.id)).where(
            OneToOne.group_id == group.id, onetoones.counted(),
            OneToOne.met_on >= month.first)) or 0)
    visitors = db.session.scalar(
        sa.select(sa.func.count(Visitor.id)).join(Meeting, Meeting.id == Visitor.meeting_id)
        .where(Meeting.group_id == group.id, Visitor.invited_by_id.is_not(None),
               Visitor.kind == "visitor", Meeting.scheduled_on >= month.first))
    done = {"referrals_given": given or 0, "one_to_ones": one_to_ones,
            "visitors": visitors or 0, "closed_value": Decimal(closed or 0)}
    targets["closed_value"] = Decimal(targets["closed_value"] or 0)
    return targets, done, with_goals or 0, members
