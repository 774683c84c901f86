"""Test data, made directly in the database (fast: the password hash is computed once)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import time
from functools import cache

from werkzeug.security import generate_password_hash

from partner_net.extensions import db
from partner_net.models import Group, IdealClientProfile, Member, Membership, Role
from partner_net.models.accounts import password_hash_method

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


@cache
def _hash_with(method: str) -> str:
    return generate_password_hash(PASSWORD, method=method)


def _password_hash() -> str:
    """PASSWORD hashed with the app's configured method (once per method)."""
    return _hash_with(password_hash_method())


def make_member(name: str | None = None, *, email: str | None = None, **fields) -> Member:
    n = next(_seq)
    name = name or f"Member {n}"
    member = Member(
        name=name,
        email=email or f"{name.lower().replace(' ', '.')}.{n}@example.com",
        password_hash=_password_hash(),
        **fields,
    )
    db.session.add(member)
    db.session.flush()
    return member


def make_group(organizer: Member | None = None, *, name: str | None = None, **fields) -> Group:
    n = next(_seq)
    name = name or f"Group {n}"
    fields.setdefault("meeting_weekday", 2)
    fields.setdefault("meeting_time", time(7, 0))
    fields.setdefault("meeting_place", "The Riverside Hotel")
    fields.setdefault("timezone", "Europe/London")
    fields.setdefault("currency", "GBP")
    group = Group(name=name, slug=f"{name.lower().replace(' ', '-')}-{n}", **fields)
    db.session.add(group)
    db.session.flush()
    if organizer is not None:
        join(group, organizer, Role.ORGANIZER)
    return group


def join(group: Group, member: Member, role: str = Role.MEMBER, active: bool = True) -> Membership:
    membership = Membership(group=group, member=member, role=role, active=active)
    db.session.add(membership)
    db.session.flush()
    return membership


def make_profile(member: Member, title: str = "Restaurant owners", **fields) -> IdealClientProfile:
    fields.setdefault("position", len(member.ideal_clients))
    profile = IdealClientProfile(member=member, title=title, **fields)
    db.session.add(profile)
    db.session.flush()
    return profile


@dataclass
class World:
    group: Group
    organizer: Member
    alice: Member
    bob: Member
    other_group: Group
    other_organizer: Member
    outsider: Member  # in no group at all


def make_world() -> World:
    organizer = make_member("Olivia Organizer", category="Accountant", business="Ledger & Co")
    alice = make_member("Alice Archer", category="Roofer", business="Archer Roofing")
    bob = make_member("Bob Baker", category="Commercial insurance", business="Baker Cover")
    group = make_group(organizer, name="North Star")
    join(group, alice)
    join(group, bob)
    other_organizer = make_member("Oscar Other", category="Printer")
    other_group = make_group(other_organizer, name="South Cross")
    outsider = make_member("Nina Nobody")
    db.session.commit()
    return World(group, organizer, alice, bob, other_group, other_organizer, outsider)
