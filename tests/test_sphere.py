"""My sphere through the web: privacy on every route, quick add, touches, snooze, the
ladder, the checklist, editing, the funnel, and the dashboard card."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import Contact, LadderEvent, Touch
from partner_net.sphere import due_touches as all_due_touches
from tests import factories
from tests.sphere_factories import contact as make_contact

NOW = datetime(2030, 3, 20, 12, 0, tzinfo=UTC)  # 12:00 in London, a Wednesday
TODAY = NOW.date()


def due_touches(member, today):
    """The sphere's contacts due a touch (partners due a one-to-one are tested in
    tests/test_stay_in_touch.py)."""
    return [t for t in all_due_touches(member, today) if t.kind == "contact"]


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    set_now(NOW)


def url(world, suffix: str = "") -> str:
    return f"/g/{world.group.slug}/sphere{suffix}"


def html_of(response, status: int = 200) -> str:
    assert response.status_code == status, response.status_code
    return response.get_data(as_text=True)


def contacts_of(member) -> list[Contact]:
    return list(db.session.scalars(
        sa.select(Contact).filter_by(owner_id=member.id).order_by(Contact.id)))


def token(html: str) -> str:
    return re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)


# --- privacy: every route, every role ---------------------------------------------------


def contact_routes(world, c) -> list[tuple[str, str]]:
    base = url(world, f"/contacts/{c.id}")
    return [("get", base), ("post", base + "/touch"), ("post", base + "/snooze"),
            ("post", base + "/ladder"), ("post", base + "/checklist"), ("get", base + "/edit"),
            ("post", base + "/edit"), ("post", base + "/delete"), ("post", base + "/referrals"),
            ("post", base + "/list")]


@pytest.mark.parametrize("who", ["bob", "organizer", "other_organizer", "outsider"])
def test_a_contact_is_404_for_everyone_but_its_owner(client, auth, world, who):
    c = make_contact(world.alice, notes="secret note", strength=9)
    auth.login(getattr(world, who))
    for method, path in contact_routes(world, c):
        response = getattr(client, method)(path, data={"direction": "up", "seen": "suspect",
                                                       "channel": "call", "token": "x" * 32,
                                                       "days": 7, "name": "Hacked"})
        assert response.status_code == 404, (who, method, path, response.status_code)
    db.session.expire_all()
    [kept] = contacts_of(world.alice)
    assert (kept.name, kept.rung, kept.last_touch_on) == ("Carla Client", "suspect", None)
    assert db.session.scalar(sa.select(sa.func.count(Touch.id))) == 0


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    c = make_contact(world.alice)
    for method, path in [("get", url(world)), *contact_routes(world, c),
                         ("get", url(world, "/funnel")), ("get", url(world, "/import")),
                         ("get", url(world, "/referral-list"))]:
        response = getattr(client, method)(path)
        assert response.status_code == 302 and "/auth/signin" in response.location, path


@pytest.mark.parametrize("who", ["other_organizer", "outsider"])
def test_the_sphere_pages_of_a_group_are_404_outside_it(client, auth, world, who):
    auth.login(getattr(world, who))
    for path in ("", "/funnel", "/import", "/referral-list"):
        assert client.get(url(world, path)).status_code == 404


def test_each_member_sees_only_their_own_sphere(client, auth, world):
    make_contact(world.alice, "Alice's Client", notes="never tell")
    make_contact(world.bob, "Bob's Client")
    auth.login(world.organizer)
    html = html_of(client.get(url(world)))
    assert "Your sphere is empty" in html
    assert "Alice's Client" not in html and "Bob's Client" not in html
    assert due_touches(world.organizer, TODAY + timedelta(days=400)) == []


# --- quick add --------------------------------------------------------------------------


def test_quick_add_with_a_name_and_a_phone(client, auth, world):
    auth.login(world.alice)
    html = html_of(client.get(url(world)))
    response = client.post(url(world), data={"token": token(html), "name": "  Dev Patel ",
                                             "phone": "07700 900123"})
    [c] = contacts_of(world.alice)
    assert response.status_code == 302 and response.location.endswith(
        url(world, f"/contacts/{c.id}"))
    assert (c.name, c.phone, c.phone_key, c.rung, c.added_on) == (
        "Dev Patel", "07700 900123", "700900123", "suspect", TODAY)
    assert c.due_on == TODAY + timedelta(days=365)
    [event] = db.session.scalars(sa.select(LadderEvent)).all()
    assert (event.from_rung, event.to_rung) == (None, "suspect")
    page = html_of(client.get(response.location))
    assert "Dev Patel added to your sphere." in page


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"name": ""}, "name", "Enter their name."),
    ({"name": "Dev"}, "email", "Enter an email address or a phone number"),
    ({"name": "Dev", "email": "nope"}, "email", "Enter an email address like"),
    ({"name": "Dev\x00", "phone": "0123456789"}, "name", "one line of ordinary text"),
    ({"name": "D" * 161, "phone": "0123456789"}, "name", "under 160"),
    ({"name": "Dev", "phone": "call me"}, "phone", "Use digits"),
    ({"name": "Dev", "phone": "0123456789", "rung": "boss"}, "rung", "Not a valid choice"),
])
def test_quick_add_refuses_bad_input_and_keeps_what_was_typed(client, auth, world, data,
                                                              field, message):
    auth.login(world.alice)
    data = {"token": "t" * 32, **data}
    html = html_of(client.post(url(world), data=data), 400)
    assert message in html
    assert f'id="{field}-error"' in html
    if data["name"] and "\x00" not in data["name"]:
        assert f'value="{data["name"]}"' in html
    assert contacts_of(world.alice) == []


def test_a_double_submitted_quick_add_records_once(client, auth, world):
    auth.login(world.alice)
    data = {"token": "d" * 32, "name": "Dev Patel", "email": "dev@example.com"}
    first = client.post(url(world), data=data)
    second = client.post(url(world), data=data)
    assert first.status_code == second.status_code == 302
    assert first.location == second.location
    assert len(contacts_of(world.alice)) == 1


def test_quick_add_warns_of_a_duplicate_and_can_add_anyway(client, auth, world):
    make_contact(world.alice, "Dev Patel", phone="+44 7700 900123")
    auth.login(world.alice)
    data = {"token": "e" * 32, "name": "Devinder Patel", "phone": "07700 900123"}
    html = html_of(client.post(url(world), data=data), 409)
    assert "is already in your sphere with the same email or phone number" in html
    assert 'value="Devinder Patel"' in html
    assert len(contacts_of(world.alice)) == 1
    assert client.post(url(world), data={**data, "add_anyway": "1"}).status_code == 302
    assert len(contacts_of(world.alice)) == 2


# --- touches, snooze, the due list ------------------------------------------------------


def test_one_tap_logs_a_touch_and_restarts_the_cadence(client, auth, world):
    c = make_contact(world.alice, rung="customer", today=TODAY - timedelta(days=100))
    assert due_touches(world.alice, TODAY)[0].status == "overdue"
    auth.login(world.alice)
    page = html_of(client.get(url(world, f"/contacts/{c.id}")))
    assert "overdue since" in page
    response = client.post(url(world, f"/contacts/{c.id}/touch"),
                           data={"token": token(page), "channel": "card",
                                 "note": "Handwritten thank-you for the Smith job"})
    assert response.status_code == 302
    db.session.expire_all()
    [touch] = db.session.scalars(sa.select(Touch)).all()
    assert (touch.channel, touch.touched_on, touch.note) == (
        "card", TODAY, "Handwritten thank-you for the Smith job")
    contact = db.session.get(Contact, c.id)
    assert (contact.last_touch_on, contact.due_on) == (TODAY, TODAY + timedelta(days=91))
    assert due_touches(world.alice, TODAY) == []
    page = html_of(client.get(response.location))
    assert "Card with Carla Client logged." in page
    assert "Handwritten thank-you for the Smith job" in page


def test_the_same_touch_posted_twice_is_logged_once(client, auth, world):
    c = make_contact(world.alice)
    auth.login(world.alice)
    data = {"token": "f" * 32, "channel": "call"}
    for _ in range(2):
        assert client.post(url(world, f"/contacts/{c.id}/touch"), data=data).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Touch.id))) == 1


@pytest.mark.parametrize(("data", "message"), [
    ({"channel": "telepathy"}, "Choose how you were in touch."),
    ({"channel": "call", "touched_on": "2030-03-21"}, "That date is in the future"),
    ({"channel": "call", "touched_on": "1999-12-31"}, "from 2000 onwards"),
    ({"channel": "call", "note": "x" * 1001}, "under 1,000"),
    ({"channel": "call", "note": "bell\x07"}, "control characters"),
])
def test_a_bad_touch_is_refused_clearly(client, auth, world, data, message):
    c = make_contact(world.alice)
    auth.login(world.alice)
    html = html_of(client.post(url(world, f"/contacts/{c.id}/touch"),
                               data={"token": "g" * 32, **data}), 400)
    assert message in html
    assert db.session.scalar(sa.select(sa.func.count(Touch.id))) == 0


def test_an_older_touch_does_not_move_the_due_date_back(client, auth, world):
    c = make_contact(world.alice, rung="advocate")
    auth.login(world.alice)
    client.post(url(world, f"/contacts/{c.id}/touch"), data={"token": "h" * 32,
                                                             "channel": "call"})
    client.post(url(world, f"/contacts/{c.id}/touch"), data={
        "token": "i" * 32, "channel": "email", "touched_on": "2030-02-01"})
    db.session.expire_all()
    contact = db.session.get(Contact, c.id)
    assert (contact.last_touch_on, contact.due_on) == (TODAY, TODAY + timedelta(days=30))
    assert db.session.scalar(sa.select(sa.func.count(Touch.id))) == 2


def test_snooze_hides_a_due_contact_until_it_ends(client, auth, world):
    c = make_contact(world.alice, rung="advocate", today=TODAY - timedelta(days=40))
    seen = c.version
    auth.login(world.alice)
    response = client.post(url(world, f"/contacts/{c.id}/snooze"),
                           data={"days": 7, "version": seen})
    assert response.status_code == 302
    assert due_touches(world.alice, TODAY) == []
    assert due_touches(world.alice, TODAY + timedelta(days=7))[0].status == "due"
    stale = client.post(url(world, f"/contacts/{c.id}/snooze"),
                        data={"days": 14, "version": seen})
    assert "changed meanwhile" in html_of(client.get(stale.location))
    assert client.post(url(world, f"/contacts/{c.id}/snooze"),
                       data={"days": 5, "version": 2}).status_code == 400


def test_the_due_list_is_amber_then_red_most_overdue_first(client, auth, world):
    make_contact(world.alice, "Late Larry", rung="advocate", today=TODAY - timedelta(days=45))
    make_contact(world.alice, "Soon Sue", rung="advocate", today=TODAY - timedelta(days=25))
    make_contact(world.alice, "Fine Fred", rung="advocate", today=TODAY - timedelta(days=5))
    rows = due_touches(world.alice, TODAY)
    assert [(r.name, r.status) for r in rows] == [("Late Larry", "overdue"), ("Soon Sue", "due")]
    auth.login(world.alice)
    for page in (url(world), f"/g/{world.group.slug}/"):
        html = html_of(client.get(page))
        assert "Due a touch" in html
        assert html.index("Late Larry") < html.index("Soon Sue")
        assert "Fine Fred" not in html.split("Due a touch")[1].split("</section>")[0]
        assert "1 overdue" in html and "1 due soon" in html


def test_today_is_the_group_s_date(client, auth, world, set_now):
    """At 23:30 UTC on 19 March it is already 20 March in Auckland."""
    world.group.timezone = "Pacific/Auckland"
    db.session.commit()
    set_now(datetime(2030, 3, 19, 23, 30, tzinfo=UTC))
    auth.login(world.alice)
    client.post(url(world), data={"token": "j" * 32, "name": "Kiri", "phone": "021 555 0101"})
    assert contacts_of(world.alice)[0].added_on == date(2030, 3, 20)


# --- the ladder -------------------------------------------------------------------------


def test_moving_up_a_rung_is_an_event_and_a_stale_move_is_refused(client, auth, world):
    c = make_contact(world.alice)
    auth.login(world.alice)
    ladder = url(world, f"/contacts/{c.id}/ladder")
    assert client.post(ladder, data={"seen": "suspect", "direction": "up"}).status_code == 302
    again = client.post(ladder, data={"seen": "suspect", "direction": "up"})
    html = html_of(client.get(again.location))
    assert "was moved meanwhile and is now on “Prospect”" in html
    db.session.expire_all()
    assert db.session.get(Contact, c.id).rung == "prospect"
    moves = db.session.execute(sa.select(LadderEvent.from_rung, LadderEvent.to_rung)
                               .order_by(LadderEvent.id)).all()
    assert moves == [(None, "suspect"), ("suspect", "prospect")]
    bottom = client.post(ladder, data={"seen": "prospect", "direction": "down"})
    assert bottom.status_code == 302
    html = html_of(client.get(client.post(ladder, data={"seen": "suspect",
                                                        "direction": "down"}).location))
    assert "already on the bottom rung" in html
    assert client.post(ladder, data={"seen": "chief", "direction": "up"}).status_code == 400


def test_moving_up_changes_the_cadence(client, auth, world):
    c = make_contact(world.alice, rung="member")
    auth.login(world.alice)
    client.post(url(world, f"/contacts/{c.id}/ladder"), data={"seen": "member",
                                                              "direction": "up"})
    db.session.expire_all()
    assert db.session.get(Contact, c.id).due_on == TODAY + timedelta(days=30)


def test_the_funnel_shows_rungs_and_this_quarter_s_moves(client, auth, world):
    old = make_contact(world.alice, "Old Olga", today=date(2029, 11, 1))
    db.session.execute(sa.update(LadderEvent).values(
        moved_at=datetime(2029, 11, 1, 10, tzinfo=UTC)))
    db.session.commit()
    new = make_contact(world.alice, "New Nia")
    auth.login(world.alice)
    client.post(url(world, f"/contacts/{new.id}/ladder"), data={"seen": "suspect",
                                                                "direction": "up"})
    html = html_of(client.get(url(world, "/funnel")))
    assert "Where your 2 contacts stand" in html
    assert "1 Jan 2030 to 31 Mar 2030" in html
    rows = dict(re.findall(r'rung=(\w+)">[^<]+</a></th>\s*<td class="num">(\d+)</td>', html))
    assert rows["suspect"] == "1" and rows["prospect"] == "1" and rows["raving_fan"] == "0"
    assert "1 moved up" in html
    assert old.rung == "suspect"


# --- "earned the right?" and editing ----------------------------------------------------


def test_the_checklist_is_saved_privately(client, auth, world):
    c = make_contact(world.alice)
    seen = c.version
    auth.login(world.alice)
    response = client.post(url(world, f"/contacts/{c.id}/checklist"), data={
        "version": seen, "strength": 7, "earned": ["trust", "knows_me"]})
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Contact, c.id)
    assert (saved.strength, saved.earned_keys) == (7, {"trust", "knows_me"})
    html = html_of(client.get(url(world, f"/contacts/{c.id}")))
    assert "<strong>7</strong> / 10" in html
    assert html.count("checked") == 2
    stale = client.post(url(world, f"/contacts/{c.id}/checklist"), data={
        "version": seen, "strength": 3, "earned": ["helped"]})
    html = html_of(stale, 409)
    assert "changed meanwhile" in html and 'value="3"' in html
    bad = client.post(url(world, f"/contacts/{c.id}/checklist"), data={
        "version": saved.version, "strength": 11, "earned": ["bribe"]})
    assert "from 1 to 10" in html_of(bad, 400)


def test_editing_details_is_compare_and_set(client, auth, world):
    c = make_contact(world.alice)
    auth.login(world.alice)
    form = html_of(client.get(url(world, f"/contacts/{c.id}/edit")))
    version = re.search(r'name="version" type="hidden" value="(\d+)"', form).group(1)
    data = {"version": version, "name": "Carla Client-Jones", "company": "Jones Ltd",
            "email": "carla@jones.example", "cadence_days": "14", "notes": "Two kids"}
    assert client.post(url(world, f"/contacts/{c.id}/edit"), data=data).status_code == 302
    db.session.expire_all()
    saved = db.session.get(Contact, c.id)
    assert (saved.name, saved.email_key, saved.cadence_days, saved.due_on) == (
        "Carla Client-Jones", "carla@jones.example", 14, TODAY + timedelta(days=14))
    html = html_of(client.post(url(world, f"/contacts/{c.id}/edit"),
                               data={**data, "name": "Someone Else"}), 409)
    assert "was changed meanwhile" in html and 'value="Someone Else"' in html
    assert "Saved meanwhile" in html
    bad = client.post(url(world, f"/contacts/{c.id}/edit"),
                      data={**data, "version": saved.version, "cadence_days": "9999"})
    assert "from 1 to 730 days" in html_of(bad, 400)


def test_removing_a_contact_takes_its_touches(client, auth, world):
    c = make_contact(world.alice)
    auth.login(world.alice)
    client.post(url(world, f"/contacts/{c.id}/touch"), data={"token": "k" * 32,
                                                             "channel": "call"})
    assert client.post(url(world, f"/contacts/{c.id}/delete")).status_code == 302
    assert contacts_of(world.alice) == []
    assert db.session.scalar(sa.select(sa.func.count(Touch.id))) == 0


# --- the list paginates -----------------------------------------------------------------


def test_the_contact_list_paginates_and_searches(client, auth, world):
    for n in range(30):
        make_contact(world.alice, f"Person {n:02d}", tags="golf" if n % 10 == 0 else "")
    auth.login(world.alice)
    first = html_of(client.get(url(world)))
    assert "Person 24" in first and "Person 25" not in first
    assert "Page 1 of 2" in first
    second = html_of(client.get(url(world, "?page=2")))
    assert "Person 25" in second and "Person 29" in second
    golf = html_of(client.get(url(world, "?q=GOLF")))
    assert golf.count('class="contact-row__name"') == 3
    assert html_of(client.get(url(world, "?page=99999999999"))).count("contact-row__name") == 0


def test_the_contact_list_counts_every_match_on_every_page(client, auth, world):
    """The list reads plain rows with a window count: the total and the pager are the
    same on the last page, past the end and for a search (the count of what matches)."""
    for n in range(30):
        make_contact(world.alice, f"Person {n:02d}", company=f"Firm {n:02d}",
                     tags="golf" if n % 10 == 0 else "")
    make_contact(world.bob, "Not Alice's")
    auth.login(world.alice)
    second = html_of(client.get(url(world, "?page=2")))
    assert "30 in all" in second and "Page 2 of 2" in second
    assert "Firm 27 · next touch" in second and "Not Alice" not in second
    past = html_of(client.get(url(world, "?page=7")))
    assert "30 in all" in past and past.count("contact-row__name") == 0
    golf = html_of(client.get(url(world, "?q=golf&page=1")))
    assert "3 in all" in golf and "Page 1 of" not in golf


def test_nav_links_to_my_sphere(client, auth, world):
    auth.login(world.alice)
    html = html_of(client.get(f"/g/{world.group.slug}/"))
    assert f'href="/g/{world.group.slug}/sphere"' in html


def test_factories_are_consistent(world):
    assert factories.PASSWORD


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True,
                                         "SPHERE_ADD_RATE_LIMIT": "2 per minute"}])
def test_quick_add_is_rate_limited_per_member_and_keeps_the_form(client, auth, world,
                                                                 app_config):
    auth.login(world.alice)
    for n in range(2):
        assert client.post(url(world), data={"token": f"{n}" * 32, "name": f"P{n}",
                                             "phone": f"012345678{n}"}).status_code == 302
    response = client.post(url(world), data={"token": "z" * 32, "name": "Third Person",
                                             "phone": "0199999999"})
    html = html_of(response, 429)
    assert "Wait a minute and try again" in html and 'value="Third Person"' in html
    assert [c.name for c in contacts_of(world.alice)] == ["P0", "P1"]


@pytest.mark.parametrize("version", ["9" * 30, "-1", "abc", "\x00"])
def test_an_absurd_version_is_a_conflict_not_an_error(client, auth, world, version):
    c = make_contact(world.alice)
    auth.login(world.alice)
    response = client.post(url(world, f"/contacts/{c.id}/checklist"),
                           data={"version": version, "strength": 5})
    assert response.status_code == 409
    edit = client.post(url(world, f"/contacts/{c.id}/edit"),
                       data={"version": version, "name": "New Name"})
    assert edit.status_code == 409
    db.session.expire_all()
    assert db.session.get(Contact, c.id).name == "Carla Client"
