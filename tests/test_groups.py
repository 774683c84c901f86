"""Starting a group, its settings page, and belonging to several groups."""

from __future__ import annotations

from datetime import time

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.groups.service import slugify, unique_slug
from partner_net.models import Group, Membership, Role
from tests import factories

VALID = {
    "name": "Harbour Leads",
    "meeting_weekday": "3",
    "meeting_time": "07:30",
    "meeting_place": "Quay Café, Bristol",
    "timezone": "Europe/London",
    "currency": "GBP",
    "exclusive_categories": "y",
}


def form(**changes: str | None) -> dict[str, str]:
    data = {**VALID, **changes}
    return {k: v for k, v in data.items() if v is not None}


# --- Starting a group -------------------------------------------------------------

def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get("/groups/new")
    assert response.status_code == 302
    assert "/auth/signin" in response.headers["Location"]
    assert client.post("/groups/new", data=form()).status_code == 302
    assert db.session.scalar(sa.select(Group).filter_by(name="Harbour Leads")) is None


def test_form_offers_weekdays_time_zones_and_currencies(client, auth, world):
    auth.login(world.outsider)
    page = client.get("/groups/new").get_data(as_text=True)
    assert '<option selected value="2">Wednesday</option>' in page
    assert '<option value="6">Sunday</option>' in page
    assert '<option value="Europe/Paris">' in page
    assert '<option value="CHF">' in page
    assert 'value="USD"' in page and 'value="UTC"' in page


def test_signed_in_member_starts_a_group_and_organizes_it(client, auth, world):
    auth.login(world.outsider)
    response = client.post("/groups/new", data=form())
    group = db.session.scalar(sa.select(Group).filter_by(name="Harbour Leads"))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/g/{group.slug}/"
    assert group.slug == "harbour-leads"
    assert (group.meeting_weekday, group.meeting_time) == (3, time(7, 30))
    assert (group.meeting_place, group.timezone, group.currency) == (
        "Quay Café, Bristol", "Europe/London", "GBP")
    assert group.exclusive_categories is True
    membership = world.outsider.membership_in(group)
    assert membership.role == Role.ORGANIZER and membership.active
    dashboard = client.get(response.headers["Location"])
    assert dashboard.status_code == 200
    assert "Harbour Leads is ready" in dashboard.get_data(as_text=True)
    assert client.get(f"/g/{group.slug}/manage/members").status_code == 200


def test_open_categories_and_lowercase_currency(client, auth, world):
    auth.login(world.alice)
    client.post("/groups/new", data=form(exclusive_categories=None, currency="eur"))
    group = db.session.scalar(sa.select(Group).filter_by(name="Harbour Leads"))
    assert group.exclusive_categories is False
    assert group.currency == "EUR"


def test_slugs_stay_unique(client, auth, world):
    auth.login(world.alice)
    for _ in range(3):
        client.post("/groups/new", data=form(name="North  Star"))
    slugs = sorted(db.session.scalars(sa.select(Group.slug).where(Group.name == "North Star")))
    # the world's "North Star" has a factory slug; the three new ones share the base
    assert {"north-star", "north-star-2", "north-star-3"} <= set(slugs)


@pytest.mark.parametrize(("name", "slug"), [
    ("Harbour Leads", "harbour-leads"),
    ("  Café Crème — Lyon  ", "cafe-creme-lyon"),
    ("B2B & Co. #1", "b2b-co-1"),
    ("日本", "group"),
    ("x" * 100, "x" * 60),
])
def test_slugify(name, slug):
    assert slugify(name) == slug


def test_unique_slug_skips_taken_numbers(app):
    factories.make_group(name="Tide")  # slug "tide-<n>" from the factory
    db.session.add(Group(name="Tide", slug="tide", meeting_weekday=0, meeting_time=time(8)))
    db.session.add(Group(name="Tide", slug="tide-2", meeting_weekday=0, meeting_time=time(8)))
    db.session.flush()
    assert unique_slug("Tide") == "tide-3"
    assert unique_slug("Tidewater") == "tidewater"


@pytest.mark.parametrize(("changes", "message"), [
    ({"name": ""}, "Give the group a name."),
    ({"name": "x" * 121}, "Keep the name under 120 characters."),
    ({"meeting_weekday": "7"}, "Not a valid choice."),
    ({"meeting_time": ""}, "Enter the time as HH:MM, for example 07:00."),
    ({"meeting_time": "25:00"}, "Enter the time as HH:MM, for example 07:00."),
    ({"meeting_time": "seven"}, "Enter the time as HH:MM, for example 07:00."),
    ({"meeting_place": "x" * 201}, "Keep the place under 200 characters."),
    ({"timezone": ""}, "Choose the time zone the group meets in."),
    ({"timezone": "Mars/Olympus"}, "“Mars/Olympus” is not a time zone we know."),
    ({"currency": ""}, "Enter the currency the group counts closed business in."),
    ({"currency": "XYZ"}, "“XYZ” is not an ISO 4217 currency code."),
    ({"currency": "EURO"}, "is not an ISO 4217 currency code."),
])
def test_validation_messages_keep_what_was_typed(client, auth, world, changes, message):
    auth.login(world.alice)
    response = client.post("/groups/new", data=form(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert "everything you typed is kept" in page
    assert 'value="Quay Café, Bristol"' in page or "meeting_place" in changes
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Group)) == 2


def test_weekday_names_are_offered_and_time_kept(client, auth, world):
    auth.login(world.alice)
    page = client.post("/groups/new", data=form(name="")).get_data(as_text=True)
    assert '<option selected value="3">Thursday</option>' in page
    assert 'value="07:30"' in page


# --- Settings ----------------------------------------------------------------------

def settings_url(group: Group) -> str:
    return f"/g/{group.slug}/manage/settings"


def test_settings_access(client, auth, world):
    url = settings_url(world.group)
    response = client.get(url)
    assert response.status_code == 302 and "/auth/signin" in response.headers["Location"]
    auth.login(world.alice)
    assert client.get(url).status_code == 403
    assert client.post(url, data=form()).status_code == 403
    auth.logout()
    auth.login(world.other_organizer)
    assert client.get(url).status_code == 404
    assert client.post(url, data=form()).status_code == 404
    auth.logout()
    auth.login(world.organizer)
    page = client.get(url)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'value="North Star"' in text
    assert 'value="Europe/London"' in text and 'value="GBP"' in text
    assert "Members" in text and "Invitations" in text and 'aria-current="page">Settings' in text
    assert world.group.name == "North Star"


def test_settings_are_saved_and_the_slug_stays(client, auth, world):
    slug = world.group.slug
    auth.login(world.organizer)
    response = client.post(settings_url(world.group), data=form(
        name="Pole Star", meeting_weekday="0", meeting_time="18:15", meeting_place="",
        timezone="America/Toronto", currency="CAD", exclusive_categories=None))
    assert response.status_code == 302
    db.session.refresh(world.group)
    group = world.group
    assert group.slug == slug
    assert (group.name, group.meeting_weekday, group.meeting_time) == (
        "Pole Star", 0, time(18, 15))
    assert (group.meeting_place, group.timezone, group.currency) == (
        "", "America/Toronto", "CAD")
    assert group.exclusive_categories is False
    assert "Settings saved." in client.get(response.headers["Location"]).get_data(as_text=True)


def test_settings_errors_keep_the_old_values_in_the_database(client, auth, world):
    auth.login(world.organizer)
    response = client.post(settings_url(world.group), data=form(timezone="Nowhere"))
    assert "“Nowhere” is not a time zone we know." in response.get_data(as_text=True)
    db.session.refresh(world.group)
    assert world.group.timezone == "Europe/London"


# --- Several groups ------------------------------------------------------------------

def test_member_of_two_groups_sees_and_opens_both(client, auth, world):
    factories.join(world.other_group, world.alice)
    db.session.commit()
    auth.login(world.alice)
    page = client.get(f"/g/{world.group.slug}/").get_data(as_text=True)
    assert 'class="switcher"' in page
    assert f'href="/g/{world.group.slug}/" aria-current="true">North Star' in page
    assert f'href="/g/{world.other_group.slug}/">South Cross' in page
    other = client.get(f"/g/{world.other_group.slug}/")
    assert other.status_code == 200
    assert "South Cross meets" in other.get_data(as_text=True)
    # home goes to the group opened last
    assert client.get("/").headers["Location"] == f"/g/{world.other_group.slug}/"


def test_deactivated_membership_hides_that_group(client, auth, world):
    factories.join(world.other_group, world.alice, active=False)
    db.session.commit()
    auth.login(world.alice)
    page = client.get(f"/g/{world.group.slug}/").get_data(as_text=True)
    assert "South Cross" not in page
    assert 'switcher--single' in page
    assert client.get(f"/g/{world.other_group.slug}/").status_code == 404


def test_organizer_of_one_group_is_a_plain_member_of_another(client, auth, world):
    factories.join(world.other_group, world.organizer)
    db.session.commit()
    auth.login(world.organizer)
    assert client.get(settings_url(world.group)).status_code == 200
    assert client.get(settings_url(world.other_group)).status_code == 403
    page = client.get(f"/g/{world.other_group.slug}/").get_data(as_text=True)
    assert "/manage/members" not in page


def test_creating_a_second_group_keeps_the_first(client, auth, world):
    auth.login(world.organizer)
    client.post("/groups/new", data=form())
    memberships = db.session.scalars(
        sa.select(Membership).filter_by(member_id=world.organizer.id)).all()
    assert len(memberships) == 2
    assert all(m.role == Role.ORGANIZER for m in memberships)
