"""The one place the application reads the time, so tests can control it.

Call ``clock.now()`` (through the module, not ``from partner_net.clock import now``)
so that ``monkeypatch.setattr(clock, "now", ...)`` reaches every caller.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def now() -> datetime:
    return datetime.now(UTC)


def local_now(timezone: str) -> datetime:
    """Now in the named zone (UTC when the name is unknown); goes through :func:`now`."""
    return now().astimezone(zone(timezone))


def local_today(timezone: str) -> date:
    """Today's date where the group meets (not the server's, not UTC's)."""
    return local_now(timezone).date()


def month_start(timezone: str) -> datetime:
    """Midnight on the first of this month in the zone, as an aware UTC moment."""
    here = local_now(timezone)
    start = here.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return start.astimezone(UTC)


def week_start(timezone: str) -> datetime:
    """Midnight on this week's Monday in the zone, as an aware UTC moment."""
    here = local_now(timezone)
    start = (here - timedelta(days=here.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0)
    return start.astimezone(UTC)


def zone(timezone: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
