"""Money, dates and times as the group reads them: Babel, in the group's locale and zone.

Plain functions (no Flask), used by the Jinja filters in :mod:`partner_net.templating`
and by emails. ``group`` is anything with ``timezone``, ``currency`` and optionally
``locale`` attributes (a :class:`partner_net.models.Group`).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_currency, format_decimal, parse_pattern

DEFAULT_LOCALE = "en_GB"


def zone_of(group: Any) -> ZoneInfo:
    """The group's time zone; UTC when the group has none or an unknown one."""
    try:
        return ZoneInfo(getattr(group, "timezone", None) or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def locale_of(group: Any) -> str:
    return getattr(group, "locale", None) or DEFAULT_LOCALE


def to_local(moment: datetime, group: Any) -> datetime:
    """A timezone-aware moment in the group's zone."""
    return moment.astimezone(zone_of(group))


def money(amount: Decimal | float | int | None, group: Any, currency: str | None = None,
          *, whole: bool = False) -> str:
    """``£2,400`` / ``2.400,00 €``: in the group's currency unless another is given."""
    if amount is None:
        return ""
    code = currency or getattr(group, "currency", None) or "USD"
    locale = locale_of(group)
    if not whole:
        return format_currency(amount, code, locale=locale)
    pattern = parse_pattern(Locale.parse(locale).currency_formats["standard"].pattern)
    pattern.frac_prec = (0, 0)
    return pattern.apply(Decimal(str(amount)).quantize(Decimal(1)), locale, currency=code,
                         currency_digits=False)


def number(value: float | int | Decimal, group: Any = None) -> str:
    return format_decimal(value, locale=locale_of(group))


def day(moment: date | datetime | None, group: Any, fmt: str = "d MMM yyyy") -> str:
    """A date (a datetime is first moved into the group's zone)."""
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        moment = to_local(moment, group)
    return format_date(moment, fmt, locale=locale_of(group))


def when(moment: datetime | None, group: Any, fmt: str = "d MMM yyyy, HH:mm") -> str:
    """A date and time in the group's zone."""
    if moment is None:
        return ""
    return format_datetime(moment, fmt, tzinfo=zone_of(group), locale=locale_of(group))


def clock_time(moment: datetime, group: Any, fmt: str = "HH:mm") -> str:
    return format_time(moment, fmt, tzinfo=zone_of(group), locale=locale_of(group))
