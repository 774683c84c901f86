"""The CSV exports, row by row under the same privacy rules as the pages (DESIGN.md):

- members: the directory every member sees; organizers also get role, status, joined;
- referrals: members get the referrals they gave or received, prospect included;
  organizers get every referral of the group, the prospect only on rows they are a party
  to (gave, received, passed on);
- attendance: organizers every member's marks, members their own;
- goals: each member's own goals; organizers in addition the group's monthly sums (never
  another member's goals).

Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) are prefixed
with a quote. Files are UTF-8 with a BOM, so spreadsheet programs read the accents.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from partner_net import clock
from partner_net.domain import goals as goal_rules
from partner_net.extensions import db
from partner_net.models import (
    Attendance,
    Goal,
    Group,
    Meeting,
    Member,
    Membership,
    Referral,
)

KINDS = {"members": "Members", "referrals": "Referrals", "attendance": "Attendance",
         "goals": "Goals"}
BOM = "\ufeff"
BATCH = 1000


def safe_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    text = str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def write_rows(header: list[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The CSV text in chunks (a streamed response), BOM first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(header)
    for n, row in enumerate(rows, 1):
        writer.writerow([safe_cell(v) for v in row])
        if n % BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def members(group: Group, organizer: bool) -> tuple[list[str], Iterable[tuple]]:
    header = ["name", "email", "business", "category", "phone", "website"]
    query = (sa.select(Member.name, Member.email, Member.business, Member.category,
                       Member.phone, Member.website, Membership.role, Membership.active,
                       Membership.joined_at)
             .join(Membership, Membership.member_id == Member.id)
             .where(Membership.group_id == group.id).order_by(Member.name, Member.id))
    if not organizer:
        query = query.where(Membership.active, Member.active)
        return header, (tuple(r)[:6] for r in db.session.execute(query))
    zone = clock.zone(group.timezone)
    return header + ["role", "active", "joined"], (
        (*tuple(r)[:6], r.role, "yes" if r.active else "no",
         r.joined_at.astimezone(zone).date().isoformat())
        for r in db.session.execute(query))


def referrals(group: Group, me: Member, organizer: bool) -> tuple[list[str], Iterable[tuple]]:
    header = ["id", "given_on", "giver", "receiver", "status", "closed_value", "currency",
              "passed_on_by", "prospect_name", "prospect_company", "prospect_email",
              "prospect_phone", "need"]
    giver, receiver, passer = aliased(Member), aliased(Member), aliased(Member)
    query = (sa.select(Referral, giver.name, receiver.name, passer.name)
             .join(giver, giver.id == Referral.giver_id)
             .join(receiver, receiver.id == Referral.receiver_id)
             .outerjoin(passer, passer.id == Referral.passed_on_by_id)
             .where(Referral.group_id == group.id)
             .order_by(Referral.created_at, Referral.id))
    if not organizer:
        query = query.where(sa.or_(Referral.giver_id == me.id, Referral.receiver_id == me.id,
                                   Referral.passed_on_by_id == me.id))
    zone = clock.zone(group.timezone)

    def rows() -> Iterator[tuple]:
        for referral, giver_name, receiver_name, passer_name in db.session.execute(
                query.execution_options(yield_per=BATCH)):
            party = me.id in (referral.giver_id, referral.receiver_id,
                              referral.passed_on_by_id)
            prospect = ((referral.prospect_name, referral.prospect_company,
                         referral.prospect_email, referral.prospect_phone, referral.need)
                        if party else ("", "", "", "", ""))
            yield (referral.id, referral.created_at.astimezone(zone).date().isoformat(),
                   giver_name, receiver_name, referral.status, referral.closed_value,
                   referral.closed_currency or "", passer_name or "", *prospect)

    return header, rows()


def attendance(group: Group, me: Member, organizer: bool) -> tuple[list[str], Iterable[tuple]]:
    header = ["date", "member", "status", "substitute_name", "substitute_business"]
    query = (sa.select(Meeting.scheduled_on, Member.name, Attendance.status,
                       Attendance.substitute_name, Attendance.substitute_business)
             .join(Meeting, Meeting.id == Attendance.meeting_id)
             .join(Member, Member.id == Attendance.member_id)
             .where(Meeting.group_id == group.id)
             .order_by(Meeting.scheduled_on, Member.name))
    if not organizer:
        query = query.where(Attendance.member_id == me.id)
    return header, ((r[0].isoformat(), *r[1:]) for r in db.session.execute(query))


def goals(group: Group, me: Member, organizer: bool) -> tuple[list[str], Iterable[tuple]]:
    keys = list(goal_rules.TARGETS)
    header = ["month", "whose", *keys]
    own = db.session.execute(
        sa.select(Goal.month, *[getattr(Goal, k) for k in keys])
        .where(Goal.group_id == group.id, Goal.member_id == me.id).order_by(Goal.month))
    rows: list[tuple] = [(r[0].isoformat(), "mine", *r[1:]) for r in own]
    if organizer:
        sums = db.session.execute(
            sa.select(Goal.month, *[sa.func.sum(getattr(Goal, k)) for k in keys])
            .where(Goal.group_id == group.id).group_by(Goal.month).order_by(Goal.month))
        rows += [(r[0].isoformat(), "group total", *r[1:]) for r in sums]
    return header, rows


def export(kind: str, group: Group, me: Member, organizer: bool):
    if kind == "members":
        return members(group, organizer)
    return {"referrals": referrals, "attendance": attendance, "goals": goals}[kind](
        group, me, organizer)
