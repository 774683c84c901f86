"""What the group pages do, as plain functions: no request, no commit.

The views parse the forms, call these, commit once, then render or redirect.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from partner_net.extensions import db
from partner_net.models import (
    ClosedBusiness,
    Group,
    Invitation,
    Meeting,
    Member,
    Membership,
    Referral,
    Role,
)
from partner_net.models.base import utcnow
from partner_net.seats import seat_holder, seat_message

SLUG_MAX = 60
LAST_ORGANIZER = "A group always keeps at least one organizer."


# --- Groups -------------------------------------------------------------------------

def slugify(name: str) -> str:
    """``"Café Leads — North"`` → ``"cafe-leads-north"`` (ASCII, never empty)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-") or "group"


def unique_slug(name: str) -> str:
    """The name's slug, with ``-2``, ``-3``… appended while another group has it."""
    base = slugify(name)
    taken = set(db.session.scalars(
        sa.select(Group.slug).where(sa.or_(Group.slug == base, Group.slug.like(f"{base}-%")))
    ))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_group(creator: Member, **settings: object) -> Group:
    """A new group with ``creator`` as its first organizer."""
    group = Group(slug=unique_slug(str(settings["name"])), **settings)
    db.session.add(group)
    db.session.add(Membership(group=group, member=creator, role=Role.ORGANIZER))
    db.session.flush()
    return group


def closed_values(group: Group) -> int:
    """How many closed values the group holds: won referrals and "thank you for closed
    business" announcements. While there are any, its currency stays (nothing is ever
    converted, and totals never add two currencies)."""
    won = db.session.scalar(sa.select(sa.func.count()).select_from(Referral).where(
        Referral.group_id == group.id, Referral.closed_value.is_not(None)))
    announced = db.session.scalar(
        sa.select(sa.func.count()).select_from(ClosedBusiness)
        .join(Meeting, Meeting.id == ClosedBusiness.meeting_id)
        .where(Meeting.group_id == group.id))
    return (won or 0) + (announced or 0)


def currency_change_problem(group: Group, new_currency: str) -> str | None:
    """Why the group's currency cannot become ``new_currency`` now, or None."""
    if not new_currency or new_currency == group.currency:
        return None
    count = closed_values(group)
    if not count:
        return None
    values = "one closed value" if count == 1 else f"{count} closed values"
    return (f"{group.name} already has {values} in {group.currency}, so its currency stays "
            f"{group.currency}: Partner Net converts nothing and never adds two currencies "
            "together. The currency can change only while a group has no closed business.")


# --- Invitations --------------------------------------------------------------------

@dataclass
class InviteOutcome:
    """What :func:`invite` did with each address it was given."""

    sent: list[tuple[Invitation, str]] = field(default_factory=list)  # with the raw token
    members: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)


def open_invitation(group: Group, email: str) -> Invitation | None:
    """The latest invitation to ``email`` that is neither accepted nor revoked."""
    return db.session.scalar(
        sa.select(Invitation)
        .where(Invitation.group_id == group.id, Invitation.email == email,
               Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
        .order_by(Invitation.id.desc())
        .limit(1)
    )


def invite(group: Group, inviter: Member, emails: list[str], days: int) -> InviteOutcome:
    """Invite each address, skipping members and those with a live invitation.

    An expired invitation to the same address gets a fresh token instead of a twin.
    """
    outcome = InviteOutcome()
    for email in emails:
        account = db.session.scalar(sa.select(Member).filter_by(email=email))
        membership = account.membership_in(group) if account else None
        if membership is not None:
            (outcome.members if membership.active else outcome.deactivated).append(email)
            continue
        invitation = open_invitation(group, email)
        if invitation is not None and invitation.is_usable:
            outcome.pending.append(email)
            continue
        if invitation is None:
            invitation = Invitation(group=group, email=email, invited_by=inviter)
            db.session.add(invitation)
        else:
            invitation.invited_by = inviter
        token = invitation.issue_token(days)
        outcome.sent.append((invitation, token))
    db.session.flush()
    return outcome


def resend(invitation: Invitation, days: int) -> str:
    """A fresh token for the invitation: the old link dies, the new one lives ``days``."""
    return invitation.issue_token(days)


def revoke(invitation: Invitation) -> None:
    invitation.revoked_at = utcnow()


def invitations_of(group: Group) -> list[Invitation]:
    return list(db.session.scalars(
        sa.select(Invitation).where(Invitation.group_id == group.id)
        .order_by(Invitation.sent_at.desc(), Invitation.id.desc())
    ))


def invitation_problem(invitation: Invitation | None) -> str | None:
    """Why the invitation cannot be used (``unknown``, ``used``, ``revoked``, ``expired``)."""
    if invitation is None:
        return "unknown"
    if invitation.accepted_at is not None:
        return "used"
    if invitation.revoked_at is not None:
        return "revoked"
    if not invitation.is_usable:
        return "expired"
    return None


def account_for(invitation: Invitation) -> Member | None:
    return db.session.scalar(sa.select(Member).filter_by(email=invitation.email))


def join_problem(group: Group, member: Member | None, category: str) -> str | None:
    """Why ``member`` (None: a new account) may not join ``group`` through an invitation.

    A deactivated membership is not brought back by an invitation: deactivating was
    an organizer's decision, so only an organizer reactivates (on the members page).
    """
    if member is not None:
        membership = member.membership_in(group)
        if membership is not None and not membership.active:
            return (f"Your membership in {group.name} was deactivated. Only an organizer "
                    "can reactivate it: ask them to do so on the group's members page.")
    holder = seat_holder(group, category, besides=member)
    if holder is not None:
        return seat_message(group, category, holder)
    return None


def accept(invitation: Invitation, member: Member) -> Membership:
    """Make ``member`` an active member of the invitation's group; the link is used up."""
    membership = member.membership_in(invitation.group)
    if membership is None:
        membership = Membership(group=invitation.group, member=member, role=Role.MEMBER)
        db.session.add(membership)
    invitation.accepted_at = utcnow()
    db.session.flush()
    return membership


# --- Memberships --------------------------------------------------------------------

def memberships_query(group: Group, search: str = "") -> sa.Select:
    """Everyone who is or was in the group: active first, organizers first, by name (the
    member loaded in the same statement); ``search`` narrows to a name, email, business or
    category containing it (any case)."""
    query = (
        sa.select(Membership).join(Member)
        .where(Membership.group_id == group.id)
        .options(contains_eager(Membership.member))
        .order_by(Membership.active.desc(),
                  sa.case((Membership.role == Role.ORGANIZER, 0), else_=1),
                  Member.name, Member.id)
    )
    if search:
        needle = search.lower()
        query = query.where(sa.or_(*(
            sa.func.lower(column).contains(needle, autoescape=True)
            for column in (Member.name, Member.email, Member.business, Member.category))))
    return query


def memberships_of(group: Group) -> list[Membership]:
    return list(db.session.scalars(memberships_query(group)))


def roster_counts(group: Group) -> tuple[int, int]:
    """(active, deactivated) memberships of the group, in one statement."""
    row = db.session.execute(
        sa.select(sa.func.count().filter(Membership.active),
                  sa.func.count().filter(sa.not_(Membership.active)))
        .where(Membership.group_id == group.id)).one()
    return row[0] or 0, row[1] or 0


def active_organizers(group: Group) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Membership)
        .where(Membership.group_id == group.id, Membership.active,
               Membership.role == Role.ORGANIZER)
    ) or 0


def _is_last_organizer(membership: Membership) -> bool:
    return (membership.active and membership.is_organizer
            and active_organizers(membership.group) <= 1)


def promote(membership: Membership) -> str | None:
    if not membership.active:
        return f"Reactivate {membership.member.name} before making them an organizer."
    membership.role = Role.ORGANIZER
    return None


def demote(membership: Membership) -> str | None:
    if _is_last_organizer(membership):
        return LAST_ORGANIZER
    membership.role = Role.MEMBER
    return None


def deactivate(membership: Membership) -> str | None:
    if _is_last_organizer(membership):
        return LAST_ORGANIZER
    membership.active = False
    membership.deactivated_at = utcnow()
    return None


def reactivate(membership: Membership) -> str | None:
    """Bring a member back, unless someone else now holds their exclusive seat."""
    member, group = membership.member, membership.group
    holder = seat_holder(group, member.category, besides=member)
    if holder is not None:
        return seat_message(group, member.category, holder)
    membership.active = True
    membership.deactivated_at = None
    return None


#: The membership actions an organizer may post, by the name in the URL.
ACTIONS = {
    "promote": (promote, "{name} is now an organizer."),
    "demote": (demote, "{name} is no longer an organizer."),
    "deactivate": (deactivate, "{name} is deactivated and can no longer open the group."),
    "reactivate": (reactivate, "{name} is active again."),
}
