"""Attendance marks and the group's attendance rules (no Flask, no database).

Defaults (``partner_net/meetings/defaults.toml``, editable per group): 3 absences are
allowed in a rolling 6 months; 2 lates count as 1 absence; a member who sends a
substitute is not absent; a medical absence does not count.

The rolling window is the 6 months that end today: a mark dated exactly 6 calendar
months ago has just dropped out of it (24 May is out on 24 November, in on the 23rd).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Mark(StrEnum):
    PRESENT = "present"
    LATE = "late"
    ABSENT = "absent"
    MEDICAL = "medical"
    SUBSTITUTE = "substitute"


#: One tap moves a member to the next mark; an unmarked member becomes present.
CYCLE = [Mark.PRESENT, Mark.LATE, Mark.ABSENT, Mark.MEDICAL, Mark.SUBSTITUTE]
LABELS = {Mark.PRESENT: "Present", Mark.LATE: "Late", Mark.ABSENT: "Absent",
          Mark.MEDICAL: "Medical", Mark.SUBSTITUTE: "Substitute"}
#: Marks that mean someone was in the room for the member.
IN_THE_ROOM = {Mark.PRESENT, Mark.LATE, Mark.SUBSTITUTE}


def next_mark(current: Mark | str | None) -> Mark:
    if current is None or current == "":
        return CYCLE[0]
    return CYCLE[(CYCLE.index(Mark(current)) + 1) % len(CYCLE)]


@dataclass(frozen=True)
class Rules:
    absences_allowed: int = 3
    lates_per_absence: int = 2  # 0: lates never count
    window_months: int = 6
    medical_counts: bool = False


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (31 Aug - 6 months = 28/29 Feb)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for candidate_day in range(day.day, 0, -1):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def window_start(today: date, rules: Rules) -> date:
    """The first date inside the rolling window."""
    return months_before(today, rules.window_months) + timedelta(days=1)


@dataclass(frozen=True)
class Standing:
    absences: int
    lates: int
    medical: int
    substitutes: int
    counted: int  # absences, plus lates converted to absences
    allowed: int

    @property
    def state(self) -> str:
        """``ok``, ``warning`` (one more absence breaks the rule) or ``over``."""
        if self.counted > self.allowed:
            return "over"
        if self.counted == self.allowed:
            return "warning"
        return "ok"

    @property
    def summary(self) -> str:
        if not (self.absences or self.lates or self.substitutes or self.medical):
            return "no absences"
        parts = [f"{self.absences} absent"]
        if self.lates:
            parts.append(f"{self.lates} late")
        if self.substitutes:
            parts.append(f"{self.substitutes} sub")
        if self.medical:
            parts.append(f"{self.medical} medical")
        return ", ".join(parts)


def standing(marks: Iterable[tuple[date, Mark | str]], today: date, rules: Rules) -> Standing:
    """A member's record in the window ending ``today`` (later marks are ignored)."""
    start = window_start(today, rules)
    counts = dict.fromkeys(Mark, 0)
    for day, mark in marks:
        if start <= day <= today:
            counts[Mark(mark)] += 1
    absences = counts[Mark.ABSENT] + (counts[Mark.MEDICAL] if rules.medical_counts else 0)
    lates = counts[Mark.LATE]
    from_lates = lates // rules.lates_per_absence if rules.lates_per_absence > 0 else 0
    return Standing(absences=counts[Mark.ABSENT], lates=lates, medical=counts[Mark.MEDICAL],
                    substitutes=counts[Mark.SUBSTITUTE], counted=absences + from_lates,
                    allowed=rules.absences_allowed)
