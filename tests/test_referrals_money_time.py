"""Money and time in referrals: closed values in the group's currency only, bounded,
correctable by the receiver; "this month" and the thank-you date in the group's time
zone; the give form's one-time token and rate limit; stale forms answered with 409."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import Notification, OutboxMessage, Referral
from partner_net.referrals.pipeline import Status
from tests.referral_factories import give


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def referral(world):
    return give(world.group, world.alice, world.bob)


def won(referral, value="1000", currency=None):
    referral.status, referral.closed_value = Status.WON, Decimal(value)
    referral.closed_currency = currency or referral.group.currency
    db.session.commit()
    return referral


# --- amounts -------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "message"), [
    ("99999999999999", "Enter an amount up to 999,999,999.99"),
    ("sNaN", "Enter the amount in digits"),
    ("NaN", "Enter the amount in digits"),
    ("inf", "Enter the amount in digits"),
    ("-Infinity", "Enter the amount in digits"),
    ("twelve", "Enter the amount in digits"),
    ("0", "Enter an amount above zero."),
    ("10.999", "Use at most two decimals"),
])
def test_absurd_amounts_get_a_clear_message_and_keep_the_form(client, auth, world, referral,
                                                                typed, message):
    auth.login(world.bob)
    response = client.post(f"/referrals/{referral.id}/move", data={
        "to": "won", "value": typed, "note": "Signed today", "version": referral.version})
    assert response.status_code == 400
    page = text(response)
    assert message in page
    assert f'value="{typed}"' in page and "Signed today" in page
    db.session.refresh(referral)
    assert referral.status == "given"


def test_an_amount_with_thousands_commas_is_read(client, auth, world, referral):
    auth.login(world.bob)
    response = client.post(f"/referrals/{referral.id}/move",
                           data={"to": "won", "value": "12,500.50"})
    assert response.status_code == 302
    db.session.refresh(referral)
    assert referral.closed_value == Decimal("12500.50") and referral.closed_currency == "GBP"


def test_the_won_form_offers_the_group_currency_only(client, auth, world, referral):
    auth.login(world.bob)
    page = text(client.get(f"/referrals/{referral.id}"))
    assert 'name="currency"' not in page
    assert "in GBP, the group's currency" in page


# --- correcting a won value ----------------------------------------------------------

def test_the_receiver_corrects_a_won_value_and_the_giver_is_told(client, auth, world, referral):
    won(referral, "1000")
    auth.login(world.bob)
    assert "Correct the value closed" in text(client.get(f"/referrals/{referral.id}"))
    response = client.post(f"/referrals/{referral.id}/value", data={
        "value": "1200", "reason": "A second site", "version": referral.version})
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Referral, referral.id)
    assert saved.closed_value == Decimal("1200") and saved.status == "won"
    last = saved.events[-1]
    assert last.kind == "value" and last.shared
    assert "from £1,000.00 to £1,200.00: A second site" in last.note
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(
        Notification.member_id == world.alice.id, Notification.text.contains("£1,200.00")))
    mail = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.recipient == world.alice.email)).all()
    assert any("corrected the value" in m.subject for m in mail)
    assert all("Priya" not in m.subject for m in mail)  # no prospect in an email
    auth.logout()
    auth.login(world.alice)
    page = text(client.get(f"/referrals/{referral.id}"))
    assert "corrected the value closed" in page and "£1,200.00" in page


def test_only_the_receiver_corrects_and_only_a_won_value(client, auth, world, referral):
    auth.login(world.alice)
    assert client.post(f"/referrals/{referral.id}/value", data={"value": "5"}).status_code == 403
    auth.logout()
    auth.login(world.bob)
    response = client.post(f"/referrals/{referral.id}/value", data={"value": "5"})
    assert response.status_code == 400
    assert "Only the value of a won referral can be corrected." in text(response)


def test_a_correction_is_bounded_like_the_won_value(client, auth, world, referral):
    won(referral)
    auth.login(world.bob)
    response = client.post(f"/referrals/{referral.id}/value",
                           data={"value": "99999999999999", "reason": "typo?"})
    assert response.status_code == 400
    assert "Enter an amount up to 999,999,999.99" in text(response)
    assert 'value="99999999999999"' in text(response)


def test_a_correction_from_a_stale_page_is_refused_with_the_current_value(
        client, auth, world, referral):
    won(referral, "1000")
    auth.login(world.bob)
    seen = db.session.get(Referral, referral.id).version
    assert client.post(f"/referrals/{referral.id}/value",
                       data={"value": "1100", "version": seen}).status_code == 302
    response = client.post(f"/referrals/{referral.id}/value",
                           data={"value": "1300", "reason": "typed late", "version": seen})
    assert response.status_code == 409
    page = text(response)
    assert "This referral changed meanwhile" in page and "£1,100.00" in page
    assert 'value="1300"' in page and "typed late" in page


# --- one currency per group ----------------------------------------------------------

def settings(**changes):
    data = {"name": "North Star", "meeting_weekday": "2", "meeting_time": "07:00",
            "meeting_place": "The Riverside Hotel", "timezone": "Europe/London",
            "currency": "GBP", "exclusive_categories": "y"}
    return {**data, **changes}


def test_the_currency_changes_only_while_the_group_has_no_closed_values(
        client, auth, world, referral):
    auth.login(world.organizer)
    url = f"/g/{world.group.slug}/manage/settings"
    assert client.post(url, data=settings(currency="EUR")).status_code == 302
    db.session.refresh(world.group)
    assert world.group.currency == "EUR"
    won(referral, "500")
    response = client.post(url, data=settings(currency="USD", name="North Star II"))
    assert response.status_code == 200
    page = text(response)
    assert "already has one closed value in EUR, so its currency stays EUR" in page
    assert 'value="North Star II"' in page  # the rest of the form is kept
    db.session.refresh(world.group)
    assert (world.group.currency, world.group.name) == ("EUR", "North Star")


def test_totals_never_add_another_currency(client, auth, world):
    """A value recorded in another currency (before this rule) is left out of totals."""
    won(give(world.group, world.alice, world.bob), "2400")
    won(give(world.group, world.alice, world.bob), "100", currency="XYZ")
    auth.login(world.alice)
    page = text(client.get(f"/g/{world.group.slug}/network/me"))
    assert "£2,400" in page and "£2,500" not in page
    auth.logout()
    auth.login(world.organizer)
    page = text(client.get(f"/g/{world.group.slug}/network"))
    assert "£2,400 of business closed" in page
    auth.logout()
    auth.login(world.bob)
    page = text(client.get(f"/g/{world.group.slug}/"))
    assert "£2,400" in page and "£2,500" not in page


# --- time ----------------------------------------------------------------------------

@pytest.fixture
def auckland(world):
    """A group whose zone is ahead of UTC: 30 Nov 11:30 UTC is 1 Dec 00:30 there."""
    world.group.timezone = "Pacific/Auckland"
    db.session.commit()
    return world


def test_this_month_starts_at_midnight_in_the_group_zone(client, auth, auckland, set_now):
    world = auckland
    set_now(datetime(2026, 11, 30, 10, 0, tzinfo=UTC))   # 30 Nov 23:00 in Auckland
    last_month = give(world.group, world.alice, world.bob)
    set_now(datetime(2026, 11, 30, 11, 15, tzinfo=UTC))  # 1 Dec 00:15 in Auckland
    this_month = give(world.group, world.alice, world.bob)
    won(this_month, "300")
    set_now(datetime(2026, 11, 30, 11, 30, tzinfo=UTC))
    auth.login(world.alice)
    page = text(client.get(f"/g/{world.group.slug}/"))
    assert '<strong>1</strong><span>referrals given</span>' in page
    listed = text(client.get("/referrals?box=given&period=month"))
    assert f"/referrals/{this_month.id}\"" in listed
    assert f"/referrals/{last_month.id}\"" not in listed
    auth.logout()
    auth.login(world.bob)
    page = text(client.get(f"/g/{world.group.slug}/"))
    assert "£300</strong><span>business you closed" in page


def test_the_thank_you_date_is_the_group_local_today(client, auth, auckland, set_now):
    world = auckland
    set_now(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    referral = give(world.group, world.alice, world.bob)
    set_now(datetime(2026, 11, 30, 11, 30, tzinfo=UTC))  # 1 Dec in Auckland, 30 Nov in UTC
    auth.login(world.bob)
    page = text(client.get(f"/referrals/{referral.id}"))
    assert 'value="2026-12-01"' in page
    response = client.post(f"/referrals/{referral.id}/thank", data={
        "method": "call", "when": "2026-12-01", "note": "", "version": referral.version})
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Referral, referral.id)
    assert saved.thanked_at <= datetime(2026, 11, 30, 11, 30, tzinfo=UTC)
    response = client.post(f"/referrals/{give(world.group, world.alice, world.bob).id}/thank",
                           data={"method": "call", "when": "2026-12-02", "note": ""})
    assert "can't be in the future" in text(response)


# --- the give form: once per form, and a rate limit ----------------------------------

def give_form(world, token="t" * 32, **changes):
    data = {"receiver": str(world.bob.id), "group": str(world.group.id),
            "prospect_name": "Dev Patel", "need": "Books for a café", "temperature": "3",
            "prospect_phone": "+44 20 7946 0018", "token": token}
    return {**data, **changes}


def test_the_same_give_form_posted_twice_records_once(client, auth, world):
    auth.login(world.alice)
    page = text(client.get("/referrals/new"))
    assert 'name="token"' in page
    first = client.post("/referrals/new", data=give_form(world))
    second = client.post("/referrals/new", data=give_form(world))
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Referral)) == 1
    client.post("/referrals/new", data=give_form(world, token="u" * 32))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Referral)) == 2


def test_another_members_token_is_not_theirs(client, auth, world):
    auth.login(world.alice)
    client.post("/referrals/new", data=give_form(world))
    auth.logout()
    auth.login(world.organizer)
    response = client.post("/referrals/new", data=give_form(world))
    assert response.status_code == 200  # refused by the unique token, form kept
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Referral)) == 1


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True,
                                         "GIVE_RATE_LIMIT": "2 per minute"}])
@pytest.mark.usefixtures("fresh_g")
def test_giving_is_rate_limited_with_a_message_that_keeps_the_form(client, auth, world):
    auth.login(world.alice)
    for n in range(2):
        assert client.post("/referrals/new",
                           data=give_form(world, token=f"{n}" * 32)).status_code == 302
    response = client.post("/referrals/new", data=give_form(
        world, token="9" * 32, prospect_name="Third Person"))
    assert response.status_code == 429
    page = text(response)
    assert "You have given many referrals in a short time" in page
    assert 'value="Third Person"' in page and "Books for a café" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Referral)) == 2
    auth.logout()
    auth.login(world.bob)  # counted per member
    assert client.post("/referrals/new", data=give_form(
        world, token="8" * 32, receiver=str(world.alice.id))).status_code == 302


# --- stale and hostile versions ------------------------------------------------------

@pytest.mark.parametrize("version", ["0", "abc", "99999999999999999999", "-1", "1.5"])
def test_a_hostile_version_reads_as_changed_meanwhile(client, auth, world, referral, version):
    auth.login(world.bob)
    response = client.post(f"/referrals/{referral.id}/move",
                           data={"to": "contacted", "version": version})
    assert response.status_code == 409
    assert "This referral changed meanwhile" in text(response)


def test_an_edit_from_a_stale_form_keeps_what_was_typed(client, auth, world, referral):
    auth.login(world.alice)
    data = {"prospect_name": "Priya Prospect-Shah", "need": "A roof", "temperature": "3",
            "prospect_email": "priya@cafe.example", "version": referral.version}
    assert client.post(f"/referrals/{referral.id}/edit", data=data).status_code == 302
    response = client.post(f"/referrals/{referral.id}/edit",
                           data={**data, "prospect_name": "Priya Typed Late"})
    assert response.status_code == 409
    page = text(response)
    assert "This referral changed meanwhile" in page and 'value="Priya Typed Late"' in page


def test_an_edit_after_the_receiver_acted_shows_the_page_and_the_text(
        client, auth, world, referral):
    seen = referral.version
    auth.login(world.bob)
    client.post(f"/referrals/{referral.id}/move", data={"to": "contacted", "version": seen})
    auth.logout()
    auth.login(world.alice)
    response = client.post(f"/referrals/{referral.id}/edit", data={
        "prospect_name": "Priya Late", "need": "A roof", "temperature": "3",
        "prospect_email": "priya@cafe.example", "version": seen})
    assert response.status_code == 409
    page = text(response)
    assert "it is now “Contacted”" in page
    assert "Prospect's name: Priya Late" in page


def test_a_thank_you_on_the_local_day_the_referral_was_given_is_accepted(
        client, auth, auckland, set_now):
    """Given at 1 Dec 00:15 in Auckland (30 Nov in UTC), thanked "1 Dec": the same day."""
    world = auckland
    set_now(datetime(2026, 11, 30, 11, 15, tzinfo=UTC))
    referral = give(world.group, world.alice, world.bob)
    set_now(datetime(2026, 12, 1, 1, 0, tzinfo=UTC))  # 1 Dec 14:00 in Auckland
    auth.login(world.bob)
    response = client.post(f"/referrals/{referral.id}/thank", data={
        "method": "card", "when": "2026-12-01", "note": ""})
    assert response.status_code == 302
    response = client.post(f"/referrals/{give(world.group, world.alice, world.bob).id}/thank",
                           data={"method": "card", "when": "2026-11-30", "note": ""})
    assert "can't be dated before the referral was given" in text(response)
