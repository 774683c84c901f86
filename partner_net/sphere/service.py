"""Contacts, touches and the ladder of a member's sphere. Database, no Flask.

Every change of an existing contact is a compare-and-set: an ``UPDATE`` that applies only
while the contact is as the member saw it (its ``version``, or its rung for a ladder move),
so two tabs or two devices never overwrite each other silently. Rows created from a form
carry the form's one-time token (:func:`submit_once`), so a double click records once.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import NamedTuple

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.exc import IntegrityError

from partner_net import clock
from partner_net.domain import sphere as rules
from partner_net.extensions import db
from partner_net.models import Contact, Group, LadderEvent, Member, SphereSubmission, Touch

#: Contacts listed per page.
PAGE_SIZE = 25


def today_in(group: Group) -> date:
    """Today where the member's group meets: the sphere's dates are local dates."""
    return clock.local_today(group.timezone)


# --- one-time form tokens ---------------------------------------------------------------


class Repeated(Exception):
    """The form was already submitted once; ``result_id`` is what it created then."""

    def __init__(self, result_id: int | None) -> None:
        super().__init__("already recorded")
        self.result_id = result_id


def already_submitted(member: Member, token: str) -> SphereSubmission | None:
    """The earlier submission of this form by ``member``, if it was submitted already."""
    seen = db.session.get(SphereSubmission, token)
    return seen if seen is not None and seen.member_id == member.id else None


def submit_once(member: Member, token: str, kind: str,
                create: Callable[[], int | None]) -> int | None:
    """Run ``create`` and commit it with ``token``, once: a second submission of the same
    token (a double click, a retried request, a race) raises :class:`Repeated`.

    ``create`` adds rows to the session and returns the id of what it made.
    """
    seen = db.session.get(SphereSubmission, token)
    if seen is not None:
        raise Repeated(seen.result_id if seen.member_id == member.id else None)
    try:
        result_id = create()
        db.session.add(SphereSubmission(token=token, member_id=member.id, kind=kind,
                                        result_id=result_id, created_at=clock.now()))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        seen = db.session.get(SphereSubmission, token)
        if seen is None:
            raise
        raise Repeated(seen.result_id if seen.member_id == member.id else None) from None
    return result_id


# --- contacts ---------------------------------------------------------------------------


@dataclass
class ContactFields:
    """What a member types about a contact (the quick-add form fills the first three)."""

    name: str
    email: str = ""
    phone: str = ""
    company: str = ""
    rung: str = "suspect"
    how_known: str = ""
    tags: str = ""
    notes: str = ""
    strength: int | None = None
    cadence_days: int | None = None


def add_contact(owner: Member, fields: ContactFields, today: date,
                member: Member | None = None) -> Contact:
    """A new contact in ``owner``'s sphere, due one cadence from today. The caller commits."""
    plan = rules.schedule(fields.rung, fields.cadence_days, today, None)
    keys = rules.keys_of(fields.email, fields.phone)
    contact = Contact(
        owner_id=owner.id, member_id=member.id if member else None,
        name=fields.name, email=fields.email, phone=fields.phone, company=fields.company,
        rung=fields.rung, how_known=fields.how_known, tags=fields.tags, notes=fields.notes,
        strength=fields.strength, cadence_days=fields.cadence_days,
        email_key=keys.email, phone_key=keys.phone,
        due_on=plan.due_on, amber_from=plan.amber_from, added_on=today, created_at=clock.now(),
    )
    db.session.add(contact)
    db.session.flush()
    db.session.add(LadderEvent(owner_id=owner.id, contact_id=contact.id, from_rung=None,
                               to_rung=fields.rung, moved_at=clock.now()))
    return contact


def load_own(owner: Member, contact_id: int) -> Contact | None:
    """One of ``owner``'s contacts; None for anyone else's (the view answers 404)."""
    return db.session.scalar(sa.select(Contact).filter_by(id=contact_id, owner_id=owner.id))


def duplicates_of(owner: Member, keys: list[rules.Keys]) -> tuple[set[str], set[str]]:
    """The email and phone keys among ``keys`` that ``owner`` already has: one query."""
    emails = {k.email for k in keys if k.email}
    phones = {k.phone for k in keys if k.phone}
    if not emails and not phones:
        return set(), set()
    rows = db.session.execute(
        sa.select(Contact.email_key, Contact.phone_key).where(
            Contact.owner_id == owner.id,
            sa.or_(Contact.email_key.in_(emails or {""}), Contact.phone_key.in_(phones or {""}))))
    known_emails: set[str] = set()
    known_phones: set[str] = set()
    for email, phone in rows:
        if email in emails:
            known_emails.add(email)
        if phone in phones:
            known_phones.add(phone)
    return known_emails, known_phones


def find_duplicate(owner: Member, email: str, phone: str) -> Contact | None:
    """A contact of ``owner`` with the same email or phone number, if any."""
    keys = rules.keys_of(email, phone)
    conditions = []
    if keys.email:
        conditions.append(Contact.email_key == keys.email)
    if keys.phone:
        conditions.append(Contact.phone_key == keys.phone)
    if not conditions:
        return None
    return db.session.scalar(sa.select(Contact).where(
        Contact.owner_id == owner.id, sa.or_(*conditions)).order_by(Contact.id).limit(1))


def _compare_and_set(contact: Contact, seen_version: int, **values: object) -> bool:
    """Apply ``values`` if the contact is still at ``seen_version``; refresh it either way."""
    result = db.session.execute(
        sa.update(Contact)
        .where(Contact.id == contact.id, Contact.version == seen_version)
        .values(version=Contact.version + 1, **values)
        .execution_options(synchronize_session=False))
    db.session.refresh(contact)
    return result.rowcount == 1


def _plan_values(rung: str, cadence_days: int | None, contact: Contact,
                 last_touch_on: date | None, snoozed_until: date | None) -> dict[str, date]:
    since = last_touch_on or contact.added_on
    plan = rules.schedule(rung, cadence_days, since, snoozed_until)
    return {"due_on": plan.due_on, "amber_from": plan.amber_from}


def update_details(contact: Contact, seen_version: int, fields: ContactFields) -> bool:
    """Save an edit of the contact's details; False when it changed meanwhile."""
    keys = rules.keys_of(fields.email, fields.phone)
    return _compare_and_set(
        contact, seen_version,
        name=fields.name, email=fields.email, phone=fields.phone, company=fields.company,
        how_known=fields.how_known, tags=fields.tags, notes=fields.notes,
        strength=fields.strength, cadence_days=fields.cadence_days,
        email_key=keys.email, phone_key=keys.phone,
        **_plan_values(contact.rung, fields.cadence_days, contact, contact.last_touch_on,
                       contact.snoozed_until))


def set_checklist(contact: Contact, seen_version: int, strength: int | None,
                  answered_yes: list[str]) -> bool:
    """Save the strength and the "earned the right?" answers; False when changed meanwhile."""
    known = [k for k in rules.rules().question_keys if k in set(answered_yes)]
    return _compare_and_set(contact, seen_version, strength=strength, earned=",".join(known))


def snooze(contact: Contact, seen_version: int, until: date) -> bool:
    """Hide the contact from the due list until ``until``; False when changed meanwhile."""
    return _compare_and_set(
        contact, seen_version, snoozed_until=until,
        **_plan_values(contact.rung, contact.cadence_days, contact, contact.last_touch_on,
                       until))


class LadderConflict(Exception):
    """The contact is no longer on the rung the member saw."""


def move_rung(contact: Contact, seen_rung: str, direction: str) -> str:
    """Move the contact one rung up or down, from ``seen_rung``; records a ladder event.

    Raises :class:`partner_net.domain.sphere.LadderError` at the ends of the ladder and
    :class:`LadderConflict` when the contact was moved meanwhile. The caller commits.
    """
    target = rules.moved(seen_rung, direction)
    result = db.session.execute(
        sa.update(Contact)
        .where(Contact.id == contact.id, Contact.rung == seen_rung)
        .values(rung=target, version=Contact.version + 1,
                **_plan_values(target, contact.cadence_days, contact, contact.last_touch_on,
                               contact.snoozed_until))
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        db.session.refresh(contact)
        raise LadderConflict(contact.rung)
    db.session.add(LadderEvent(owner_id=contact.owner_id, contact_id=contact.id,
                               from_rung=seen_rung, to_rung=target, moved_at=clock.now()))
    db.session.refresh(contact)
    return target


def log_touch(contact: Contact, channel: str, touched_on: date, note: str = "",
              referral_id: int | None = None) -> Touch:
    """Record a touch and restart the cadence from it (a touch ends a snooze). A touch
    dated before the contact's last one is recorded without moving the due date.

    Two touches logged at once both count: the due date follows the later one. The caller
    commits.
    """
    touch = Touch(contact_id=contact.id, channel=channel, touched_on=touched_on, note=note,
                  referral_id=referral_id, created_at=clock.now())
    db.session.add(touch)
    db.session.flush()
    for _attempt in range(5):
        db.session.refresh(contact)
        if contact.last_touch_on is not None and contact.last_touch_on > touched_on:
            break
        values = _plan_values(contact.rung, contact.cadence_days, contact, touched_on, None)
        result = db.session.execute(
            sa.update(Contact)
            .where(Contact.id == contact.id, Contact.version == contact.version)
            .values(last_touch_on=touched_on, snoozed_until=None,
                    version=Contact.version + 1, **values)
            .execution_options(synchronize_session=False))
        if result.rowcount == 1:
            break
    db.session.refresh(contact)
    return touch


def touches_of(contact: Contact, limit: int = 50) -> list[Touch]:
    return list(db.session.scalars(
        sa.select(Touch).filter_by(contact_id=contact.id)
        .order_by(Touch.touched_on.desc(), Touch.id.desc()).limit(limit)))


def delete_contact(contact: Contact) -> None:
    """Remove the contact and, with it, its touches, moves, referral links and list entry
    (explicitly: SQLite does not enforce the foreign keys' cascades). Caller commits."""
    from partner_net.models import ContactReferral, ReferralListEntry

    for model in (Touch, LadderEvent, ContactReferral, ReferralListEntry):
        db.session.execute(sa.delete(model).where(model.contact_id == contact.id))
    db.session.delete(contact)


# --- lists ------------------------------------------------------------------------------


def contacts_query(owner: Member, query: str = "", rung: str = "") -> sa.Select:
    """The owner's contacts, by name, optionally searched and filtered by rung."""
    stmt = sa.select(Contact).where(Contact.owner_id == owner.id)
    if rung in rules.rules().rung_keys:
        stmt = stmt.where(Contact.rung == rung)
    if query:
        like = f"%{query.lower().replace('%', '').replace('_', '')}%"
        stmt = stmt.where(sa.or_(sa.func.lower(Contact.name).like(like),
                                 sa.func.lower(Contact.company).like(like),
                                 sa.func.lower(Contact.tags).like(like)))
    return stmt.order_by(Contact.name, Contact.id)


class ListedContact(NamedTuple):
    """A row of the contacts list: the columns it shows (and ``amber_from`` for the
    due tag)."""

    id: int
    name: str
    company: str
    rung: str
    due_on: date
    amber_from: date


class ContactsPage(Pagination):
    """One page of the contacts list over rows already read (``items``, ``total``): the
    pager's figures (pages, previous, next) are Flask-SQLAlchemy's, as on the pages that
    use ``db.paginate``."""

    def _query_items(self) -> list[ListedContact]:
        return self._query_args["items"]

    def _query_count(self) -> int:
        return self._query_args["total"]


_LISTED = (Contact.id, Contact.name, Contact.company, Contact.rung, Contact.due_on,
           Contact.amber_from)


def contacts_page(owner: Member, query: str = "", rung: str = "",
                  page: int = 1) -> ContactsPage:
    """A page of :func:`contacts_query` as plain rows of the columns shown, and how many
    match in all (a window count: one statement; a second only for a page past the end)."""
    stmt = contacts_query(owner, query, rung)
    rows = db.session.execute(
        stmt.with_only_columns(*_LISTED, sa.func.count().over())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    if rows:
        total = rows[0][-1]
    elif page == 1:
        total = 0
    else:
        total = db.session.scalar(stmt.with_only_columns(sa.func.count()).order_by(None))
    return ContactsPage(page, PAGE_SIZE, max_per_page=None, error_out=False,
                        items=[ListedContact._make(row[:-1]) for row in rows], total=total)


@dataclass(frozen=True)
class DueTouch:
    """Someone to get in touch with: a contact of the sphere (or, through the hook below,
    a partner due a one-to-one). ``status`` is ``due`` (amber) or ``overdue`` (red)."""

    kind: str  # "contact" or "one_to_one"
    id: int
    name: str
    company: str
    rung: str
    due_on: date
    last_touch_on: date | None
    status: rules.Due


def due_touches(member: Member, today: date, limit: int = 50) -> list[DueTouch]:
    """Who in ``member``'s sphere is due (amber) or overdue (red) a touch on ``today``,
    most overdue first, merged with the partners due a one-to-one. One query.

    For the weekly digest and the dashboard. ``today`` is a local date (the group's).
    """
    return due_touches_counted(member, today, limit)[0]


def _due_query() -> sa.Select:
    today = sa.bindparam("today")
    overdue = sa.func.sum(sa.case((Contact.due_on < today, 1), else_=0)).over()
    return (
        sa.select(Contact.id, Contact.name, Contact.company, Contact.rung, Contact.due_on,
                  Contact.amber_from, Contact.last_touch_on,
                  sa.func.count(Contact.id).over(), overdue)
        .where(Contact.owner_id == sa.bindparam("owner_id"), Contact.amber_from <= today)
        .order_by(Contact.due_on, Contact.name).limit(sa.bindparam("limit")))


#: Built once: the dashboard's card runs it on every view.
_DUE = _due_query()


def due_touches_counted(member: Member, today: date, limit: int = 50
                        ) -> tuple[list[DueTouch], dict[str, int]]:
    """:func:`due_touches` and :func:`due_counts` together, the contacts and their counts
    in one statement (the counts over every contact due, the rows limited)."""
    rows = db.session.execute(_DUE, {"owner_id": member.id, "today": today,
                                     "limit": limit}).all()
    contacts = [
        DueTouch("contact", row.id, row.name, row.company, row.rung, row.due_on,
                 row.last_touch_on, rules.due_status(row.due_on, row.amber_from, today))
        for row in rows
    ]
    total, late = (rows[0][-2], rows[0][-1] or 0) if rows else (0, 0)
    merged = contacts + one_to_ones_due(member, today, limit)
    return (sorted(merged, key=_due_order)[:limit],
            {"due": total - late, "overdue": late})


def _due_order(due: DueTouch) -> tuple[date, str]:
    return due.due_on, due.name


def one_to_ones_due(member: Member, today: date, limit: int | None = None) -> list[DueTouch]:
    """Partners due a one-to-one (:mod:`partner_net.onetoones.touch`), as
    :class:`DueTouch` rows with ``kind="one_to_one"`` and ``id`` the partner's member id.
    Each partner's dates are in the zone of the group they share (``today`` is unused).
    With ``limit``, only the first ``limit`` in :func:`due_touches`' order (all a merged
    list cut at ``limit`` can hold: ``heapq.nsmallest`` keeps ties in order, as a stable
    sort would)."""
    from partner_net.onetoones.touch import partners_due

    reminders = partners_due(member)
    if limit is not None:
        reminders = heapq.nsmallest(limit, reminders,
                                    key=lambda r: (r.due.due_on, r.partner.name))
    return [DueTouch("one_to_one", r.partner.id, r.partner.name, r.partner.business, "",
                     r.due.due_on, r.due.since if r.due.met else None, rules.Due(r.due.status))
            for r in reminders]


def due_counts(member: Member, today: date) -> dict[str, int]:
    """How many contacts are due (amber) and overdue (red) on ``today``: one query."""
    overdue = sa.func.sum(sa.case((Contact.due_on < today, 1), else_=0))
    total, late = db.session.execute(
        sa.select(sa.func.count(Contact.id), overdue)
        .where(Contact.owner_id == member.id, Contact.amber_from <= today)).one()
    return {"due": (total or 0) - (late or 0), "overdue": late or 0}


# --- the funnel -------------------------------------------------------------------------


def rung_counts(owner: Member) -> dict[str, int]:
    return dict(db.session.execute(
        sa.select(Contact.rung, sa.func.count(Contact.id))
        .where(Contact.owner_id == owner.id).group_by(Contact.rung)).all())


def local_midnight_utc(day: date, timezone: str) -> datetime:
    return datetime.combine(day, time(0), tzinfo=clock.zone(timezone)).astimezone(UTC)


def moves_between(owner: Member, start: date, end: date, timezone: str) -> list[rules.Move]:
    """Ladder events of ``owner``'s contacts from ``start`` to before ``end`` (local)."""
    rows = db.session.execute(
        sa.select(LadderEvent.contact_id, LadderEvent.from_rung, LadderEvent.to_rung)
        .where(LadderEvent.owner_id == owner.id,
               LadderEvent.moved_at >= local_midnight_utc(start, timezone),
               LadderEvent.moved_at < local_midnight_utc(end, timezone)))
    return [rules.Move(r.contact_id, r.from_rung, r.to_rung) for r in rows]
