"""Referral test data, made through the service so events and notifications are real."""

from __future__ import annotations

from partner_net.extensions import db
from partner_net.models import Group, Member, Referral
from partner_net.referrals import service


def prospect(**overrides) -> service.Prospect:
    fields = {
        "name": "Priya Prospect",
        "need": "Roof leaks over the kitchen after every storm",
        "company": "Priya's Café",
        "email": "priya@cafe.example",
        "phone": "+44 20 7946 0018",
        "temperature": 4,
        "expects_call": True,
    }
    fields.update(overrides)
    return service.Prospect(**fields)


def give(group: Group, giver: Member, receiver: Member, **overrides) -> Referral:
    referral = service.give(giver, receiver, group, prospect(**overrides))
    db.session.commit()
    return referral


def pass_on(referral: Referral, people: list[Member]) -> None:
    """The receiver passes the referral on to a member who is neither side of it."""
    from partner_net.referrals.pipeline import Status

    to = next(p for p in people if p.id not in (referral.giver_id, referral.receiver_id))
    service.move(referral, referral.receiver, service.Move(
        to=Status.PASSED_ON, pass_to=to, note="They fit better"))


def woven_group(world, extra: int, residue: int) -> tuple[list[Member], list[Referral]]:
    """``world``'s group with ``extra`` more members, and a referral from each member to
    each other whose places in the list add up to ``residue`` modulo 3."""
    from tests import factories

    people = [world.alice, world.bob, world.organizer]
    for n in range(extra):
        member = factories.make_member(f"Extra Member{n}", category=f"Trade {n}")
        factories.join(world.group, member)
        people.append(member)
    db.session.commit()
    referrals = [give(world.group, g, r, name=f"R{i}{j}") for i, g in enumerate(people)
                 for j, r in enumerate(people) if (i + j) % 3 == residue and g is not r]
    return people, referrals
