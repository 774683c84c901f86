"""Member health: six measures over the last 6 months, each scored in bands and summed to
a green / amber / red / grey light, its trend, and the one action that would raise it.

Pure: no Flask, no database. The bands come from ``health.toml`` beside this module (the
documented defaults), with a group's own changes laid over them (:func:`with_overrides`).
Rates are exact fractions, so a value on a band edge always lands where the file says.
"""

from __future__ import annotations

import math
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

DEFAULTS_FILE = Path(__file__).with_name("health.toml")

#: The measures, in the order pages show them.
MEASURES = ("attendance", "given", "received", "visitors", "one_to_ones", "closed_value")
#: Measures counted per week (the others are totals over the window).
RATES = frozenset({"given", "received", "visitors", "one_to_ones"})
#: What a member can do more of, and what one of it is called (singular, plural).
ACTIONS = {
    "given": ("referral", "referrals"),
    "visitors": ("visitor", "visitors"),
    "one_to_ones": ("one-to-one", "one-to-ones"),
}
#: Lights from worst to best.
LIGHTS = ("grey", "red", "amber", "green")
MAX_POINTS = 1000
MAX_EDGE = Fraction(10**9)


class BandsProblem(ValueError):
    """Why a group's bands cannot be used: a message for the organizer."""


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str
    higher: bool
    edges: tuple[Fraction, ...]
    points: tuple[int, ...]

    @property
    def max_points(self) -> int:
        return max(self.points)

    def band(self, value: Fraction) -> int:
        """The band ``value`` falls in (0 = the first band of ``points``)."""
        if self.higher:
            return bisect_right(self.edges, value)  # on an edge: the band above
        return bisect_left(self.edges, value)  # on an edge: the band it closes


@dataclass(frozen=True)
class StayInTouch:
    amber_days: int = 90
    red_days: int = 180
    snooze_days: int = 30


@dataclass(frozen=True)
class Bands:
    measures: Mapping[str, Measure]
    green: int
    amber: int
    red: int
    window_weeks: int = 26
    min_weeks: int = 4
    trend_points: int = 5
    stay_in_touch: StayInTouch = field(default_factory=StayInTouch)

    def light(self, total: int) -> str:
        if total >= self.green:
            return "green"
        if total >= self.amber:
            return "amber"
        if total >= self.red:
            return "red"
        return "grey"

    @property
    def max_total(self) -> int:
        return sum(m.max_points for m in self.measures.values())


def parse_number(text: Any) -> Fraction:
    """``"3/4"``, ``"0.75"``, ``0.75`` or ``3`` as an exact fraction; BandsProblem if not."""
    if isinstance(text, bool):
        raise BandsProblem(f"{text!r} is not a number.")
    try:
        if isinstance(text, float):
            value = Fraction(str(text))
        else:
            value = Fraction(str(text).strip().replace(" ", ""))
    except (ValueError, ZeroDivisionError):
        raise BandsProblem(f"{str(text)[:20]!r} is not a number (write 0.75 or 3/4)."
                           ) from None
    if value < 0 or value > MAX_EDGE:
        raise BandsProblem(f"{str(text)[:20]} is out of range (0 to 1,000,000,000).")
    return value


def _measure(key: str, data: Mapping[str, Any], base: Measure | None = None) -> Measure:
    label = str(data.get("label", base.label if base else key))
    unit = str(data.get("unit", base.unit if base else ""))
    higher = bool(data.get("higher", base.higher if base else True))
    raw_edges = data.get("edges", base.edges if base else None)
    raw_points = data.get("points", base.points if base else None)
    if not isinstance(raw_edges, list | tuple) or not isinstance(raw_points, list | tuple):
        raise BandsProblem(f"{label}: give the band edges and the points of each band.")
    edges = tuple(parse_number(e) for e in raw_edges)
    if not 1 <= len(edges) <= 8:
        raise BandsProblem(f"{label}: give between 1 and 8 band edges.")
    if any(b <= a for a, b in zip(edges, edges[1:], strict=False)):
        raise BandsProblem(f"{label}: the band edges must go up, each above the one before.")
    try:
        points = tuple(int(p) for p in raw_points)
    except (TypeError, ValueError):
        raise BandsProblem(f"{label}: points are whole numbers.") from None
    if len(points) != len(edges) + 1:
        raise BandsProblem(f"{label}: {len(edges)} edges make {len(edges) + 1} bands; give "
                           f"{len(edges) + 1} points, one per band (you gave {len(points)}).")
    if any(not 0 <= p <= MAX_POINTS for p in points):
        raise BandsProblem(f"{label}: points go from 0 to {MAX_POINTS}.")
    return Measure(key, label, unit, higher, edges, points)


def from_dict(data: Mapping[str, Any]) -> Bands:
    measures_data = data.get("measures", {})
    missing = [k for k in MEASURES if k not in measures_data]
    if missing:
        raise BandsProblem(f"Missing measures: {', '.join(missing)}.")
    lights = data.get("lights", {})
    stay = data.get("stay_in_touch", {})
    bands = Bands(
        measures={k: _measure(k, measures_data[k]) for k in MEASURES},
        green=int(lights["green"]), amber=int(lights["amber"]), red=int(lights["red"]),
        window_weeks=int(data.get("window_weeks", 26)),
        min_weeks=int(data.get("min_weeks", 4)),
        trend_points=int(data.get("trend_points", 5)),
        stay_in_touch=StayInTouch(int(stay.get("amber_days", 90)),
                                  int(stay.get("red_days", 180)),
                                  int(stay.get("snooze_days", 30))),
    )
    check(bands)
    return bands


def check(bands: Bands) -> None:
    if not 0 <= bands.red < bands.amber < bands.green:
        raise BandsProblem("The lights need red < amber < green points.")
    if bands.green > bands.max_total:
        raise BandsProblem(f"Green needs {bands.green} points but the bands give at most "
                           f"{bands.max_total}; nobody could be green.")
    s = bands.stay_in_touch
    if not 7 <= s.amber_days < s.red_days <= 730:
        raise BandsProblem("Stay in touch: amber after 7 to 729 days, red later than amber "
                           "and at most 730 days.")
    if not 1 <= s.snooze_days <= 180:
        raise BandsProblem("Snooze for 1 to 180 days.")


@cache
def defaults() -> Bands:
    return from_dict(tomllib.loads(DEFAULTS_FILE.read_text(encoding="utf-8")))


def with_overrides(overrides: Mapping[str, Any] | None, base: Bands | None = None) -> Bands:
    """``base`` (the defaults) with a group's changes: ``{"measures": {key: {"edges": [...],
    "points": [...]}}, "lights": {...}, "stay_in_touch": {...}}``. Unknown keys are ignored;
    a bad value raises BandsProblem."""
    base = base or defaults()
    if not overrides:
        return base
    measures = dict(base.measures)
    for key, change in (overrides.get("measures") or {}).items():
        if key in measures and isinstance(change, Mapping):
            measures[key] = _measure(key, change, measures[key])
    lights = overrides.get("lights") or {}
    stay = overrides.get("stay_in_touch") or {}
    try:
        bands = replace(
            base, measures=measures,
            green=int(lights.get("green", base.green)),
            amber=int(lights.get("amber", base.amber)),
            red=int(lights.get("red", base.red)),
            stay_in_touch=StayInTouch(
                int(stay.get("amber_days", base.stay_in_touch.amber_days)),
                int(stay.get("red_days", base.stay_in_touch.red_days)),
                int(stay.get("snooze_days", base.stay_in_touch.snooze_days))),
        )
    except (TypeError, ValueError):
        raise BandsProblem("Lights and days are whole numbers.") from None
    check(bands)
    return bands


def as_overrides(bands: Bands) -> dict[str, Any]:
    """What :func:`with_overrides` reads back as ``bands`` (for storing a group's copy)."""
    return {
        "measures": {k: {"edges": [format_fraction(e) for e in m.edges],
                         "points": list(m.points)} for k, m in bands.measures.items()},
        "lights": {"green": bands.green, "amber": bands.amber, "red": bands.red},
        "stay_in_touch": {"amber_days": bands.stay_in_touch.amber_days,
                          "red_days": bands.stay_in_touch.red_days,
                          "snooze_days": bands.stay_in_touch.snooze_days},
    }


def format_fraction(value: Fraction) -> str:
    """``3/4`` stays a fraction when it is not a short decimal: 0.75, 1/12, 6/5 -> 1.2."""
    if value.denominator == 1:
        return str(value.numerator)
    for places in range(1, 4):
        scaled = value * 10**places
        if scaled.denominator == 1:
            return f"{float(value):.{places}f}"
    return f"{value.numerator}/{value.denominator}"


# --- scoring ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """What a member did in the window (counts, and closed value in the group's currency)
    and how many weeks it spans for them."""

    absences: int = 0
    given: int = 0
    received: int = 0
    visitors: int = 0
    one_to_ones: int = 0
    closed_value: Decimal = Decimal(0)
    weeks: int = 26

    def count(self, key: str) -> int | Decimal:
        return self.absences if key == "attendance" else getattr(self, key)


def weeks_looked_at(weeks_member: int, bands: Bands) -> int:
    """The weeks rates are divided by: the window, or fewer for a newer member."""
    return max(bands.min_weeks, min(bands.window_weeks, weeks_member))


def value_of(figures: Figures, key: str) -> Fraction:
    count = figures.count(key)
    if key in RATES:
        return Fraction(int(count), max(1, figures.weeks))
    return Fraction(count)


@dataclass(frozen=True)
class Score:
    key: str
    label: str
    unit: str
    count: int | Decimal
    value: Fraction
    band: int
    bands: int
    points: int
    max_points: int


@dataclass(frozen=True)
class Health:
    scores: tuple[Score, ...]
    total: int
    light: str

    def score(self, key: str) -> Score:
        return next(s for s in self.scores if s.key == key)


def score(figures: Figures, bands: Bands) -> Health:
    scores = []
    for key in MEASURES:
        measure = bands.measures[key]
        value = value_of(figures, key)
        band = measure.band(value)
        scores.append(Score(key, measure.label, measure.unit, figures.count(key), value, band,
                            len(measure.points), measure.points[band], measure.max_points))
    total = sum(s.points for s in scores)
    return Health(tuple(scores), total, bands.light(total))


def trend(current: Health, previous: Health | None, bands: Bands) -> str | None:
    """``up``, ``down`` or ``steady`` against the member's previous 6 months (None when
    there is nothing to compare with)."""
    if previous is None:
        return None
    difference = current.total - previous.total
    if difference >= bands.trend_points:
        return "up"
    if difference <= -bands.trend_points:
        return "down"
    return "steady"


# --- the one action ---------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    key: str
    extra: int  # how many more over the window
    light: str  # the light it leads to
    text: str


def next_light(light: str) -> str | None:
    index = LIGHTS.index(light)
    return LIGHTS[index + 1] if index + 1 < len(LIGHTS) else None


def extra_needed(count: int, weeks: int, edge: Fraction) -> int:
    """How many more of a per-week measure reach ``edge`` (inclusive) over ``weeks``."""
    return max(0, math.ceil(edge * weeks) - count)


def one_action(figures: Figures, bands: Bands, health: Health | None = None) -> Action | None:
    """The single change that takes the member to the next light with the fewest extra
    referrals, visitors or one-to-ones; if none does alone, the one that gains the most
    points for each extra. None when the member is green already or nothing helps."""
    health = health or score(figures, bands)
    target = next_light(health.light)
    if target is None:
        return None
    needed = {"amber": bands.amber, "red": bands.red, "green": bands.green}[target]
    reaching: list[tuple[int, int, str]] = []
    best_gain: tuple[Fraction, int, str] | None = None
    for order, key in enumerate(ACTIONS):
        measure = bands.measures[key]
        current = health.score(key)
        count = int(figures.count(key))
        for band in range(current.band + 1, len(measure.points)):
            extra = extra_needed(count, figures.weeks, measure.edges[band - 1])
            gain = measure.points[band] - current.points
            if gain <= 0 or extra <= 0:
                continue
            if health.total + gain >= needed:
                reaching.append((extra, order, key))
                break
            rate = Fraction(gain, extra)
            if best_gain is None or (rate, -order) > (best_gain[0], -best_gain[1]):
                best_gain = (rate, order, key)
    if reaching:
        extra, _, key = min(reaching)
        return Action(key, extra, target, action_text(key, extra, figures.weeks, target))
    if best_gain is None:
        return None
    key = best_gain[2]
    measure, current = bands.measures[key], health.score(key)
    extra = extra_needed(int(figures.count(key)), figures.weeks,
                         measure.edges[current.band])
    gained = health.total + measure.points[current.band + 1] - current.points
    return Action(key, extra, bands.light(gained),
                  action_text(key, extra, figures.weeks, None))


#: Standard intervals, in weeks, and how they are said.
INTERVALS = ((26, "in the next six months"), (13, "a quarter"), (8, "every two months"),
             (4, "a month"), (2, "a fortnight"), (1, "a week"))
NUMBERS = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five"}


def how_often(extra: int, weeks: int) -> tuple[int, str]:
    """``extra`` more over ``weeks`` said as a habit that is at least that much: (how many,
    how often), e.g. 13 over 26 weeks -> (1, "a fortnight"), 30 over 26 -> (2, "a week")."""
    if extra > weeks:
        return math.ceil(Fraction(extra, weeks)), "a week"
    interval = Fraction(weeks, extra)
    for length, words in INTERVALS:
        if length <= interval:
            return 1, words
    return 1, "a week"


def action_text(key: str, extra: int, weeks: int, target: str | None) -> str:
    singular, plural = ACTIONS[key]
    many, often = how_often(extra, weeks)
    noun = singular if many == 1 else plural
    count = NUMBERS.get(many, str(many))
    if target:
        return f"{count} more {noun} {often} takes you to {target}."
    return f"{count} more {noun} {often} is the quickest way up."
