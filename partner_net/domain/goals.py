"""Monthly goals against what was done: progress, and which met goals are still to be
celebrated (each once). Pure: no Flask, no database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

#: The targets, in the order pages show them, with their labels.
TARGETS = {
    "referrals_given": "Referrals given",
    "one_to_ones": "Confirmed one-to-ones",
    "visitors": "Visitors invited",
    "closed_value": "Business closed from referrals",
}
#: The most a monthly count target may be, and the largest value target.
MAX_COUNT = 500
MAX_VALUE = Decimal("100000000")


@dataclass(frozen=True)
class Progress:
    key: str
    label: str
    target: int | Decimal
    done: int | Decimal

    @property
    def has_target(self) -> bool:
        return self.target > 0

    @property
    def met(self) -> bool:
        return self.has_target and self.done >= self.target

    @property
    def percent(self) -> int:
        """0..100 for the bar (capped), 0 without a target."""
        if not self.has_target:
            return 0
        return int(min(Decimal(100), Decimal(self.done) * 100 / Decimal(self.target)))

    @property
    def left(self) -> int | Decimal:
        return max(0, self.target - self.done)


def progress(targets: Mapping[str, int | Decimal], done: Mapping[str, int | Decimal]
             ) -> list[Progress]:
    return [Progress(key, label, targets.get(key, 0) or 0, done.get(key, 0) or 0)
            for key, label in TARGETS.items()]


def parse_celebrated(text: str) -> set[str]:
    return {k for k in (text or "").split(",") if k in TARGETS}


def to_celebrate(rows: list[Progress], celebrated: str) -> list[Progress]:
    """Met goals not celebrated yet, in page order."""
    done = parse_celebrated(celebrated)
    return [p for p in rows if p.met and p.key not in done]


def celebrated_after(celebrated: str, newly: list[Progress]) -> str:
    keys = parse_celebrated(celebrated) | {p.key for p in newly}
    return ",".join(k for k in TARGETS if k in keys)
