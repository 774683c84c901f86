"""Exports: CSV privacy row by row per role, formula cells neutralised, UTF-8 with BOM;
the directory vCard; the calendar feed (parsed back, revocable, replaced by a new link)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import icalendar
import pytest
import vobject

from partner_net.extensions import db
from partner_net.models import Attendance, Goal, Meeting
from tests.referral_factories import give

NOW = datetime(2030, 6, 12, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    set_now(NOW)


def rows_of(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.status_code
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def csv_url(world, kind):
    return f"/g/{world.group.slug}/export/{kind}.csv"


@pytest.fixture
def referrals(world):
    a = give(world.group, world.alice, world.bob, name="Prospect AB", need="needs AB")
    b = give(world.group, world.bob, world.organizer, name="Prospect BO", need="needs BO")
    c = give(world.group, world.organizer, world.alice, name="=HYPERLINK(\"x\")",
             need="needs OA")
    return a, b, c


def test_organizers_get_every_referral_but_the_prospect_only_where_they_are_a_party(
        client, auth, world, referrals):
    auth.login(world.organizer)
    rows = {r["id"]: r for r in rows_of(client.get(csv_url(world, "referrals")))}
    a, b, c = referrals
    assert set(rows) == {str(a.id), str(b.id), str(c.id)}
    assert rows[str(a.id)]["prospect_name"] == "" and rows[str(a.id)]["need"] == ""
    assert rows[str(a.id)]["giver"] == "Alice Archer"
    assert rows[str(b.id)]["prospect_name"] == "Prospect BO"
    assert rows[str(c.id)]["prospect_name"] == "'=HYPERLINK(\"x\")"  # not a formula


def test_members_get_only_their_own_referrals_with_the_prospect(client, auth, world, referrals):
    auth.login(world.alice)
    rows = {r["id"]: r for r in rows_of(client.get(csv_url(world, "referrals")))}
    a, b, c = referrals
    assert set(rows) == {str(a.id), str(c.id)}
    assert rows[str(a.id)]["need"] == "needs AB"
    body = client.get(csv_url(world, "referrals")).get_data(as_text=True)
    assert "Prospect BO" not in body and "needs BO" not in body


def test_attendance_and_goals_per_role(client, auth, world):
    day = NOW.date() - timedelta(days=7)
    meeting = Meeting(group_id=world.group.id, scheduled_on=day, registration_token="x1",
                      starts_at=datetime.combine(day, time(7), tzinfo=UTC))
    db.session.add(meeting)
    db.session.flush()
    db.session.add(Attendance(meeting_id=meeting.id, member_id=world.alice.id, status="absent"))
    db.session.add(Attendance(meeting_id=meeting.id, member_id=world.bob.id, status="present"))
    month = NOW.date().replace(day=1)
    db.session.add(Goal(member_id=world.alice.id, group_id=world.group.id, month=month,
                        referrals_given=7, closed_value=Decimal("0")))
    db.session.add(Goal(member_id=world.organizer.id, group_id=world.group.id, month=month,
                        referrals_given=2, closed_value=Decimal("0")))
    db.session.commit()
    auth.login(world.alice)
    assert [r["member"] for r in rows_of(client.get(csv_url(world, "attendance")))] == [
        "Alice Archer"]
    goals = rows_of(client.get(csv_url(world, "goals")))
    assert [(g["whose"], g["referrals_given"]) for g in goals] == [("mine", "7")]
    auth.logout()
    auth.login(world.organizer)
    assert len(rows_of(client.get(csv_url(world, "attendance")))) == 2
    goals = rows_of(client.get(csv_url(world, "goals")))
    assert [(g["whose"], g["referrals_given"]) for g in goals] == [
        ("mine", "2"), ("group total", "9")]


def test_members_export_the_directory_organizers_also_roles(client, auth, world):
    auth.login(world.alice)
    rows = rows_of(client.get(csv_url(world, "members")))
    assert [r["name"] for r in rows] == ["Alice Archer", "Bob Baker", "Olivia Organizer"]
    assert "role" not in rows[0]
    auth.logout()
    auth.login(world.organizer)
    rows = rows_of(client.get(csv_url(world, "members")))
    assert {r["name"]: r["role"] for r in rows}["Olivia Organizer"] == "organizer"


@pytest.mark.parametrize("path", ["/export", "/export/referrals.csv", "/members.vcf"])
def test_exports_need_the_group(client, auth, world, path):
    assert "/auth/signin" in client.get(f"/g/{world.group.slug}{path}").location
    auth.login(world.other_organizer)
    assert client.get(f"/g/{world.group.slug}{path}").status_code == 404


def test_unknown_export_is_404(client, auth, world):
    auth.login(world.alice)
    assert client.get(csv_url(world, "passwords")).status_code == 404


def test_directory_vcard_holds_every_active_member(client, auth, world):
    auth.login(world.alice)
    response = client.get(f"/g/{world.group.slug}/members.vcf")
    assert response.status_code == 200
    cards = list(vobject.readComponents(response.get_data(as_text=True)))
    assert sorted(c.fn.value for c in cards) == ["Alice Archer", "Bob Baker", "Olivia Organizer"]


def feed_link(client, world) -> str:
    page = client.post(f"/g/{world.group.slug}/export/calendar").get_data(as_text=True)
    return page.split('id="feed-link" class="feed-link" type="text" readonly value="')[1].split(
        '"')[0]


def test_the_calendar_feed_parses_and_can_be_revoked(client, auth, world):
    auth.login(world.alice)
    link = feed_link(client, world)
    path = link.replace("http://partner.test", "")
    assert path.startswith("/calendar/") and path.endswith(".ics")
    auth.logout()
    response = client.get(path)
    assert response.status_code == 200
    assert response.content_type.startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.get_data())
    events = list(cal.walk("VEVENT"))
    assert len(events) >= 12
    assert all(str(e["summary"]).startswith("North Star meeting") for e in events)
    assert str(events[0]["location"]) == "The Riverside Hotel"
    assert events[0]["dtstart"].dt.tzinfo is not None
    # Only Alice's groups: nothing from South Cross.
    assert "South Cross" not in response.get_data(as_text=True)

    auth.login(world.alice)
    newer = feed_link(client, world).replace("http://partner.test", "")
    assert client.get(path).status_code == 404  # the old link stopped working
    assert client.get(newer).status_code == 200
    client.post(f"/g/{world.group.slug}/export/calendar/revoke")
    auth.logout()
    assert client.get(newer).status_code == 404
    assert client.get("/calendar/nonsense.ics").status_code == 404
    assert client.get("/calendar/" + "x" * 500 + ".ics").status_code == 404


def test_a_deactivated_member_feed_stops(client, auth, world):
    auth.login(world.bob)
    path = feed_link(client, world).replace("http://partner.test", "")
    world.bob.active = False
    db.session.commit()
    assert client.get(path).status_code == 404
