"""What happens to referrals: giving, working, passing on, thanking, correcting.

The functions change the session and raise :class:`ReferralError` with a message for
the member; the view that calls them commits (one commit per unit of work), or rolls
back when they raise.

Every change of an existing referral starts with :func:`claim`, a compare-and-set on
its ``version``: ``UPDATE referrals SET version = version + 1 WHERE id = :id AND
version = :seen``, where ``seen`` is the version the member's form was built from. Of
two requests made from the same state, the database lets exactly one through (on
PostgreSQL the second waits for the first's row lock, then matches no row; on SQLite
writers take turns); the other raises :class:`Changed` and writes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app, url_for
from sqlalchemy.orm.attributes import set_committed_value

from partner_net import clock
from partner_net.domain.money import amount_problem
from partner_net.extensions import db
from partner_net.formatting import money, to_local
from partner_net.mail import send_email
from partner_net.models import (
    Group,
    Member,
    Membership,
    NetworkChange,
    Notification,
    Referral,
    ReferralEvent,
)
from partner_net.referrals.pipeline import LABELS, NEEDS_REASON, Status, can_receiver_move


class ReferralError(ValueError):
    """A request the rules refuse; the message is shown to the member."""


CHANGED = "This referral changed meanwhile"


class Changed(ReferralError):
    """The referral is no longer in the state the member's form was built from."""

    def __init__(self) -> None:
        super().__init__(f"{CHANGED}; nothing of yours was saved.")


def claim(referral: Referral, seen: int | None) -> None:
    """Compare-and-set: take the referral from version ``seen`` to the next, or raise
    :class:`Changed`. Call it first, before any other change of the unit of work.

    ``seen`` is the version the form carried; None (a script that sent none) stands for
    the version this request read, which still makes concurrent requests take turns.
    """
    expected = referral.version if seen is None else seen
    if expected == referral.version:
        result = db.session.execute(
            sa.update(Referral)
            .where(Referral.id == referral.id, Referral.version == expected)
            .values(version=expected + 1, updated_at=clock.now())
            .execution_options(synchronize_session=False))
        if result.rowcount == 1:
            set_committed_value(referral, "version", expected + 1)
            return
    raise Changed()


class EventKind:
    CREATED = "created"
    EDITED = "edited"
    STATUS = "status"
    VALUE = "value"
    NOTE = "note"
    THANKS = "thanks"
    WITHDRAWN = "withdrawn"


THANK_YOU_METHODS = {
    "note": "Handwritten note",
    "card": "Card",
    "call": "Phone call",
    "gift": "Gift",
    "meeting": "In the meeting",
    "other": "Other",
}


@dataclass
class Prospect:
    """What the giver tells about the referred person."""

    name: str
    need: str
    company: str = ""
    email: str = ""
    phone: str = ""
    temperature: int = 3
    expects_call: bool = False


# --- who can be referred -------------------------------------------------------------


def active_groups_of(member: Member) -> list[Group]:
    return sorted((m.group for m in member.active_memberships), key=lambda g: g.name.lower())


def is_active_in(member: Member, group: Group) -> bool:
    membership = member.membership_in(group)
    return bool(member.active and membership and membership.active)


def shared_groups(giver: Member, receiver: Member) -> list[Group]:
    """Groups where both are active members, where a referral between them may be recorded."""
    return [g for g in active_groups_of(giver) if is_active_in(receiver, g)]


@dataclass(frozen=True, slots=True)
class Receiver:
    """A member one may refer to, as the give and pass-on lists show them."""

    id: int
    name: str
    business: str
    category: str
    group_ids: frozenset[int]


def receivers_for(giver: Member, group_id: int | None = None) -> list[Receiver]:
    """Every active member the giver shares a group with (only ``group_id`` when given),
    by name: the four columns the lists show and the shared groups' ids, one statement."""
    group_ids = [g.id for g in active_groups_of(giver)]
    if group_id is not None:
        group_ids = [i for i in group_ids if i == group_id]
    if not group_ids:
        return []
    rows = db.session.execute(
        sa.select(Member.id, Member.name, Member.business, Member.category,
                  Membership.group_id)
        .join(Membership, Membership.member_id == Member.id)
        .where(
            Membership.group_id.in_(group_ids),
            Membership.active,
            Member.active,
            Member.id != giver.id,
        )
        .order_by(Member.name, Member.id)
    ).all()
    found: dict[int, tuple[tuple, set[int]]] = {}
    for member_id, name, business, category, in_group in rows:
        found.setdefault(member_id, ((member_id, name, business, category), set()))[1].add(
            in_group)
    return [Receiver(*fields, frozenset(groups)) for fields, groups in found.values()]


# --- giving and correcting -----------------------------------------------------------


#: The give form's one-time token (``forms.new_token``: 24 random bytes, URL-safe).
GIVE_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def given_with_token(giver: Member, token: str | None) -> Referral | None:
    """The referral ``giver`` already recorded from the form carrying ``token`` (a token
    not of the form's shape, NUL and all, is looked up by nobody: it may come unvalidated)."""
    if not token or not GIVE_TOKEN.fullmatch(token):
        return None
    return db.session.scalar(
        sa.select(Referral).where(Referral.form_token == token, Referral.giver_id == giver.id))


def give(giver: Member, receiver: Member, group: Group, prospect: Prospect,
         token: str | None = None) -> Referral:
    """A new referral. ``token`` (the give form's one-time token) is stored unique: the
    same form posted twice at once makes the second flush fail with IntegrityError, and
    the view answers with the first (:func:`given_with_token`)."""
    if receiver.id == giver.id:
        raise ReferralError("You can't refer a prospect to yourself. Choose another member.")
    if not is_active_in(receiver, group):
        raise ReferralError(f"{receiver.name} is not an active member of {group.name}.")
    if not is_active_in(giver, group):
        raise ReferralError(f"You are not an active member of {group.name}.")
    now = clock.now()
    referral = Referral(
        group=group, giver=giver, receiver=receiver, created_at=now, updated_at=now,
        status=Status.GIVEN, status_changed_at=now, form_token=token or None,
        **_prospect_columns(prospect),
    )
    db.session.add(referral)
    _record(referral, giver, EventKind.CREATED, to_status=Status.GIVEN, shared=True, at=now)
    _notify(receiver, referral, "received",
            f"{giver.name} referred {prospect.name} to you: {prospect.need[:120]}")
    bump_version(group, (giver.id, receiver.id))
    _email(receiver, f"{giver.name} sent you a referral", "referral_received",
           referral=referral)
    return referral


def edit(referral: Referral, actor: Member, prospect: Prospect,
         seen: int | None = None) -> list[str]:
    """The giver corrects the prospect's details; returns the names of changed fields."""
    _require_giver(referral, actor)
    new = _prospect_columns(prospect)
    changed = [name for name, value in new.items() if getattr(referral, name) != value]
    if not changed and (seen is None or seen == referral.version):
        return []
    claim(referral, seen)
    _require_giver_may_change(referral, actor)
    if not changed:
        return []
    for name in changed:
        setattr(referral, name, new[name])
    referral.updated_at = clock.now()
    readable = ", ".join(name.replace("prospect_", "").replace("_", " ") for name in changed)
    _record(referral, actor, EventKind.EDITED, note=f"Corrected: {readable}.", shared=True)
    _notify(referral.receiver, referral, "edited",
            f"{actor.name} corrected the referral of {referral.prospect_name}.")
    return changed


def withdraw(referral: Referral, actor: Member, reason: str, seen: int | None = None) -> None:
    _require_giver(referral, actor)
    claim(referral, seen)
    _require_giver_may_change(referral, actor)
    _change_status(referral, actor, Status.WITHDRAWN, note=reason, shared=True)
    _notify(referral.receiver, referral, "withdrawn",
            f"{actor.name} withdrew the referral of {referral.prospect_name}.")


def _require_giver(referral: Referral, actor: Member) -> None:
    if actor.id != referral.giver_id:
        raise ReferralError("Only the member who gave this referral can change it.")


def _require_giver_may_change(referral: Referral, actor: Member) -> None:
    _require_giver(referral, actor)
    if referral.state is not Status.GIVEN or referral.receiver_acted_at is not None:
        raise ReferralError(
            f"{referral.receiver.name} has already acted on this referral, so it can no "
            "longer be edited or withdrawn. Add what changed as a note instead."
        )


# --- working it ----------------------------------------------------------------------


@dataclass
class Move:
    """The receiver's step: a new status, with what that status asks for."""

    to: Status
    note: str = ""
    shared: bool = False
    value: Decimal | None = None
    currency: str | None = None
    pass_to: Member | None = None


def move(referral: Referral, actor: Member, step: Move,
         seen: int | None = None) -> Referral | None:
    """Apply the receiver's step; returns the new referral when it was passed on."""
    _require_receiver(referral, actor)
    claim(referral, seen)
    if not can_receiver_move(referral.state, step.to):
        raise ReferralError(
            f"A referral that is “{referral.status_label}” can't be marked "
            f"“{LABELS[step.to]}”; statuses only move forward."
        )
    if step.to in NEEDS_REASON and not step.note.strip():
        raise ReferralError(f"Say why it is “{LABELS[step.to]}”, so the referrer can learn.")
    if step.to is Status.WON:
        _close_won(referral, step)
    child = _pass_on(referral, actor, step) if step.to is Status.PASSED_ON else None
    _change_status(referral, actor, step.to, note=step.note, shared=step.shared, child=child)
    if step.shared or step.to is Status.PASSED_ON:
        text = f"{actor.name}: {LABELS[step.to].lower()} — {referral.prospect_name}"
        if child is not None:
            text = (f"{actor.name} passed {referral.prospect_name} on to "
                    f"{child.receiver.name}; you keep the credit.")
        _notify(referral.giver, referral, "milestone", text)
        _email_milestone(referral, actor, _milestone_line(referral, actor, step.to, child),
                         has_note=step.shared and bool(step.note.strip()))
    return child


def add_note(referral: Referral, actor: Member, note: str, shared: bool,
             seen: int | None = None) -> None:
    """A milestone without a change of status (a call booked, a quote asked for...)."""
    _require_receiver(referral, actor)
    if not note.strip():
        raise ReferralError("Write the note first.")
    claim(referral, seen)
    _mark_acted(referral)
    _record(referral, actor, EventKind.NOTE, note=note.strip(), shared=shared)
    if shared:
        _notify(referral.giver, referral, "milestone",
                f"{actor.name} on {referral.prospect_name}: {note.strip()[:150]}")


def giver_note(referral: Referral, actor: Member, note: str) -> None:
    """The giver's word to the receiver ("she prefers a call after six"), in the
    history both read; the receiver is told. Never a change of status."""
    if actor.id != referral.giver_id:
        raise ReferralError("Only the member who gave this referral can send a note on it.")
    if referral.state is Status.WITHDRAWN:
        raise ReferralError("This referral was withdrawn; a note would reach nobody.")
    if not note.strip():
        raise ReferralError("Write the note first.")
    _record(referral, actor, EventKind.NOTE, note=note.strip(), shared=True)
    _notify(referral.receiver, referral, "giver_note",
            f"{actor.name} on {referral.prospect_name}: {note.strip()[:150]}")


def thank(referral: Referral, actor: Member, method: str, when: datetime, note: str,
          seen: int | None = None) -> None:
    _require_receiver(referral, actor)
    claim(referral, seen)
    if referral.thanked_at is not None:
        raise ReferralError("You already recorded a thank-you for this referral.")
    if referral.state is Status.WITHDRAWN:
        raise ReferralError("This referral was withdrawn; there is nothing to thank for.")
    if method not in THANK_YOU_METHODS:
        raise ReferralError("Choose how you said thank you.")
    if when > clock.now():
        raise ReferralError("A thank-you can't be in the future; record it once given.")
    group = referral.group
    if to_local(when, group).date() < to_local(referral.created_at, group).date():
        raise ReferralError("A thank-you can't be dated before the referral was given.")
    referral.thanked_at = when
    referral.thank_you_method = method
    referral.thank_you_note = note.strip()
    _mark_acted(referral)
    _record(referral, actor, EventKind.THANKS, shared=True,
            note=f"{THANK_YOU_METHODS[method]}. {note.strip()}".strip())
    _notify(referral.giver, referral, "thanks",
            f"{actor.name} thanked you for referring {referral.prospect_name}.")
    _email_milestone(referral, actor, f"{actor.name} thanked you for a referral you gave.",
                     has_note=bool(note.strip()))


def _require_receiver(referral: Referral, actor: Member) -> None:
    if actor.id != referral.receiver_id:
        raise ReferralError("Only the member who received this referral can work it.")


def _close_won(referral: Referral, step: Move) -> None:
    if step.value is None:
        raise ReferralError("Enter the value of the business closed, so the giver is credited.")
    _check_amount(referral, step.value, step.currency)
    referral.closed_value = step.value
    referral.closed_currency = referral.group.currency


def _check_amount(referral: Referral, value: Decimal, currency: str | None) -> None:
    """A closed value is in the group's currency (totals never add two currencies)."""
    problem = amount_problem(value)
    if problem:
        raise ReferralError(problem)
    code = referral.group.currency
    if currency and currency.strip().upper() != code:
        raise ReferralError(f"{referral.group.name} counts closed business in {code} only: "
                            f"enter the value in {code}.")


def correct_value(referral: Referral, actor: Member, value: Decimal, reason: str,
                  seen: int | None = None) -> Decimal:
    """The receiver corrects a won value: a new event in the history (the old value kept
    there), the giver told. Returns the value it replaced."""
    _require_receiver(referral, actor)
    claim(referral, seen)
    if referral.state is not Status.WON:
        raise ReferralError("Only the value of a won referral can be corrected.")
    _check_amount(referral, value, None)
    before = referral.closed_value
    if before == value:
        raise ReferralError("That is already the value recorded; enter the corrected one.")
    group = referral.group
    referral.closed_value = value
    referral.closed_currency = group.currency
    line = (f"Closed value corrected from {money(before, group)} to {money(value, group)}"
            + (f": {reason.strip()}" if reason.strip() else "."))
    _record(referral, actor, EventKind.VALUE, note=line, shared=True)
    bump_version(group, (referral.giver_id, referral.receiver_id))
    _notify(referral.giver, referral, "milestone",
            f"{actor.name} corrected the value closed from your referral of "
            f"{referral.prospect_name}: {money(value, group)}.")
    _email_milestone(referral, actor, f"{actor.name} corrected the value of business closed "
                     "from a referral you gave.", has_note=False)
    return before


def _pass_on(referral: Referral, actor: Member, step: Move) -> Referral:
    target = step.pass_to
    if target is None:
        raise ReferralError("Choose the member who is a better fit.")
    if target.id in (actor.id, referral.giver_id):
        raise ReferralError("Pass it on to another member: not yourself, nor the giver.")
    if not is_active_in(target, referral.group):
        raise ReferralError(f"{target.name} is not an active member of {referral.group.name}.")
    now = clock.now()
    child = Referral(
        group=referral.group, giver_id=referral.giver_id, receiver=target, created_at=now,
        updated_at=now, status=Status.GIVEN, status_changed_at=now,
        passed_on_from=referral, passed_on_by=actor,
        **{column: getattr(referral, column) for column in PROSPECT_COLUMNS},
    )
    db.session.add(child)
    note = f"Passed on by {actor.name}" + (f": {step.note.strip()}" if step.note.strip() else ".")
    _record(child, actor, EventKind.CREATED, to_status=Status.GIVEN, note=note, shared=True,
            at=now)
    _notify(target, child, "received",
            f"{actor.name} passed on {referral.giver.name}'s referral of "
            f"{referral.prospect_name} to you.")
    db.session.flush()
    _email(target, f"{actor.name} passed a referral on to you", "referral_received",
           referral=child)
    return child


# --- bookkeeping ---------------------------------------------------------------------


#: Change rows older than this are pruned (a worker further behind rebuilds).
CHANGES_KEPT = timedelta(days=1)


def bump_version(group: Group, *pairs: tuple[int, int]) -> None:
    """Mark the group's referral figures stale and record which pairs (giver, receiver)
    changed, so that cached networks re-read only those (:mod:`partner_net.network.cache`).

    Incremented in SQL, so two workers saving at once both count; the new version is
    read back inside this transaction, which holds the group's row from the UPDATE on.
    """
    group.referrals_version = Group.referrals_version + 1
    db.session.flush()
    version = db.session.scalar(sa.select(Group.referrals_version).where(Group.id == group.id))
    now = clock.now()
    for giver_id, receiver_id in dict.fromkeys(pairs):
        db.session.add(NetworkChange(group_id=group.id, version=version, giver_id=giver_id,
                                     receiver_id=receiver_id, created_at=now))
    if version % 50 == 0:  # now and then: the table stays a day deep
        db.session.execute(sa.delete(NetworkChange).where(
            NetworkChange.group_id == group.id, NetworkChange.created_at < now - CHANGES_KEPT))


def _change_status(referral: Referral, actor: Member, to: Status, note: str, shared: bool,
                   child: Referral | None = None) -> None:
    before = referral.state
    now = clock.now()
    referral.status = to
    referral.status_changed_at = now
    referral.updated_at = now
    if actor.id == referral.receiver_id:
        _mark_acted(referral)
    _record(referral, actor, EventKind.STATUS if to is not Status.WITHDRAWN else
            EventKind.WITHDRAWN, from_status=before, to_status=to, note=note.strip(),
            shared=shared, at=now)
    pairs = [(referral.giver_id, referral.receiver_id)]
    if child is not None:  # passed on: the new referral counts between giver and target
        pairs.append((child.giver_id, child.receiver_id))
    bump_version(referral.group, *pairs)


def _mark_acted(referral: Referral) -> None:
    if referral.receiver_acted_at is None:
        referral.receiver_acted_at = clock.now()


def _record(referral: Referral, actor: Member, kind: str, *, note: str = "",
            shared: bool = False, from_status: str | None = None,
            to_status: str | None = None, at: datetime | None = None) -> ReferralEvent:
    event = ReferralEvent(
        referral=referral, actor=actor, kind=kind, note=note, shared=shared,
        from_status=from_status, to_status=to_status, created_at=at or clock.now(),
    )
    db.session.add(event)
    return event


def _milestone_line(referral: Referral, actor: Member, to: Status,
                    child: Referral | None) -> str:
    """The email's words for a milestone: no prospect details (emails leave the site)."""
    if child is not None:
        return (f"{actor.name} passed a referral you gave on to {child.receiver.name}; "
                "you keep the credit.")
    return f"{actor.name}: {LABELS[to].lower()} — a referral you gave."


def _email_milestone(referral: Referral, actor: Member, line: str, has_note: bool) -> None:
    _email(referral.giver, line, "referral_milestone", referral=referral, text=line,
           has_note=has_note)


def _notify(member: Member, referral: Referral, kind: str, text: str) -> None:
    db.session.add(Notification(member=member, referral=referral, kind=kind, text=text[:300],
                                created_at=clock.now()))


def _email(member: Member, subject: str, template: str, **context: object) -> None:
    """Email a member about a referral; a failing mail server never loses the change."""
    try:
        send_email(member.email, subject, template, member=member,
                   link=url_for("referrals.show", referral_id=context["referral"].id,
                                _external=True), **context)
    except OSError:
        current_app.logger.exception("Could not email %s", member.email)


PROSPECT_COLUMNS = ("prospect_name", "prospect_company", "prospect_email", "prospect_phone",
                    "need", "temperature", "expects_call")


def _prospect_columns(prospect: Prospect) -> dict[str, object]:
    return {
        "prospect_name": prospect.name.strip(),
        "prospect_company": prospect.company.strip(),
        "prospect_email": prospect.email.strip().lower(),
        "prospect_phone": prospect.phone.strip(),
        "need": prospect.need.strip(),
        "temperature": prospect.temperature,
        "expects_call": prospect.expects_call,
    }
