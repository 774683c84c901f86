"""One-to-ones: who may see the page, recording one, private notes, the suggestion signal,
and the demo history."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import Member, OneToOne, StrategicPartner
from partner_net.network import service as network
from tests import factories

NOW = datetime(2030, 3, 20, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    set_now(NOW)


def url(world, suffix: str = "") -> str:
    return f"/g/{world.group.slug}/one-to-ones{suffix}"


def met(member: Member, partner: Member, group, met_on: date = TODAY,
        notes: str = "", confirmed: bool = True) -> OneToOne:
    meeting = OneToOne(member=member, partner=partner, group=group, met_on=met_on, notes=notes,
                       confirmed_at=NOW if confirmed else None)
    db.session.add(meeting)
    db.session.commit()
    return meeting


def mine(member: Member) -> list[OneToOne]:
    return list(db.session.scalars(
        sa.select(OneToOne).filter_by(member_id=member.id).order_by(OneToOne.id)))


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


# --- who may see -----------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, world):
    for response in (client.get(url(world)), client.post(url(world), data={})):
        assert response.status_code == 302
        assert "/auth/signin" in response.location


def test_a_member_of_the_group_sees_the_page(client, auth, world):
    auth.login(world.alice)
    html = html_of(client.get(url(world)))
    assert "Record a one-to-one" in html
    assert "You have not recorded a one-to-one in North Star yet." in html


@pytest.mark.parametrize("who", ["other_organizer", "outsider"])
def test_members_of_other_groups_get_404(client, auth, world, who):
    """The organizer of another group, and a member of no group, see nothing here."""
    meeting = met(world.alice, world.bob, world.group, notes="private")
    auth.login(getattr(world, who))
    assert client.get(url(world)).status_code == 404
    assert client.post(url(world), data={"partner": world.alice.id,
                                          "met_on": "2030-03-01"}).status_code == 404
    assert client.post(url(world, f"/{meeting.id}/delete")).status_code == 404
    assert len(mine(getattr(world, who))) == 0


def test_the_organizer_of_the_group_sees_only_their_own(client, auth, world):
    met(world.alice, world.bob, world.group, notes="Bob serves fleet operators")
    auth.login(world.organizer)
    html = html_of(client.get(url(world)))
    assert "fleet operators" not in html
    assert "You have not recorded a one-to-one in North Star yet." in html


# --- recording -------------------------------------------------------------------------


def test_recording_a_one_to_one(client, auth, world):
    auth.login(world.alice)
    response = client.post(url(world), data={
        "partner": world.bob.id, "met_on": "2030-03-18",
        "notes": "  Bob insures restaurant fit-outs; listen for a second site.  ",
    })
    assert response.status_code == 302
    assert response.location.endswith(url(world))
    [meeting] = mine(world.alice)
    assert (meeting.partner_id, meeting.group_id, meeting.met_on) == (
        world.bob.id, world.group.id, date(2030, 3, 18))
    assert meeting.notes == "Bob insures restaurant fit-outs; listen for a second site."
    html = html_of(client.get(url(world)))
    assert "One-to-one with Bob Baker on 18 Mar 2030 recorded." in html
    assert "Mon, 18 Mar 2030" in html  # en_GB, as Babel writes it
    assert "listen for a second site" in html


def test_notes_are_optional_and_the_date_defaults_to_today(client, auth, world):
    auth.login(world.alice)
    html = html_of(client.get(url(world)))
    assert f'value="{TODAY.isoformat()}"' in html
    assert f'max="{TODAY.isoformat()}"' in html
    response = client.post(url(world), data={"partner": world.bob.id,
                                             "met_on": TODAY.isoformat()})
    assert response.status_code == 302
    assert [m.notes for m in mine(world.alice)] == [""]


LONG_NOTES = "x" * 2001


@pytest.mark.parametrize(("field", "value", "message"), [
    ("met_on", "2030-03-21",
     "That date is in the future; record the one-to-one once you have met."),
    ("met_on", "1999-12-31", "Enter a date from 2000 onwards."),
    ("met_on", "", "Enter the date you met, like 2026-11-23."),
    ("met_on", "next tuesday", "Enter the date you met, like 2026-11-23."),
    ("partner", "0", "Choose the member you met."),
    ("partner", "alice", "A one-to-one is with someone else; choose the member you met."),
    ("partner", "other_organizer", "Choose an active member of this group."),
    ("partner", "outsider", "Choose an active member of this group."),
    ("partner", "999999", "Choose an active member of this group."),
    ("notes", LONG_NOTES, "Keep the notes under 2,000 characters."),
])
def test_recording_is_validated_and_keeps_what_was_typed(client, auth, world, field, value,
                                                         message):
    data = {"partner": str(world.bob.id), "met_on": "2030-03-18",
            "notes": "What I learned over coffee"}
    member = getattr(world, value, None) if field == "partner" else None
    data[field] = str(member.id) if member is not None else value
    auth.login(world.alice)
    html = html_of(client.post(url(world), data=data))
    assert message.replace("'", "&#39;") in html
    assert "everything you typed is kept" in html
    assert mine(world.alice) == []
    if field != "notes":
        assert "What I learned over coffee</textarea>" in html
    if field != "met_on":
        assert 'value="2030-03-18"' in html
    if field != "partner":
        assert re.search(rf'<option selected value="{world.bob.id}">', html)


def test_inactive_members_are_not_offered(client, auth, world):
    membership = world.bob.membership_in(world.group)
    membership.active = False
    db.session.commit()
    auth.login(world.alice)
    html = html_of(client.get(url(world)))
    assert "Bob Baker" not in html
    html = html_of(client.post(url(world), data={"partner": world.bob.id,
                                                 "met_on": "2030-03-18"}))
    assert "Choose an active member of this group." in html


def test_today_is_the_groups_today(client, auth, world):
    """At 12:00 UTC it is already tomorrow on Kiritimati (UTC+14)."""
    world.group.timezone = "Pacific/Kiritimati"
    db.session.commit()
    auth.login(world.alice)
    response = client.post(url(world), data={"partner": world.bob.id,
                                             "met_on": "2030-03-21"})
    assert response.status_code == 302
    assert [m.met_on for m in mine(world.alice)] == [date(2030, 3, 21)]


def test_the_member_page_prefills_the_partner(client, auth, world):
    auth.login(world.alice)
    bob_page = html_of(client.get(f"/g/{world.group.slug}/members/{world.bob.id}"))
    link = f"/g/{world.group.slug}/one-to-ones?partner={world.bob.id}#record"
    assert f'href="{link}">Record a one-to-one</a>' in bob_page
    own_page = html_of(client.get(f"/g/{world.group.slug}/members/{world.alice.id}"))
    assert "Record a one-to-one" not in own_page
    html = html_of(client.get(link.removesuffix("#record")))
    assert f'<option selected value="{world.bob.id}">' in html


def test_a_partner_from_elsewhere_is_not_prefilled(client, auth, world):
    auth.login(world.alice)
    html = html_of(client.get(url(world, f"?partner={world.other_organizer.id}")))
    assert "Oscar Other" not in html
    assert "<option selected" not in html  # the browser shows "Choose a member…"


def test_removing_my_own_one_to_one_only(client, auth, world):
    mine_ = met(world.alice, world.bob, world.group)
    theirs = met(world.bob, world.alice, world.group)
    auth.login(world.alice)
    assert client.post(url(world, f"/{theirs.id}/delete")).status_code == 404
    response = client.post(url(world, f"/{mine_.id}/delete"))
    assert response.status_code == 302
    assert mine(world.alice) == [] and len(mine(world.bob)) == 1
    assert "One-to-one with Bob Baker on 20 Mar 2030 removed." in html_of(client.get(url(world)))


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_recording_needs_the_csrf_token(client, auth, world):
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/auth/signin").get_data(as_text=True)).group(1)
    client.post("/auth/signin", data={"email": world.alice.email,
                                      "password": factories.PASSWORD, "csrf_token": token})
    data = {"partner": world.bob.id, "met_on": "2030-03-18"}
    assert client.post(url(world), data=data).status_code == 400
    page = html_of(client.get(url(world)))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post(url(world), data={**data, "csrf_token": token}).status_code == 302
    assert len(mine(world.alice)) == 1


# --- privacy ---------------------------------------------------------------------------


def test_notes_are_seen_by_the_recorder_only(client, auth, world):
    met(world.alice, world.bob, world.group, notes="Bob is cagey about pricing")
    met(world.bob, world.alice, world.group, notes="Alice wants bigger jobs")
    auth.login(world.alice)
    html = html_of(client.get(url(world)))
    assert "Bob is cagey about pricing" in html
    assert "Alice wants bigger jobs" not in html
    assert "Your notes are yours alone" in html
    auth.logout()
    for who in (world.bob, world.organizer):
        auth.login(who)
        for page in (url(world), f"/g/{world.group.slug}/members/{world.alice.id}",
                     f"/g/{world.group.slug}/network/suggestions", f"/g/{world.group.slug}/"):
            assert "cagey" not in html_of(client.get(page))
        auth.logout()


def test_the_list_shows_this_groups_one_to_ones_newest_first(client, auth, world):
    carl = factories.make_member("Carl Carter")
    factories.join(world.group, carl)
    factories.join(world.other_group, world.alice)
    db.session.commit()
    met(world.alice, world.bob, world.group, TODAY - timedelta(days=30))
    met(world.alice, carl, world.group, TODAY - timedelta(days=2))
    met(world.alice, world.other_organizer, world.other_group, TODAY, notes="South Cross chat")
    auth.login(world.alice)
    html = html_of(client.get(url(world)))
    assert html.index("Carl Carter</a>") < html.index("Bob Baker</a>")
    assert "South Cross chat" not in html and "Oscar Other" not in html


# --- the relationship signal -----------------------------------------------------------


def suggestions_html(client, world) -> str:
    html = html_of(client.get(f"/g/{world.group.slug}/network/suggestions"))
    return html[html.index('class="suggestions"'):html.index("</ol>")]


def test_a_recent_one_to_one_moves_that_partner_up(client, auth, world):
    auth.login(world.alice)
    before = suggestions_html(client, world)
    assert before.index("Bob Baker") < before.index("Olivia Organizer")  # by name
    assert "one-to-one" not in before.replace("book a one-to-one", "")
    client.post(url(world), data={"partner": world.organizer.id,
                                  "met_on": (TODAY - timedelta(days=3)).isoformat()})
    unconfirmed = suggestions_html(client, world)
    assert unconfirmed.index("Bob Baker") < unconfirmed.index("Olivia Organizer")
    meeting = mine(world.alice)[0]
    meeting.confirmed_at = NOW
    db.session.commit()
    after = suggestions_html(client, world)
    assert after.index("Olivia Organizer") < after.index("Bob Baker")
    assert "You had a one-to-one with Olivia Organizer 3 days ago" in after


def test_several_one_to_ones_are_counted_in_the_sentence(client, auth, world):
    met(world.alice, world.bob, world.group, TODAY - timedelta(days=40))
    met(world.alice, world.bob, world.group, TODAY - timedelta(days=1))
    auth.login(world.alice)
    assert ("You have had 2 one-to-ones with Bob Baker, the last yesterday"
            in suggestions_html(client, world))


def test_an_unconfirmed_one_to_one_counts_for_nobody_a_confirmed_one_for_both(
        client, auth, world):
    meeting = met(world.alice, world.organizer, world.group, TODAY - timedelta(days=1),
                  confirmed=False)
    auth.login(world.organizer)
    html = suggestions_html(client, world)
    assert html.index("Alice Archer") < html.index("Bob Baker")  # by name, as before
    assert "You had a one-to-one" not in html and "you had a one-to-one" not in html
    meeting.confirmed_at = NOW
    db.session.commit()
    assert "You had a one-to-one with Alice Archer" in suggestions_html(client, world)


def test_only_the_last_year_feeds_the_signal(app, world):
    met(world.alice, world.bob, world.group, TODAY - timedelta(days=366))
    met(world.alice, world.bob, world.group, TODAY - timedelta(days=365))
    met(world.bob, world.alice, world.group, TODAY)
    met(world.bob, world.alice, world.group, TODAY, confirmed=False)
    counted = network.one_to_ones(world.alice, NOW)
    assert {k: sorted(v) for k, v in counted.items()} == {
        world.bob.id: [TODAY - timedelta(days=365), TODAY]}


def test_the_suggestions_page_links_here(client, auth, world):
    auth.login(world.alice)
    html = html_of(client.get(f"/g/{world.group.slug}/network/suggestions"))
    assert f'href="{url(world)}">Record your one-to-ones</a>' in html


# --- the demo --------------------------------------------------------------------------


def test_the_demo_has_a_year_of_one_to_ones_mostly_with_strategic_partners(demo_app):
    from partner_net.demo.loader import demo_group

    group = demo_group()
    today = datetime.now(UTC).date()
    members = [m.member_id for m in group.memberships if m.active]
    marked = {tuple(row) for row in db.session.execute(
        sa.select(StrategicPartner.member_id, StrategicPartner.partner_id)).all()}
    rows = db.session.scalars(sa.select(OneToOne).filter_by(group_id=group.id)).all()
    per_member = {m: [r for r in rows if r.member_id == m] for m in members}
    assert all(6 <= len(found) <= 12 for found in per_member.values())
    assert all(today - timedelta(days=366) <= r.met_on < today for r in rows)
    assert all(r.partner_id in members and r.partner_id != r.member_id for r in rows)
    assert all(r.met_on.weekday() < 5 for r in rows)
    strategic = sum((r.member_id, r.partner_id) in marked for r in rows)
    assert strategic / len(rows) > 0.5
    assert all(max(r.met_on for r in found) >= today - timedelta(days=31)
               for found in per_member.values())
