"""The group's locale and time zone: Flask-Babel, the settings, dates written by the
locale, time zone names in any case, and plurals (0, 1, 2)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask_babel import get_locale, get_timezone

from partner_net import formatting
from partner_net.extensions import db
from partner_net.groups.forms import canonical_timezone
from partner_net.groups.locales import default_locale, is_offered, locale_choices
from partner_net.models import Group
from tests import factories, referral_factories, sphere_factories

pytestmark = pytest.mark.usefixtures("fresh_g")


@dataclass
class FakeGroup:
    timezone: str = "Europe/London"
    currency: str = "GBP"
    locale: str | None = None


MOMENT = datetime(2026, 11, 24, 7, 30, tzinfo=UTC)  # 07:30 in London


@pytest.mark.parametrize("locale, day, when, money", [
    ("en_GB", "24 Nov 2026", "24 Nov 2026, 07:30", "£1,250.50"),
    ("en_US", "Nov 24, 2026", "Nov 24, 2026, 7:30\u202fAM", "£1,250.50"),
    ("de_DE", "24. Nov. 2026", "24. Nov. 2026, 07:30", "1.250,50\xa0£"),
])
def test_dates_and_money_are_written_as_the_locale_writes_them(locale, day, when, money):
    group = FakeGroup(locale=locale)
    assert formatting.money(Decimal("1250.50"), group) == money
    assert formatting.day(MOMENT, group) == day
    assert formatting.when(MOMENT, group) == when


def test_skeletons_let_the_locale_order_the_parts():
    assert formatting.day(date(2026, 11, 24), FakeGroup(), "MMMMEEEEd") == "Tuesday 24 November"
    assert formatting.day(date(2026, 11, 24), FakeGroup(locale="en_US"), "MMMMEEEEd") \
        == "Tue, Nov 24"
    assert formatting.clock_time(MOMENT, FakeGroup(timezone="Asia/Tokyo")) == "16:30"
    # An explicit pattern is still used as it is.
    assert formatting.day(date(2026, 11, 24), FakeGroup(), "d MMM") == "24 Nov"


def test_a_zone_ahead_of_utc_shows_tomorrow_at_midnight():
    late = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)  # already the 25th in Auckland
    assert formatting.day(late, FakeGroup(timezone="Pacific/Auckland")) == "25 Nov 2026"
    assert formatting.day(late, FakeGroup()) == "24 Nov 2026"


def test_the_offered_locales():
    codes = [code for code, _label in locale_choices()]
    assert default_locale() == "en_GB" and "en_GB" in codes and "de_DE" in codes
    assert dict(locale_choices())["en_GB"] == "English (United Kingdom)"
    assert not is_offered("xx_YY")


@pytest.mark.parametrize("typed, stored", [
    ("europe/london", "Europe/London"), ("EUROPE/PARIS", "Europe/Paris"),
    ("america/new york", "America/New_York"), (" Asia/Tokyo ", "Asia/Tokyo"),
    ("Not/AZone", "Not/AZone"),
])
def test_time_zone_names_in_any_case(typed, stored):
    assert canonical_timezone(typed) == stored


def settings(group: Group, **changes: str) -> dict[str, str]:
    data = {"name": group.name, "meeting_weekday": "2", "meeting_time": "07:00",
            "meeting_place": "The Riverside Hotel", "timezone": "Europe/London",
            "currency": "GBP", "locale": "en_GB", "exclusive_categories": "y"}
    return {**data, **changes}


def test_the_organizer_chooses_the_locale_and_zone_in_any_case(client, auth, world):
    auth.login(world.organizer)
    url = f"/g/{world.group.slug}/manage/settings"
    page = client.get(url).get_data(as_text=True)
    assert '<option value="de_DE">German (Germany)</option>' in page
    bad = client.post(url, data=settings(world.group, locale="xx_YY"))
    assert bad.status_code == 200
    assert "Choose one of the listed formats." in bad.get_data(as_text=True)
    response = client.post(url, data=settings(world.group, locale="de_DE",
                                              timezone="america/new_york"))
    assert response.status_code == 302
    db.session.refresh(world.group)
    assert (world.group.locale, world.group.timezone) == ("de_DE", "America/New_York")
    # The group's pages are written in its locale and zone (Flask-Babel too).
    members = client.get(f"/g/{world.group.slug}/manage/members").get_data(as_text=True)
    joined = formatting.day(world.organizer.memberships[0].joined_at, world.group)
    assert joined.endswith(". 2026") or joined.endswith(". 2027")  # "24. Nov. 2026"
    assert joined in members
    with client.application.test_request_context(f"/g/{world.group.slug}/"):
        from flask import g
        g.group = world.group
        assert str(get_locale()) == "de_DE"
        assert str(get_timezone()) == "America/New_York"


def test_a_new_group_starts_in_british_english(client, auth, world):
    auth.login(world.alice)
    client.post("/groups/new", data=settings(world.group, name="Harbour Leads",
                                             timezone="europe/london", locale=""))
    group = db.session.scalar(sa.select(Group).filter_by(name="Harbour Leads"))
    assert group is None  # an empty choice is refused...
    client.post("/groups/new", data={k: v for k, v in settings(
        world.group, name="Harbour Leads", timezone="europe/london").items() if k != "locale"})
    group = db.session.scalar(sa.select(Group).filter_by(name="Harbour Leads"))
    assert (group.locale, group.timezone) == ("en_GB", "Europe/London")  # ...a missing one is not


def test_member_email_zone_in_any_case(client, auth, world):
    auth.login(world.bob)
    response = client.post("/account/emails", data={"timezone": "pacific/auckland"})
    assert response.status_code == 302
    db.session.refresh(world.bob)
    assert world.bob.timezone == "Pacific/Auckland"


def text(response) -> str:
    return " ".join(html.unescape(response.get_data(as_text=True)).split())


@pytest.mark.parametrize("count, words", [(0, "0 referrals"), (1, "1 referral"),
                                          (2, "2 referrals")])
def test_referral_counts_agree_with_their_number(client, auth, world, count, words):
    for _ in range(count):
        referral_factories.give(world.group, world.alice, world.bob)
    auth.login(world.organizer)
    network = text(client.get(f"/g/{world.group.slug}/network"))
    listed = text(client.get(f"/g/{world.group.slug}/referrals"))
    if count:  # an empty group shows an empty state instead of a count
        assert f"{words} between" in network
        assert words in listed
    for page in (network, listed):
        for wrong in ("0 referral ", "1 referrals", "2 referral "):
            assert wrong not in page + " "


@pytest.mark.parametrize("count, words", [(1, "Where your 1 contact stands"),
                                          (2, "Where your 2 contacts stand")])
def test_sphere_counts_agree_with_their_number(client, auth, world, count, words):
    for n in range(count):
        sphere_factories.contact(world.alice, name=f"Carla Client {n}")
    auth.login(world.alice)
    assert words in text(client.get(f"/g/{world.group.slug}/sphere/funnel"))


def test_the_next_meetings_and_the_pairs(client, auth, world):
    referral_factories.give(world.group, world.alice, world.bob)
    auth.login(world.organizer)
    network = text(client.get(f"/g/{world.group.slug}/network"))
    assert "1 referral between 1 pair of members" in network
    factories.make_member("Spare")  # not in the group: nothing changes
    assert "1 pair of members" in text(client.get(f"/g/{world.group.slug}/network"))


def test_this_month_on_the_network_page_begins_at_midnight_where_the_group_meets(world):
    from partner_net.network import service as network

    world.group.timezone = "Pacific/Auckland"
    before = referral_factories.give(world.group, world.alice, world.bob)
    after = referral_factories.give(world.group, world.bob, world.alice)
    before.created_at = datetime(2026, 10, 31, 10, 0, tzinfo=UTC)  # 23:00 on 31 Oct there
    after.created_at = datetime(2026, 10, 31, 11, 30, tzinfo=UTC)  # 00:30 on 1 Nov there
    db.session.commit()
    now = datetime(2026, 10, 31, 12, 30, tzinfo=UTC)  # still October in UTC
    assert network.group_network(world.group, "month", now).figures.total_referrals == 1
    world.group.timezone = "Europe/London"
    db.session.commit()
    assert network.group_network(world.group, "month", now).figures.total_referrals == 2


def test_emails_are_dated_in_the_members_first_groups_locale(world):
    assert world.alice.email_locale == "en_GB"
    world.group.locale = "de_DE"
    db.session.commit()
    assert world.alice.email_locale == "de_DE"
    assert factories.make_member("Nobody Yet").email_locale == "en_GB"


def error_of(response, field: str) -> str:
    """The text of a field's error paragraph (the form macro's ``<p id="...-error">``)."""
    page = response.get_data(as_text=True)
    start = page.index(f'id="{field}-error">') + len(f'id="{field}-error">')
    return html.unescape(page[start:page.index("</p>", start)])


def test_form_messages_stay_english_in_a_german_group_and_come_once(client, auth, world):
    """The locale writes amounts and dates; the site's words, WTForms' own messages
    included, stay English (they came out German: "Keine gültige, ganze Zahl."), and a
    number that cannot be read gets one message, not that and the range's after it."""
    world.group.locale = "de_DE"
    db.session.commit()
    auth.login(world.alice)
    response = client.post(f"/g/{world.group.slug}/goals", data={
        "version": "0", "referrals_given": "12a", "one_to_ones": "2", "visitors": "1",
        "closed_value": "lots"})
    assert response.status_code == 400
    assert error_of(response, "referrals_given") == "Enter a whole number, like 12."
    assert error_of(response, "closed_value") == \
        "Enter the amount in digits, like 1250 or 1250.50."
    assert 'value="12a"' in response.get_data(as_text=True)  # what was typed is kept
    auth.logout()
    auth.login(world.organizer)
    response = client.post(f"/g/{world.group.slug}/meetings/new", data={
        "day": "morgen", "at": "7 Uhr", "place": "", "note": ""})
    assert response.status_code == 200
    assert error_of(response, "day") == "Enter the date, like 2026-12-01."
    assert error_of(response, "at") == "Enter the time as HH:MM, for example 07:00."
