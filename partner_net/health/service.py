"""Reading what member health scores: the figures of every member of a group over the
window and the window before it, in a handful of grouped queries (no query per member),
and the rows behind each figure. The scoring itself is :mod:`partner_net.domain.health`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa

from partner_net import clock
from partner_net.domain import health as rules
from partner_net.domain.attendance import Mark
from partner_net.extensions import db
from partner_net.meetings.rules import rules_for
from partner_net.models import (
    Attendance,
    Group,
    HealthSettings,
    Meeting,
    Member,
    Membership,
    Referral,
    Visitor,
)
from partner_net.onetoones import service as onetoones
from partner_net.referrals.pipeline import NOT_COUNTED, Status

#: Rows a figure's page lists.
ROWS_PER_PAGE = 25


# --- the group's bands --------------------------------------------------------------------


def settings_row(group: Group) -> HealthSettings | None:
    return db.session.get(HealthSettings, group.id)


def bands_for(group: Group) -> rules.Bands:
    """The group's bands: its own changes over the defaults file. A stored copy that no
    longer reads (the defaults file changed under it) falls back to the defaults."""
    row = settings_row(group)
    if row is None:
        return rules.defaults()
    try:
        return rules.with_overrides(row.overrides)
    except rules.BandsProblem:
        return rules.defaults()


class Conflict(Exception):
    """Someone else changed the bands since the organizer opened the form."""


def save_bands(group: Group, bands: rules.Bands, seen_version: int, by: Member) -> None:
    """Compare-and-set: applies only if the settings are still at ``seen_version`` (0: the
    defaults, no row yet). The caller commits."""
    overrides = rules.as_overrides(bands)
    if seen_version == 0:
        exists = db.session.scalar(sa.select(HealthSettings.group_id).filter_by(
            group_id=group.id))
        if exists is not None:
            raise Conflict
        db.session.add(HealthSettings(group_id=group.id, overrides=overrides, version=1,
                                      updated_by_id=by.id))
        try:
            db.session.flush()
        except sa.exc.IntegrityError:
            db.session.rollback()
            raise Conflict from None
        return
    done = db.session.execute(
        sa.update(HealthSettings)
        .where(HealthSettings.group_id == group.id, HealthSettings.version == seen_version)
        .values(overrides=overrides, version=seen_version + 1, updated_by_id=by.id,
                updated_at=clock.now()))
    if done.rowcount != 1:
        raise Conflict


def reset_bands(group: Group, seen_version: int) -> None:
    done = db.session.execute(sa.delete(HealthSettings).where(
        HealthSettings.group_id == group.id, HealthSettings.version == seen_version))
    if done.rowcount != 1:
        raise Conflict


# --- windows -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    start: date  # first day inside
    end: date  # last day inside

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def utc_bounds(self, timezone: str) -> tuple[datetime, datetime]:
        """[start, end] as UTC moments: local midnight of ``start`` to the next midnight
        after ``end``."""
        zone = clock.zone(timezone)
        return (datetime.combine(self.start, time(0), tzinfo=zone).astimezone(UTC),
                datetime.combine(self.end + timedelta(days=1), time(0),
                                 tzinfo=zone).astimezone(UTC))


def windows(today: date, bands: rules.Bands) -> tuple[Window, Window]:
    """The last ``window_weeks`` weeks ending today, and the same length before it."""
    days = 7 * bands.window_weeks
    current = Window(today - timedelta(days=days - 1), today)
    previous = Window(current.start - timedelta(days=days), current.start - timedelta(days=1))
    return current, previous


def weeks_between(start: date, end: date) -> int:
    return max(0, ((end - start).days + 1) // 7)


# --- figures -----------------------------------------------------------------------------


@dataclass
class _Counts:
    absences: int = 0
    lates: int = 0
    given: int = 0
    received: int = 0
    visitors: int = 0
    one_to_ones: int = 0
    closed_value: Decimal = Decimal(0)


@dataclass(frozen=True)
class MemberHealth:
    member_id: int
    name: str
    category: str
    joined_on: date
    health: rules.Health
    figures: rules.Figures
    previous: rules.Health | None
    trend: str | None
    action: rules.Action | None


@dataclass
class GroupHealth:
    bands: rules.Bands
    current: Window
    previous: Window
    members: list[MemberHealth] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(rules.LIGHTS, 0)
        for m in self.members:
            out[m.health.light] += 1
        return out


def _active_members(group: Group, only: Iterable[int] | None = None):
    query = (sa.select(Member.id, Member.name, Member.category, Membership.joined_at)
             .join(Membership, Membership.member_id == Member.id)
             .where(Membership.group_id == group.id, Membership.active, Member.active)
             .order_by(Member.name, Member.id))
    if only is not None:
        query = query.where(Member.id.in_(list(only)))
    return db.session.execute(query).all()


def group_health(group: Group, today: date, only: Iterable[int] | None = None) -> GroupHealth:
    """Every active member's health in ``group`` on ``today`` (a local date), or only
    the members in ``only``."""
    bands = bands_for(group)
    current, previous = windows(today, bands)
    people = _active_members(group, only)
    ids = [p.id for p in people]
    counts = _collect(group, ids, current, previous)
    result = GroupHealth(bands, current, previous)
    zone = clock.zone(group.timezone)
    for person in people:
        joined_on = person.joined_at.astimezone(zone).date()
        now_counts = counts[(person.id, "current")]
        figures = _figures(now_counts, weeks_between(max(joined_on, current.start),
                                                     current.end), bands)
        scored = rules.score(figures, bands)
        before = None
        if joined_on <= previous.end - timedelta(days=7 * bands.min_weeks - 1):
            before_figures = _figures(counts[(person.id, "previous")],
                                      weeks_between(max(joined_on, previous.start),
                                                    previous.end), bands)
            before = rules.score(before_figures, bands)
        result.members.append(MemberHealth(
            person.id, person.name, person.category, joined_on, scored, figures, before,
            rules.trend(scored, before, bands), rules.one_action(figures, bands, scored)))
    return result


def member_health(group: Group, member_id: int, today: date) -> tuple[GroupHealth,
                                                                      MemberHealth | None]:
    report = group_health(group, today, only=[member_id])
    return report, (report.members[0] if report.members else None)


def _figures(counts: _Counts, weeks: int, bands: rules.Bands) -> rules.Figures:
    return rules.Figures(absences=counts.absences, given=counts.given,
                         received=counts.received, visitors=counts.visitors,
                         one_to_ones=counts.one_to_ones, closed_value=counts.closed_value,
                         weeks=rules.weeks_looked_at(weeks, bands))


def _collect(group: Group, ids: list[int], current: Window,
             previous: Window) -> dict[tuple[int, str], _Counts]:
    counts: dict[tuple[int, str], _Counts] = defaultdict(_Counts)
    if not ids:
        return counts

    def which(day: date) -> str | None:
        if current.contains(day):
            return "current"
        if previous.contains(day):
            return "previous"
        return None

    # Attendance marks at meetings that were held (not cancelled).
    for member_id, day, status in db.session.execute(
        sa.select(Attendance.member_id, Meeting.scheduled_on, Attendance.status)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Meeting.group_id == group.id, Meeting.cancelled_at.is_(None),
               Attendance.member_id.in_(ids),
               Meeting.scheduled_on.between(previous.start, current.end),
               Attendance.status.in_([Mark.ABSENT, Mark.LATE]))
    ):
        slot = which(day)
        if slot:
            c = counts[(member_id, slot)]
            if status == Mark.ABSENT:
                c.absences += 1
            else:
                c.lates += 1
    per_absence = rules_for(group).attendance.lates_per_absence
    if per_absence > 0:
        for c in counts.values():
            c.absences += c.lates // per_absence

    # Referrals given and received (those that count, as in reciprocity), by the day
    # they were given in the group's zone; closed value of won referrals given.
    start_utc, _ = previous.utc_bounds(group.timezone)
    _, end_utc = current.utc_bounds(group.timezone)
    zone = clock.zone(group.timezone)
    for giver, receiver, created, status, value, changed in db.session.execute(
        sa.select(Referral.giver_id, Referral.receiver_id, Referral.created_at,
                  Referral.status, Referral.closed_value, Referral.status_changed_at)
        .where(Referral.group_id == group.id,
               sa.or_(Referral.giver_id.in_(ids), Referral.receiver_id.in_(ids)),
               Referral.status.not_in([str(s) for s in NOT_COUNTED]),
               sa.or_(Referral.created_at.between(start_utc, end_utc),
                      Referral.status_changed_at.between(start_utc, end_utc)))
    ):
        slot = which(created.astimezone(zone).date())
        if slot:
            counts[(giver, slot)].given += 1
            counts[(receiver, slot)].received += 1
        if status == Status.WON and value is not None:
            won_slot = which(changed.astimezone(zone).date())
            if won_slot:
                counts[(giver, won_slot)].closed_value += Decimal(value)

    # Visitors each member invited to a meeting (substitutes and observers aside).
    for member_id, day in db.session.execute(
        sa.select(Visitor.invited_by_id, Meeting.scheduled_on)
        .join(Meeting, Meeting.id == Visitor.meeting_id)
        .where(Meeting.group_id == group.id, Visitor.invited_by_id.in_(ids),
               Visitor.kind == "visitor",
               Meeting.scheduled_on.between(previous.start, current.end))
    ):
        slot = which(day)
        if slot:
            counts[(member_id, slot)].visitors += 1

    # One-to-ones that count (both sides of each).
    wanted = set(ids)
    for member_id, day in onetoones.counted_in_group(group.id, previous.start, current.end):
        slot = which(day)
        if slot and member_id in wanted:
            counts[(member_id, slot)].one_to_ones += 1
    return counts


# --- the rows behind a figure -------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    day: date
    text: str
    detail: str = ""
    link: str | None = None  # an endpoint-free hint the view turns into a URL
    link_id: int | None = None


def rows_for(group: Group, member_id: int, measure: str, window: Window) -> list[Row]:
    """What ``measure`` counted for the member in ``window``: no prospect, no notes."""
    zone = clock.zone(group.timezone)
    if measure == "attendance":
        marks = db.session.execute(
            sa.select(Meeting.id, Meeting.scheduled_on, Attendance.status)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .where(Meeting.group_id == group.id, Meeting.cancelled_at.is_(None),
                   Attendance.member_id == member_id,
                   Attendance.status.in_([Mark.ABSENT, Mark.LATE]),
                   Meeting.scheduled_on.between(window.start, window.end))
            .order_by(Meeting.scheduled_on.desc()))
        return [Row(day, "Absent" if status == Mark.ABSENT else "Late",
                    "", "meeting", meeting_id) for meeting_id, day, status in marks]
    if measure in ("given", "received", "closed_value"):
        start, end = window.utc_bounds(group.timezone)
        other = sa.orm.aliased(Member)
        mine = Referral.giver_id if measure != "received" else Referral.receiver_id
        theirs = Referral.receiver_id if measure != "received" else Referral.giver_id
        moment = Referral.status_changed_at if measure == "closed_value" else Referral.created_at
        query = (sa.select(Referral.id, moment, other.name, Referral.status,
                           Referral.closed_value, Referral.closed_currency)
                 .join(other, other.id == theirs)
                 .where(Referral.group_id == group.id, mine == member_id,
                        Referral.status.not_in([str(s) for s in NOT_COUNTED]),
                        moment >= start, moment < end)
                 .order_by(moment.desc()))
        if measure == "closed_value":
            query = query.where(Referral.status == Status.WON,
                                Referral.closed_value.is_not(None))
        rows = []
        for rid, when, name, status, value, currency in db.session.execute(query):
            words = {"given": f"To {name}", "received": f"From {name}",
                     "closed_value": f"Won by {name}"}[measure]
            detail = Status(status).value.replace("_", " ")
            if measure == "closed_value":
                detail = f"{value} {currency or group.currency}"
            rows.append(Row(when.astimezone(zone).date(), words, detail, "referral", rid))
        return rows
    if measure == "visitors":
        visits = db.session.execute(
            sa.select(Meeting.id, Meeting.scheduled_on, Visitor.name, Visitor.business)
            .join(Meeting, Meeting.id == Visitor.meeting_id)
            .where(Meeting.group_id == group.id, Visitor.invited_by_id == member_id,
                   Visitor.kind == "visitor",
                   Meeting.scheduled_on.between(window.start, window.end))
            .order_by(Meeting.scheduled_on.desc()))
        return [Row(day, name, business, "meeting", mid) for mid, day, name, business in visits]
    if measure == "one_to_ones":
        return [Row(day, f"With {name}", "confirmed", "member", partner_id)
                for partner_id, name, day in onetoones.counted_with(
                    group.id, member_id, window.start, window.end)]
    raise KeyError(measure)

