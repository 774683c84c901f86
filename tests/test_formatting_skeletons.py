"""Dates through CLDR skeletons read exactly as babel's format_skeleton writes them
(partner_net.formatting looks each skeleton's pattern up once per process)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from babel.dates import format_skeleton

from partner_net import formatting

LOCALES = ["en_GB", "en_US", "de_DE", "fr_FR", "ja_JP", "ar_EG", "pt_BR", "en_NZ"]
SKELETONS = ["MMMd", "yMMMd", "MMMEd", "EEEd", "yMMMMd", "MMMMd", "yMd", "MEd", "yMMM",
             "MMMMEEEEd", "Hm", "yQQQ", "MMMdd", "EEEEd"]
MOMENTS = [datetime(2026, 11, 24, 7, 30, tzinfo=UTC), date(2030, 3, 1),
           datetime(2027, 1, 5, 23, 59, tzinfo=UTC) + timedelta(hours=5)]


def test_skeletons_read_as_babel_writes_them():
    for locale, skeleton, moment in itertools.product(LOCALES, SKELETONS, MOMENTS):
        assert formatting._date_text(moment, skeleton, locale) == format_skeleton(
            skeleton, moment, locale=locale), (locale, skeleton, moment)


def test_day_in_the_groups_zone_and_locale():
    class Group:
        timezone, locale = "Pacific/Auckland", "en_US"

    late = datetime(2026, 11, 24, 12, 30, tzinfo=UTC)  # already the 25th in Auckland
    assert formatting.day(late, Group, "MMMd") == "Nov 25"
    assert formatting.day(late, Group, "EEE d MMM") == "Wed 25 Nov"
