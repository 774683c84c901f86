"""A year of demo referrals: every status, values, thank-yous and passed-on chains.

Written straight to the models (no emails, no notifications for old news), seeded by the
loader's random source. Needs come from the receiver's own listen-for triggers, so each
referral reads like the work that member does.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import Group, Member, Notification, Referral, ReferralEvent
from partner_net.models.network import StrategicPartner
from partner_net.referrals.pipeline import PROGRESS, Status
from partner_net.referrals.service import EventKind

if TYPE_CHECKING:
    from partner_net.demo.loader import DemoContext

FIRST = ["Aisha", "Ben", "Carmen", "Declan", "Elif", "Finn", "Gwen", "Hamza", "Ines", "Jack",
         "Kemi", "Liam", "Maya", "Niall", "Orla", "Pavel", "Quinn", "Rosa", "Sean", "Tara",
         "Umar", "Vera", "Wes", "Yasmin", "Zach"]
LAST = ["Ahmed", "Brennan", "Costa", "Doyle", "Evans", "Fraser", "Gill", "Hughes", "Iqbal",
        "Jones", "Kowalski", "Lloyd", "Murphy", "Novak", "O'Neill", "Price", "Reid", "Shah",
        "Taylor", "Usher", "Vaughan", "Walsh", "Young"]
BUSINESS = ["Harbour Fish Bar", "Quayside Dental", "Northgate Motors", "The Loft Gym",
            "Wharf Street Deli", "Brightside Nursery", "Anchor Print Works", "Tidewater Joinery",
            "Marina Physio", "Old Mill Brewery", "Castle Lettings", "Seaview Guest House",
            "Dockside Logistics", "Kestrel Architects", "Bluebell Florists", "Pier Café"]
SHARED_NOTES = {
    Status.CONTACTED: ["Called the same day; meeting booked.", "Spoke this morning, very warm.",
                       "Left a message, they called back within the hour."],
    Status.MEETING: ["Met on site, clear need.", "Good first meeting, they want a proposal.",
                     "Coffee at their office; we get on well."],
    Status.PROPOSAL: ["Proposal sent, decision due next week.", "Quote with them now."],
    Status.WON: ["Signed today, thank you!", "Job booked and deposit paid.",
                 "They said yes; first invoice out."],
    Status.LOST: ["They went with their existing supplier.", "Budget frozen until next year.",
                  "Chose a cheaper quote."],
    Status.NOT_A_FIT: ["Outside the area I cover.", "Too small a job for us to do well."],
}
THANK_METHODS = ["note", "card", "call", "meeting", "gift"]

#: How many referrals each member gives in a year: a few generous givers, a long tail.
GIVING_WEIGHTS = (5, 4, 3, 3, 2, 2, 2, 1, 1, 1)


def add_referrals(ctx: DemoContext) -> None:
    """Step for the demo loader: about a year of referrals in each demo group."""
    for group in ctx.groups.values():
        members = [m.member for m in group.memberships if m.active]
        per_member = 20 if group.exclusive_categories else 6
        _add_group_history(ctx.rng, ctx.today, group, members, per_member)
        _add_this_week(ctx.rng, ctx.today, group, members, ctx.members.get("priya"))
    db.session.flush()


def _add_this_week(rng: random.Random, today: datetime, group: Group, members: list[Member],
                   demo_member: Member | None) -> None:
    """Fresh referrals, some still waiting for a call, so the dashboards have work on them."""
    for n in range(8):
        giver, receiver = rng.sample(members, 2)
        if demo_member in members and n < 3:
            receiver = demo_member
            giver = rng.choice([m for m in members if m is not demo_member])
        created = today - timedelta(hours=rng.randint(4, 80))
        referral = _referral(rng, group, giver, receiver, created)
        if rng.random() < 0.3:
            _move(referral, receiver, created + timedelta(hours=3), Status.CONTACTED,
                  rng.choice(SHARED_NOTES[Status.CONTACTED]), rng)
        db.session.add(Notification(
            member=receiver, referral=referral, kind="received", created_at=created,
            text=f"{giver.name} referred {referral.prospect_name} to you: {referral.need}"[:300],
        ))
        group.referrals_version += 1


def _add_group_history(rng: random.Random, today: datetime, group: Group,
                       members: list[Member], per_member: int) -> None:
    givers = list(members)
    rng.shuffle(givers)
    weights = {m.id: GIVING_WEIGHTS[i % len(GIVING_WEIGHTS)] for i, m in enumerate(givers)}
    favourites = {m.id: rng.sample([p for p in members if p.id != m.id], k=3) for m in members}
    _mark_strategic_partners(group, favourites)
    giver_weights = [weights[m.id] for m in members]
    for _ in range(per_member * len(members)):
        giver = rng.choices(members, giver_weights)[0]
        if rng.random() < 0.45:
            receiver = rng.choice(favourites[giver.id])
        else:
            receiver = rng.choice([p for p in members if p.id != giver.id])
        age_days = rng.triangular(0, 365, 200)
        created = today - timedelta(days=age_days, hours=rng.randint(-2, 9))
        referral = _referral(rng, group, giver, receiver, created)
        _play_out(rng, today, referral, members)
        group.referrals_version += 1


def _mark_strategic_partners(group: Group, favourites: dict[int, list[Member]]) -> None:
    """Members mark the first two of the partners they refer most as strategic partners."""
    for member_id, partners in favourites.items():
        for partner in partners[:2]:
            if db.session.scalar(sa.select(StrategicPartner.id).filter_by(
                    member_id=member_id, partner_id=partner.id)) is None:
                db.session.add(StrategicPartner(member_id=member_id, partner_id=partner.id,
                                                group=group, created_at=group.created_at))
    db.session.flush()


def _referral(rng: random.Random, group: Group, giver: Member, receiver: Member,
              created: datetime) -> Referral:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    profile = rng.choice(receiver.ideal_clients) if receiver.ideal_clients else None
    triggers = [t.strip(" .") for t in (profile.triggers if profile else "").split(";")]
    need = rng.choice([t for t in triggers if t] or [f"Needs a {receiver.category.lower()}"])
    referral = Referral(
        group=group, giver=giver, receiver=receiver, created_at=created, updated_at=created,
        status_changed_at=created, status=Status.GIVEN,
        prospect_name=f"{first} {last}", prospect_company=rng.choice(BUSINESS),
        prospect_email=f"{first.lower()}.{last.lower().replace(chr(39), '')}@example.com",
        prospect_phone=f"07700 9{rng.randint(10000, 99999)}",
        need=need[:1].upper() + need[1:], temperature=rng.choices([1, 2, 3, 4, 5],
                                                                 [1, 2, 4, 3, 2])[0],
        expects_call=rng.random() < 0.6,
    )
    db.session.add(referral)
    _event(referral, giver, created, EventKind.CREATED, None, Status.GIVEN, "", True)
    return referral


def _play_out(rng: random.Random, today: datetime, referral: Referral,
              members: list[Member]) -> None:
    """Walk the referral along the pipeline towards its outcome, as far as its age allows."""
    outcome = _outcome(rng, (today - referral.created_at).days)
    when = referral.created_at
    if outcome is Status.WITHDRAWN:
        _move(referral, referral.giver, when + timedelta(hours=5), outcome,
              "They found someone already.", rng)
        return
    for status in _steps_towards(outcome):
        when += timedelta(hours=rng.randint(3, 24 * 6))
        if when >= today:
            return
        _move(referral, referral.receiver, when, status, rng.choice(SHARED_NOTES[status]), rng)
    if outcome not in PROGRESS:
        when += timedelta(days=rng.randint(1, 20))
        if when < today:
            _close(rng, referral, outcome, when, members)
    _maybe_thank(rng, today, referral)


def _steps_towards(outcome: Status) -> list[Status]:
    """The open statuses a referral passes through on its way to ``outcome``."""
    if outcome in PROGRESS:
        return PROGRESS[1:PROGRESS.index(outcome) + 1]
    if outcome in (Status.WON, Status.LOST):
        return PROGRESS[1:]
    return []


def _outcome(rng: random.Random, age: float) -> Status:
    if age < 3:
        return rng.choice([Status.GIVEN, Status.GIVEN, Status.CONTACTED])
    if age < 30:
        return rng.choices(
            [Status.CONTACTED, Status.MEETING, Status.PROPOSAL, Status.WON, Status.LOST,
             Status.NOT_A_FIT, Status.PASSED_ON, Status.GIVEN],
            [3, 3, 3, 3, 1, 1, 1, 1])[0]
    return rng.choices(
        [Status.WON, Status.LOST, Status.NOT_A_FIT, Status.PASSED_ON, Status.WITHDRAWN,
         Status.PROPOSAL],
        [40, 30, 8, 6, 2, 4])[0]


def _close(rng: random.Random, referral: Referral, outcome: Status, when: datetime,
           members: list[Member]) -> None:
    note = rng.choice(SHARED_NOTES.get(outcome, ["Handed to a better fit."]))
    if outcome is Status.WON:
        referral.closed_value = Decimal(rng.choice([350, 600, 900, 1500, 2400, 4000, 7500,
                                                    12000])) + Decimal(rng.randint(0, 99))
        referral.closed_currency = referral.group.currency
    if outcome is Status.PASSED_ON:
        options = [m for m in members if m.id not in (referral.giver.id, referral.receiver.id)]
        target = rng.choice(options)
        child = Referral(
            group=referral.group, giver=referral.giver, receiver=target, created_at=when,
            updated_at=when, status_changed_at=when, status=Status.GIVEN,
            passed_on_from=referral, passed_on_by=referral.receiver,
            prospect_name=referral.prospect_name, prospect_company=referral.prospect_company,
            prospect_email=referral.prospect_email, prospect_phone=referral.prospect_phone,
            need=referral.need, temperature=referral.temperature,
            expects_call=referral.expects_call,
        )
        db.session.add(child)
        _event(child, referral.receiver, when, EventKind.CREATED, None, Status.GIVEN,
               f"Passed on by {referral.receiver.name}: {target.first_name} does exactly this.",
               True)
        note = f"Passed on to {target.name}, a better fit."
        follow = when + timedelta(days=rng.randint(1, 10))
        _move(child, target, follow, Status.CONTACTED, "Called them, thanks for the intro.", rng)
        if rng.random() < 0.6:
            child.closed_value = Decimal(rng.choice([500, 1200, 3000]))
            child.closed_currency = child.group.currency
            _move(child, target, follow + timedelta(days=8), Status.WON,
                  rng.choice(SHARED_NOTES[Status.WON]), rng)
    _move(referral, referral.receiver, when, outcome, note, rng)


def _move(referral: Referral, actor: Member, when: datetime, to: Status, note: str,
          rng: random.Random) -> None:
    shared = to in (Status.WITHDRAWN, Status.PASSED_ON) or rng.random() < 0.85
    _event(referral, actor, when, EventKind.WITHDRAWN if to is Status.WITHDRAWN
           else EventKind.STATUS, referral.status, to, note, shared)
    referral.status = to
    referral.status_changed_at = when
    referral.updated_at = when
    if actor is referral.receiver and referral.receiver_acted_at is None:
        referral.receiver_acted_at = when


def _maybe_thank(rng: random.Random, today: datetime, referral: Referral) -> None:
    if referral.status in (Status.WITHDRAWN, Status.PASSED_ON):
        return
    age = (today - referral.created_at).days
    if age < 2 or rng.random() > (0.85 if age > 14 else 0.4):
        return
    when = referral.created_at + timedelta(days=rng.randint(1, min(age, 10)))
    method = rng.choice(THANK_METHODS)
    referral.thanked_at = when
    referral.thank_you_method = method
    referral.thank_you_note = "Thank you for thinking of me."
    _event(referral, referral.receiver, when, EventKind.THANKS, None, None,
           "Thank you for thinking of me.", True)
    if today - when < timedelta(days=10):
        db.session.add(Notification(
            member=referral.giver, referral=referral, kind="thanks", created_at=when,
            text=f"{referral.receiver.name} thanked you for referring {referral.prospect_name}.",
        ))


def _event(referral: Referral, actor: Member, when: datetime, kind: str,
           from_status: str | None, to_status: str | None, note: str, shared: bool) -> None:
    db.session.add(ReferralEvent(
        referral=referral, actor=actor, created_at=when, kind=kind, from_status=from_status,
        to_status=to_status, note=note, shared=shared,
    ))
