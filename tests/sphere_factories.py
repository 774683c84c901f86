"""Sphere test data, made through the service so schedules and ladder events are real."""

from __future__ import annotations

from datetime import date

from partner_net.extensions import db
from partner_net.models import Contact, Member
from partner_net.sphere import service


def contact(owner: Member, name: str = "Carla Client", today: date = date(2030, 3, 20),
            **fields) -> Contact:
    fields.setdefault("email", f"{name.lower().replace(' ', '.')}@client.example")
    made = service.add_contact(owner, service.ContactFields(name=name, **fields), today)
    db.session.commit()
    return made
