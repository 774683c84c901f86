"""Money and dates in the group's locale and zone; validators and the bounded id converter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from wtforms import Form, StringField

from partner_net import clock, formatting
from partner_net.forms import MAX_ID, PlainText, SingleLine, safe_id


@dataclass
class FakeGroup:
    timezone: str = "Europe/London"
    currency: str = "GBP"
    locale: str | None = None


def test_money_uses_the_group_currency_and_locale():
    assert formatting.money(Decimal("2400.5"), FakeGroup()) == "£2,400.50"
    assert formatting.money(Decimal("2400.5"), FakeGroup(currency="EUR", locale="de_DE")) \
        == "2.400,50\xa0€"
    assert formatting.money(2400.6, FakeGroup(), whole=True) == "£2,401"
    assert formatting.money(2400, FakeGroup(currency="EUR", locale="de_DE"), whole=True) \
        == "2.400\xa0€"
    assert formatting.money(None, FakeGroup()) == ""


def test_dates_are_shown_in_the_group_zone():
    late_utc = datetime(2026, 3, 29, 23, 30, tzinfo=UTC)  # 00:30 BST the next day
    assert formatting.day(late_utc, FakeGroup()) == "30 Mar 2026"
    assert formatting.when(late_utc, FakeGroup()) == "30 Mar 2026, 00:30"
    assert formatting.when(late_utc, FakeGroup(timezone="America/New_York")) \
        == "29 Mar 2026, 19:30"
    assert formatting.day(date(2026, 1, 2), FakeGroup()) == "2 Jan 2026"
    assert formatting.when(late_utc, FakeGroup(timezone="No/Such_Zone")) == "29 Mar 2026, 23:30"


def test_local_today_and_month_start_ahead_of_utc(set_now):
    set_now(datetime(2026, 10, 31, 12, 30, tzinfo=UTC))  # already 1 November in Auckland
    assert clock.local_today("Pacific/Auckland") == date(2026, 11, 1)
    assert clock.local_today("Europe/London") == date(2026, 10, 31)
    assert clock.month_start("Pacific/Auckland") == datetime(2026, 10, 31, 11, 0, tzinfo=UTC)
    # 1 October 00:00 BST is 30 September 23:00 UTC.
    assert clock.month_start("Europe/London") == datetime(2026, 9, 30, 23, 0, tzinfo=UTC)
    # Saturday 31 October: the week began on Monday 26 October, 00:00 GMT (BST ended the 25th).
    assert clock.week_start("Europe/London") == datetime(2026, 10, 26, 0, 0, tzinfo=UTC)


class LineForm(Form):
    name = StringField(validators=[SingleLine()])
    text = StringField(validators=[PlainText()])


@pytest.mark.parametrize("value", ["a\nb", "a\rb", "a\x00b", "tab\there", "esc\x1b", "\x7f"])
def test_single_line_refuses_control_characters(value):
    form = LineForm(data={"name": value, "text": "ok"})
    assert not form.validate()
    assert "one line" in form.name.errors[0]


def test_plain_text_allows_line_breaks_but_not_nul():
    assert LineForm(data={"name": "Zoë O'Brien – café", "text": "a\nb\r\n\tc"}).validate()
    form = LineForm(data={"name": "x", "text": "a\x00b"})
    assert not form.validate()
    assert form.text.errors


@pytest.mark.parametrize("value, expected", [
    ("12", 12), (" 7 ", 7), ("-1", 0), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), 0),
    ("9" * 40, 0), ("abc", 0), (None, 0), ("1e3", 0), ("", 0),
])
def test_safe_id(value, expected):
    assert safe_id(value) == expected


def test_huge_ids_in_urls_are_404(client, world, auth):
    auth.login(world.alice)
    for path in (f"/referrals/{MAX_ID + 1}", f"/referrals/{2**63}", f"/referrals/{2**70}"):
        assert client.get(path).status_code == 404
    assert client.get(f"/referrals/{MAX_ID}").status_code == 404


# Every format the templates pass to |day, and a few more; in zones a day ahead of and
# behind UTC, across a change of clocks, and in locales that order the fields apart.
DAY_FORMATS = ["yMMMd", "MMMd", "MMMEd", "d MMMM", "MMMMEEEEd", "yMMMEd", "EEE d MMM",
               "yMMMMEEEEd", "medium", "short", "full", "w y", "QQQ y", "d MMM 'of' y"]


@pytest.mark.parametrize("timezone", ["Pacific/Auckland", "America/Los_Angeles",
                                      "Europe/London", "UTC"])
@pytest.mark.parametrize("locale", ["en_GB", "en_US", "de_DE", "fr_FR", "ja_JP"])
def test_a_day_kept_per_process_reads_as_babel_writes_that_moment(timezone, locale):
    """|day keeps the text of each day for formats of date fields only: it is what Babel
    writes for the moment itself, in the group's zone, for any time of that day."""
    group = FakeGroup(timezone, "EUR", locale)
    for hour in range(0, 48 * 7, 5):
        moment = datetime(2026, 3, 26, tzinfo=UTC) + timedelta(hours=hour, minutes=hour % 60)
        local = moment.astimezone(ZoneInfo(timezone))
        for fmt in DAY_FORMATS:
            for _ in range(2):  # written, then kept
                assert formatting.day(moment, group, fmt) == \
                    formatting._date_text(local, fmt, locale), (moment, fmt)
                assert formatting.day(local.date(), group, fmt) == \
                    formatting._date_text(local.date(), fmt, locale), (local.date(), fmt)
