"""The one place the application reads the time, so tests can control it.

Call ``clock.now()`` (through the module, not ``from partner_net.clock import now``)
so that ``monkeypatch.setattr(clock, "now", ...)`` reaches every caller.
"""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)
