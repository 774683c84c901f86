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
