"""A member's sphere as plain rules: the ladder, the touch cadence, due and overdue.

No Flask and no database here. The ladder, the default cadences, the touch channels, the
"earned the right?" questions and the thank-you ideas are data, in ``sphere.toml`` beside
this module.

Dates are local dates in the group's time zone; the caller passes ``today``.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("sphere.toml")


@dataclass(frozen=True)
class Rung:
    key: str
    label: str
    cadence_days: int
    about: str


@dataclass(frozen=True)
class Choice:
    key: str
    label: str


@dataclass(frozen=True)
class Rules:
    rungs: tuple[Rung, ...]
    channels: tuple[Choice, ...]
    questions: tuple[Choice, ...]
    thanks_ideas: tuple[str, ...]
    due_soon_days: int
    snooze_days: tuple[int, ...]
    min_cadence_days: int
    max_cadence_days: int

    def rung(self, key: str) -> Rung:
        for rung in self.rungs:
            if rung.key == key:
                return rung
        raise KeyError(key)

    @property
    def rung_keys(self) -> tuple[str, ...]:
        return tuple(r.key for r in self.rungs)

    @property
    def channel_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.channels)

    @property
    def question_keys(self) -> tuple[str, ...]:
        return tuple(q.key for q in self.questions)


def load_rules(path: Path = DATA_FILE) -> Rules:
    """Read the data file. Raises ``ValueError`` on a file that breaks the rules below."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rungs = tuple(Rung(r["key"], r["label"], int(r["cadence_days"]), r.get("about", ""))
                  for r in data["rungs"])
    rules = Rules(
        rungs=rungs,
        channels=tuple(Choice(c["key"], c["label"]) for c in data["channels"]),
        questions=tuple(Choice(q["key"], q["text"]) for q in data["questions"]),
        thanks_ideas=tuple(data["thanks"]["ideas"]),
        due_soon_days=int(data["due_soon_days"]),
        snooze_days=tuple(int(d) for d in data["snooze_days"]),
        min_cadence_days=int(data["min_cadence_days"]),
        max_cadence_days=int(data["max_cadence_days"]),
    )
    if len(set(rules.rung_keys)) != len(rungs) or not rungs:
        raise ValueError("the ladder needs at least one rung and unique keys")
    if any(not rules.min_cadence_days <= r.cadence_days <= rules.max_cadence_days
           for r in rungs):
        raise ValueError("a rung's default cadence is outside the allowed range")
    return rules


@cache
def rules() -> Rules:
    """The rules from the data file, read once per process."""
    return load_rules()


# --- the ladder -------------------------------------------------------------------------


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"


class LadderError(ValueError):
    """A move the ladder does not allow (above the top rung, below the bottom one)."""


def moved(rung: str, direction: Direction | str, ladder: Rules | None = None) -> str:
    """The rung one step up or down from ``rung``."""
    keys = (ladder or rules()).rung_keys
    if rung not in keys:
        raise LadderError(f"unknown rung {rung!r}")
    step = 1 if Direction(direction) is Direction.UP else -1
    index = keys.index(rung) + step
    if index < 0:
        raise LadderError("already on the bottom rung")
    if index >= len(keys):
        raise LadderError("already on the top rung")
    return keys[index]


def rung_index(rung: str, ladder: Rules | None = None) -> int:
    return (ladder or rules()).rung_keys.index(rung)


# --- cadence, due and overdue -----------------------------------------------------------


class Due(StrEnum):
    OK = "ok"
    DUE = "due"  # amber: the due date is near or today
    OVERDUE = "overdue"  # red: the due date has passed


def cadence_of(rung: str, override: int | None, ladder: Rules | None = None) -> int:
    """Days between touches: the contact's own cadence, else its rung's default."""
    if override:
        return override
    return (ladder or rules()).rung(rung).cadence_days


def due_date(since: date, cadence_days: int, snoozed_until: date | None = None) -> date:
    """When the next touch is due: ``cadence_days`` after the last touch (or after the
    contact was added, ``since``), or the end of a snooze if that is later."""
    due = since + timedelta(days=cadence_days)
    if snoozed_until is not None and snoozed_until > due:
        return snoozed_until
    return due


def amber_from(due: date, cadence_days: int, ladder: Rules | None = None) -> date:
    """The first day a contact shows as due: up to ``due_soon_days`` before the due date,
    and never more than a quarter of its cadence before it."""
    lead = min((ladder or rules()).due_soon_days, cadence_days // 4)
    return due - timedelta(days=lead)


def due_status(due: date, amber: date, today: date) -> Due:
    if today > due:
        return Due.OVERDUE
    if today >= amber:
        return Due.DUE
    return Due.OK


@dataclass(frozen=True)
class Schedule:
    due_on: date
    amber_from: date


def schedule(rung: str, override: int | None, since: date, snoozed_until: date | None,
             ladder: Rules | None = None) -> Schedule:
    """The due date and the amber date of a contact, from everything they depend on."""
    cadence = cadence_of(rung, override, ladder)
    due = due_date(since, cadence, snoozed_until)
    if snoozed_until is not None and due == snoozed_until:
        # A snooze hides the contact until the day it ends, then it is due that day.
        return Schedule(due, due)
    return Schedule(due, amber_from(due, cadence, ladder))


# --- quarters ---------------------------------------------------------------------------


def quarter_bounds(day: date) -> tuple[date, date]:
    """The first day of ``day``'s calendar quarter and the first day of the next one."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    end = date(day.year + (first_month == 10), 1 if first_month == 10 else first_month + 3, 1)
    return start, end


@dataclass(frozen=True)
class Move:
    """One ladder event: ``from_rung`` is None when the contact was added."""

    contact_id: int
    from_rung: str | None
    to_rung: str


@dataclass(frozen=True)
class FunnelRow:
    rung: Rung
    count: int  # contacts on the rung now
    arrived: int  # contacts that moved onto it (or were added on it) in the period
    up: int  # moves from this rung to a higher one in the period
    down: int  # moves from this rung to a lower one in the period


def funnel(counts: dict[str, int], moves: Iterable[Move],
           ladder: Rules | None = None) -> list[FunnelRow]:
    """One row per rung, from the top (raving fans) down: how many stand on it and how
    contacts moved in the period."""
    ladder = ladder or rules()
    arrived = dict.fromkeys(ladder.rung_keys, 0)
    up = dict.fromkeys(ladder.rung_keys, 0)
    down = dict.fromkeys(ladder.rung_keys, 0)
    for move in moves:
        if move.to_rung in arrived:
            arrived[move.to_rung] += 1
        if move.from_rung in up and move.to_rung in up:
            if rung_index(move.to_rung, ladder) > rung_index(move.from_rung, ladder):
                up[move.from_rung] += 1
            else:
                down[move.from_rung] += 1
    return [FunnelRow(r, counts.get(r.key, 0), arrived[r.key], up[r.key], down[r.key])
            for r in reversed(ladder.rungs)]


# --- duplicates -------------------------------------------------------------------------

#: Phone numbers are compared on their last digits, so "+44 7700 900123" and
#: "07700 900123" (the same number with and without the country code) match.
PHONE_DIGITS_COMPARED = 9


def email_key(email: str | None) -> str:
    """Emails compare without case and surrounding space ('' when there is none)."""
    email = unicodedata.normalize("NFKC", email or "").strip().lower()
    return email if "@" in email else ""


def phone_key(phone: str | None) -> str:
    """The digits of a phone number that say whose it is ('' when too short to tell).

    Drops spaces, dashes, dots, brackets, a leading + or 00 and the trunk 0, and keeps the
    last :data:`PHONE_DIGITS_COMPARED` digits: enough to tell numbers apart, few enough
    that the same number written with and without its country code matches.
    """
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", phone or ""))
    if len(digits) < 6:
        return ""
    return digits[-PHONE_DIGITS_COMPARED:]


@dataclass(frozen=True)
class Keys:
    email: str
    phone: str


def keys_of(email: str | None, phone: str | None) -> Keys:
    return Keys(email_key(email), phone_key(phone))


def is_duplicate(candidate: Keys, known_emails: set[str], known_phones: set[str]) -> bool:
    """Whether a contact with these keys is already known, by email or by phone."""
    return bool((candidate.email and candidate.email in known_emails)
                or (candidate.phone and candidate.phone in known_phones))
