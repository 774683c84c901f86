"""Whom I refer (the referral list and how it is shared), thanks that are remembered, and
the giver's private links from contacts to the referrals made for them. Database, no Flask.

What another member (or a holder of the private link) sees of a referral list is only the
entries the owner put on it, with name, business, what for and why: never a contact's
email, phone, touches, strength, notes or rung.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from partner_net import clock
from partner_net.extensions import db
from partner_net.models import (
    Contact,
    ContactReferral,
    Group,
    Member,
    Membership,
    Referral,
    ReferralListEntry,
    SphereSharing,
)
from partner_net.models.base import hash_token, new_token
from partner_net.referrals.pipeline import Status
from partner_net.sphere import service

#: The most entries a referral list holds (it is a short list of people one vouches for).
MAX_ENTRIES = 100


# --- the list ---------------------------------------------------------------------------


def entries_of(owner: Member) -> list[ReferralListEntry]:
    """The owner's referral list in order, partners and contacts loaded: one query."""
    return list(db.session.scalars(
        sa.select(ReferralListEntry).where(ReferralListEntry.owner_id == owner.id)
        .options(joinedload(ReferralListEntry.partner), joinedload(ReferralListEntry.contact))
        .order_by(ReferralListEntry.position, ReferralListEntry.id)))


def load_entry(owner: Member, entry_id: int) -> ReferralListEntry | None:
    return db.session.scalar(sa.select(ReferralListEntry).filter_by(id=entry_id,
                                                                    owner_id=owner.id))


class ListError(ValueError):
    """A clear reason an entry cannot be added."""


def add_entry(owner: Member, what_for: str, why: str, partner: Member | None = None,
              contact: Contact | None = None) -> ReferralListEntry:
    """Put a partner or a contact on the owner's list. The caller commits."""
    count = db.session.scalar(sa.select(sa.func.count(ReferralListEntry.id))
                              .where(ReferralListEntry.owner_id == owner.id)) or 0
    if count >= MAX_ENTRIES:
        raise ListError(f"Your list holds up to {MAX_ENTRIES} people; remove someone first.")
    column, value = ((ReferralListEntry.partner_id, partner.id) if partner
                     else (ReferralListEntry.contact_id, contact.id))
    if db.session.scalar(sa.select(ReferralListEntry.id).where(
            ReferralListEntry.owner_id == owner.id, column == value)):
        raise ListError("Already on your list.")
    entry = ReferralListEntry(owner_id=owner.id, partner=partner, contact=contact,
                              what_for=what_for, why=why, position=count,
                              created_at=clock.now())
    db.session.add(entry)
    db.session.flush()
    return entry


def entry_for_contact(contact: Contact) -> ReferralListEntry | None:
    return db.session.scalar(sa.select(ReferralListEntry).filter_by(
        owner_id=contact.owner_id, contact_id=contact.id))


# --- sharing ----------------------------------------------------------------------------


def sharing_of(member: Member) -> SphereSharing:
    """The member's sharing settings (not shared, no link, until they say otherwise)."""
    return db.session.get(SphereSharing, member.id) or SphereSharing(
        member_id=member.id, with_group=False, version=0)


def set_with_group(member: Member, on: bool) -> None:
    """Share the list with the member's groups, or stop. Idempotent. The caller commits."""
    _upsert(member, with_group=on)


def new_link(member: Member) -> str:
    """A fresh private link token (the previous link stops working). The caller commits."""
    token, digest = new_token()
    _upsert(member, link_token_hash=digest, link_created_at=clock.now())
    return token


def revoke_link(member: Member) -> None:
    _upsert(member, link_token_hash=None, link_created_at=None)


def _upsert(member: Member, **values: object) -> None:
    """Write the member's sharing row in one statement that two requests cannot race:
    update it when it exists, else insert it (a concurrent insert loses to the unique key
    and retries as an update)."""
    for _attempt in range(3):
        updated = db.session.execute(
            sa.update(SphereSharing).where(SphereSharing.member_id == member.id)
            .values(version=SphereSharing.version + 1, **values)
            .execution_options(synchronize_session=False)).rowcount
        if updated:
            break
        try:
            with db.session.begin_nested():
                db.session.add(SphereSharing(member_id=member.id, **values))
            break
        except IntegrityError:
            continue
    db.session.expire_all()


def owner_by_link(token: str) -> Member | None:
    """The member whose list this private link shows, or None for an unknown or revoked
    link."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(
        sa.select(Member).join(SphereSharing, SphereSharing.member_id == Member.id)
        .where(SphereSharing.link_token_hash == hash_token(token), Member.active))


def shared_with(owner: Member, group: Group, viewer: Member) -> bool:
    """May ``viewer`` read ``owner``'s list on ``owner``'s page in ``group``? When the owner
    shares it with their groups and both are active members of ``group``."""
    if viewer.id == owner.id:
        return True
    sharing = db.session.get(SphereSharing, owner.id)
    if sharing is None or not sharing.with_group:
        return False
    active = db.session.scalar(
        sa.select(sa.func.count(Membership.id)).where(
            Membership.group_id == group.id, Membership.active,
            Membership.member_id.in_([owner.id, viewer.id])))
    return active == 2


@dataclass(frozen=True)
class SharedEntry:
    """What others may see of an entry: nothing more than these fields."""

    id: int
    name: str
    business: str
    what_for: str
    why: str
    partner_id: int | None  # a member of the group: others can refer to them


def shared_entries(owner: Member) -> list[SharedEntry]:
    return [SharedEntry(e.id, e.display_name, e.business, e.what_for, e.why, e.partner_id)
            for e in entries_of(owner)]


def shared_entry(owner: Member, entry_id: int) -> SharedEntry | None:
    return next((e for e in shared_entries(owner) if e.id == entry_id), None)


def save_shared_entry(viewer: Member, owner: Member, entry: SharedEntry,
                      today: date) -> Contact:
    """Add an entry of ``owner``'s list to ``viewer``'s own sphere. The caller commits."""
    note = " ".join(part for part in (
        f"What for: {entry.what_for}." if entry.what_for else "",
        f"Why: {entry.why}" if entry.why else "") if part)
    return service.add_contact(viewer, service.ContactFields(
        name=entry.name[:160], company=entry.business[:160],
        how_known=f"From {owner.name}'s referral list"[:200], notes=note), today)


# --- thanks that are remembered ---------------------------------------------------------


def thanks_due(referral: Referral, viewer: Member) -> bool:
    """Prompt the receiver of a won referral to do something special for the giver."""
    return referral.status == Status.WON and viewer.id == referral.receiver_id


def giver_contact(receiver: Member, giver: Member, today: date) -> Contact:
    """The giver as a contact of the receiver's sphere, created on demand (an advocate:
    they sent business). The caller commits."""
    existing = db.session.scalar(sa.select(Contact).filter_by(owner_id=receiver.id,
                                                              member_id=giver.id))
    if existing is not None:
        return existing
    fields = service.ContactFields(
        name=giver.name, company=giver.business, email=giver.email, phone=giver.phone,
        rung="advocate", how_known="A partner in my referral group")
    try:
        with db.session.begin_nested():
            return service.add_contact(receiver, fields, today, member=giver)
    except IntegrityError:  # created by a request that ran at the same time
        return db.session.scalars(sa.select(Contact).filter_by(
            owner_id=receiver.id, member_id=giver.id)).one()


def thanks_logged(referral: Referral, receiver: Member) -> date | None:
    """When the receiver logged a thank-you touch for this referral, if they did."""
    from partner_net.models import Touch

    return db.session.scalar(
        sa.select(Touch.touched_on).join(Contact, Contact.id == Touch.contact_id)
        .where(Contact.owner_id == receiver.id, Touch.referral_id == referral.id)
        .order_by(Touch.touched_on.desc()).limit(1))


# --- referrals given from the sphere ----------------------------------------------------


def linkable_referrals(owner: Member, limit: int = 50) -> list[Referral]:
    """The owner's latest given referrals not yet linked to one of their contacts."""
    return list(db.session.scalars(
        sa.select(Referral)
        .outerjoin(ContactReferral, ContactReferral.referral_id == Referral.id)
        .where(Referral.giver_id == owner.id, ContactReferral.id.is_(None))
        .options(joinedload(Referral.receiver))
        .order_by(Referral.created_at.desc()).limit(limit)))


def link_referral(contact: Contact, referral: Referral) -> bool:
    """Note that ``referral`` was made for ``contact``; False when it is linked already."""
    if referral.giver_id != contact.owner_id:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(ContactReferral(contact_id=contact.id, referral_id=referral.id,
                                           created_at=clock.now()))
    except IntegrityError:
        return False
    return True


def referrals_for(contact: Contact) -> list[Referral]:
    return list(db.session.scalars(
        sa.select(Referral).join(ContactReferral, ContactReferral.referral_id == Referral.id)
        .where(ContactReferral.contact_id == contact.id)
        .options(joinedload(Referral.receiver))
        .order_by(Referral.created_at.desc())))


def sphere_referrals(owner: Member, limit: int = 25) -> list[tuple[Contact, Referral]]:
    """Referrals the owner gave into the group for contacts of their sphere, newest first."""
    rows = db.session.execute(
        sa.select(Contact, Referral)
        .join(ContactReferral, ContactReferral.contact_id == Contact.id)
        .join(Referral, Referral.id == ContactReferral.referral_id)
        .where(Contact.owner_id == owner.id, Referral.giver_id == owner.id)
        .options(joinedload(Referral.receiver))
        .order_by(Referral.created_at.desc()).limit(limit))
    return [(row.Contact, row.Referral) for row in rows]
