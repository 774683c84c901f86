"""Demo spheres: each active demo member's own contacts, on every rung of the ladder, with
a year of touches and some overdue. The people and notes are in ``sphere.toml``."""

from __future__ import annotations

import random
import re
import tomllib
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from partner_net.domain import sphere as rules
from partner_net.extensions import db
from partner_net.models import Contact, LadderEvent, Member, Touch

if TYPE_CHECKING:
    from partner_net.demo.loader import DemoContext

DATA_FILE = Path(__file__).with_name("sphere.toml")
#: Contacts per member.
PER_MEMBER = (8, 14)
#: Share of contacts left without a touch for longer than their cadence (overdue).
OVERDUE_SHARE = 0.2


@cache
def demo_data() -> dict[str, Any]:
    return tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))


def add_spheres(ctx: DemoContext) -> None:
    """Step for the demo loader: a sphere for every active demo member."""
    today = ctx.today.date()
    members = {m.member.id: m.member for g in ctx.groups.values() for m in g.memberships
               if m.active}
    for member in sorted(members.values(), key=lambda m: m.id):
        _sphere_of(ctx, member, today)
    db.session.flush()


def _sphere_of(ctx: DemoContext, member: Member, today: date) -> None:
    data = demo_data()
    ladder = rules.rules()
    people = ctx.rng.sample(data["people"], ctx.rng.randint(*PER_MEMBER))
    for index, person in enumerate(people):
        rung = ladder.rung_keys[index % len(ladder.rung_keys)]  # every rung is used
        added = today - timedelta(days=ctx.rng.randint(200, 365))
        contact = Contact(
            owner_id=member.id, name=person["name"], company=person["company"],
            email=_email(person["name"], person["company"]),
            phone=f"07700 9{ctx.rng.randint(0, 99999):05d}", rung=rung,
            how_known=ctx.rng.choice(data["how_known"]),
            tags=", ".join(ctx.rng.sample(data["tags"], ctx.rng.randint(0, 2))),
            strength=min(10, 2 + ladder.rung_keys.index(rung) + ctx.rng.randint(0, 3)),
            added_on=added, created_at=ctx.days_ago((today - added).days),
            earned=",".join(ctx.rng.sample(ladder.question_keys, ctx.rng.randint(0, 6))),
        )
        contact.email_key, contact.phone_key = (rules.email_key(contact.email),
                                                rules.phone_key(contact.phone))
        last = _touches(ctx.rng, contact, added, today)
        contact.last_touch_on = last
        plan = rules.schedule(rung, None, last or added, None)
        contact.due_on, contact.amber_from = plan.due_on, plan.amber_from
        db.session.add(contact)
        db.session.flush()
        _ladder_history(ctx, contact, added, today)


def _email(name: str, company: str) -> str:
    local = re.sub(r"[^a-z.]", "", name.lower().replace(" ", "."))
    domain = re.sub(r"[^a-z]", "", (company or name).lower().split(" ")[0]) or "mail"
    return f"{local}@{domain}.example"


def _touches(rng: random.Random, contact: Contact, added: date, today: date) -> date | None:
    """A year of touches at about the rung's cadence; some contacts left overdue."""
    cadence = rules.cadence_of(contact.rung, None)
    overdue = rng.random() < OVERDUE_SHARE
    stop = today - timedelta(days=cadence + rng.randint(3, 30)) if overdue else today
    notes = demo_data()["notes"]
    day = added + timedelta(days=rng.randint(3, min(cadence, 60)))
    last = None
    while day <= stop:
        channel = rng.choice(list(notes))
        db.session.add(Touch(contact=contact, touched_on=day, channel=channel,
                             note=rng.choice(notes[channel]) if rng.random() < 0.7 else ""))
        last = day
        day += timedelta(days=max(7, int(cadence * rng.uniform(0.6, 1.1))))
    return last


def _ladder_history(ctx: DemoContext, contact: Contact, added: date, today: date) -> None:
    """Added on a lower rung, then moved up to where the contact stands now."""
    keys = rules.rules().rung_keys
    here = keys.index(contact.rung)
    start = max(0, here - ctx.rng.randint(0, 2))
    span = max(1, (today - added).days)
    moments = sorted(ctx.rng.randint(1, span) for _ in range(here - start))
    db.session.add(LadderEvent(owner_id=contact.owner_id, contact_id=contact.id,
                               from_rung=None, to_rung=keys[start],
                               moved_at=ctx.days_ago((today - added).days)))
    for step, offset in enumerate(moments):
        days_ago = max(0, (today - added).days - offset)
        db.session.add(LadderEvent(owner_id=contact.owner_id, contact_id=contact.id,
                                   from_rung=keys[start + step], to_rung=keys[start + step + 1],
                                   moved_at=ctx.days_ago(days_ago)))
