"""Money, dates and times as the group reads them: Babel, in the group's locale and zone.

Plain functions (no Flask), used by the Jinja filters in :mod:`partner_net.templating`
and by emails. ``group`` is anything with ``timezone``, ``currency`` and optionally
``locale`` attributes (a :class:`partner_net.models.Group`).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import (
    DateTimePattern,
    format_date,
    format_datetime,
    format_time,
    get_datetime_format,
    match_skeleton,
)
from babel.numbers import NumberPattern, format_currency, format_decimal, parse_pattern

DEFAULT_LOCALE = "en_GB"


def zone_of(group: Any) -> ZoneInfo:
    """The group's time zone; UTC when the group has none or an unknown one."""
    try:
        return ZoneInfo(getattr(group, "timezone", None) or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def locale_of(group: Any) -> str:
    return getattr(group, "locale", None) or DEFAULT_LOCALE


# What Babel would look up again at every call (a page of 25 referrals made about 150
# ``Locale.parse`` calls and 25 skeleton matches): resolved once per locale and format
# in each process. Locale data never changes while a process runs.

@lru_cache(maxsize=64)
def _locale(code: str) -> Locale:
    return Locale.parse(code)


@lru_cache(maxsize=256)
def _skeleton_pattern(skeleton: str, code: str) -> DateTimePattern | str:
    """The pattern ``babel.dates.format_skeleton`` (fuzzy) picks for ``skeleton``."""
    locale = _locale(code)
    if skeleton not in locale.datetime_skeletons:
        skeleton = match_skeleton(skeleton, locale.datetime_skeletons)
    return locale.datetime_skeletons[skeleton]


@lru_cache(maxsize=64)
def _whole_currency_pattern(code: str) -> NumberPattern:
    """The locale's currency pattern without decimals (never mutated once built)."""
    pattern = parse_pattern(_locale(code).currency_formats["standard"].pattern)
    pattern.frac_prec = (0, 0)
    return pattern


def to_local(moment: datetime, group: Any) -> datetime:
    """A timezone-aware moment in the group's zone."""
    return moment.astimezone(zone_of(group))


def money(amount: Decimal | float | int | None, group: Any, currency: str | None = None,
          *, whole: bool = False) -> str:
    """``£2,400`` / ``2.400,00 €``: in the group's currency unless another is given."""
    if amount is None:
        return ""
    code = currency or getattr(group, "currency", None) or "USD"
    locale = _locale(locale_of(group))
    if not whole:
        return format_currency(amount, code, locale=locale)
    return _whole_currency_pattern(locale_of(group)).apply(
        Decimal(str(amount)).quantize(Decimal(1)), locale, currency=code, currency_digits=False)


def number(value: float | int | Decimal, group: Any = None) -> str:
    return format_decimal(value, locale=_locale(locale_of(group)))


#: Babel's named date styles; anything else of letters only is a CLDR skeleton.
STYLES = {"short", "medium", "long", "full"}


def _date_text(moment: date | datetime, fmt: str, locale: str) -> str:
    """``fmt``: a named style ("medium"), a skeleton ("yMMMd": the fields wanted, which
    the locale orders and punctuates: "24 Nov 2026", "Nov 24, 2026", "24.11.2026"), or an
    explicit CLDR pattern ("d MMM yyyy": that order in every locale)."""
    if fmt in STYLES:
        return format_date(moment, fmt, locale=_locale(locale))
    if fmt.isalpha():  # as babel.dates.format_skeleton, the match cached
        return format_datetime(moment, _skeleton_pattern(fmt, locale), None, _locale(locale))
    return format_date(moment, fmt, locale=_locale(locale))


def day(moment: date | datetime | None, group: Any, fmt: str = "yMMMd") -> str:
    """A date (a datetime is first moved into the group's zone), written as the group's
    locale writes it: ``24 Nov 2026`` in en_GB, ``Nov 24, 2026`` in en_US. A format of
    date fields only is written once per process for each day (:func:`_day_text`)."""
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        moment = to_local(moment, group)
    if not _date_only(fmt):
        return _date_text(moment, fmt, locale_of(group))
    if isinstance(moment, datetime):  # the same text all day: kept per day
        moment = moment.date()
    return _day_text(moment, fmt, locale_of(group))


#: The CLDR fields that read nothing but the calendar date (era, years, quarters,
#: months, weeks, days, weekdays).
_DATE_FIELDS = frozenset("GyYuUrQqMLlwWdDFgEec")


@lru_cache(maxsize=256)
def _date_only(fmt: str) -> bool:
    """``fmt`` writes the same text for every moment of a day: a named style, or a
    skeleton or pattern of date fields only (no quoted text, whose letters are not
    fields)."""
    return fmt in STYLES or ("'" not in fmt and set(filter(str.isalpha, fmt)) <= _DATE_FIELDS)


@lru_cache(maxsize=4096)
def _day_text(day: date, fmt: str, locale: str) -> str:
    """:func:`_date_text` of a day, kept: a list's rows repeat the same few days, and
    Babel writes each field in Python (~6 us a date)."""
    return _date_text(day, fmt, locale)


def when(moment: datetime | None, group: Any, fmt: str = "yMMMd") -> str:
    """A date and time in the group's zone and locale: ``24 Nov 2026, 07:30`` (en_GB),
    ``Nov 24, 2026, 7:30 AM`` (en_US). ``fmt`` chooses the date part, as for :func:`day`;
    an explicit pattern with a time in it ("d MMM, HH:mm") is used as it is."""
    if moment is None:
        return ""
    code = locale_of(group)
    locale = _locale(code)
    if fmt not in STYLES and not fmt.isalpha():
        return format_datetime(moment, fmt, tzinfo=zone_of(group), locale=locale)
    local = to_local(moment, group)
    both = get_datetime_format("medium", locale=locale)
    return both.replace("{1}", _date_text(local, fmt, code)).replace(
        "{0}", format_time(local, "short", locale=locale))


def clock_time(moment: datetime, group: Any, fmt: str = "short") -> str:
    """The time of day in the group's zone: ``07:30`` (en_GB), ``7:30 AM`` (en_US)."""
    return format_time(moment, fmt, tzinfo=zone_of(group), locale=_locale(locale_of(group)))
