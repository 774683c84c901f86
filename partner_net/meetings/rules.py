"""A group's meeting rules: its own (``MeetingRules``) or the defaults file's."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from partner_net.domain.attendance import Rules
from partner_net.extensions import db
from partner_net.models import Group, MeetingRules

DEFAULTS_FILE = Path(__file__).with_name("defaults.toml")
KINDS = {
    "open": "Open networking", "education": "Education", "round": "60-second round",
    "visitors": "Visitors", "speaker": "Featured speaker",
    "referrals": "Referral round", "announcements": "Announcements", "other": "Other",
}
MAX_ITEMS = 12
MAX_MINUTES = 120


@dataclass(frozen=True)
class AgendaItem:
    kind: str
    title: str
    minutes: int

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "title": self.title, "minutes": self.minutes}

    @classmethod
    def from_dict(cls, data: dict) -> AgendaItem:
        kind = str(data.get("kind", "other"))
        return cls(kind if kind in KINDS else "other", str(data.get("title", ""))[:120],
                   max(0, min(int(data.get("minutes", 0)), MAX_MINUTES)))


@dataclass(frozen=True)
class GroupRules:
    agenda: tuple[AgendaItem, ...]
    speaking_seconds: int
    attendance: Rules


@cache
def defaults() -> GroupRules:
    data = tomllib.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
    attendance = data["attendance"]
    return GroupRules(
        agenda=tuple(AgendaItem.from_dict(item) for item in data["agenda"]),
        speaking_seconds=int(data["speaking_seconds"]),
        attendance=Rules(absences_allowed=int(attendance["absences_allowed"]),
                         lates_per_absence=int(attendance["lates_per_absence"]),
                         window_months=int(attendance["window_months"])),
    )


def rules_for(group: Group) -> GroupRules:
    row = db.session.get(MeetingRules, group.id)
    if row is None:
        return defaults()
    return GroupRules(
        agenda=tuple(AgendaItem.from_dict(item) for item in row.agenda),
        speaking_seconds=row.speaking_seconds,
        attendance=Rules(absences_allowed=row.absences_allowed,
                         lates_per_absence=row.lates_per_absence,
                         window_months=row.window_months),
    )


def save_rules(group: Group, rules: GroupRules) -> None:
    row = db.session.get(MeetingRules, group.id) or MeetingRules(group_id=group.id)
    row.agenda = [item.as_dict() for item in rules.agenda]
    row.speaking_seconds = rules.speaking_seconds
    row.absences_allowed = rules.attendance.absences_allowed
    row.lates_per_absence = rules.attendance.lates_per_absence
    row.window_months = rules.attendance.window_months
    db.session.add(row)


def reset_rules(group: Group) -> None:
    row = db.session.get(MeetingRules, group.id)
    if row is not None:
        db.session.delete(row)
