"""Giving a referral: the form, its validation, across groups, notifications."""

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import Notification, Referral
from tests import factories

VALID = {
    "receiver": None,
    "prospect_name": "Priya Prospect",
    "prospect_email": "priya@cafe.example",
    "prospect_phone": "",
    "need": "Roof leaks over the kitchen",
    "temperature": "4",
    "expects_call": "y",
}


def form(world, **overrides):
    data = dict(VALID, receiver=str(world.bob.id))
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_give_form_requires_sign_in(client, world):
    response = client.get("/referrals/new")
    assert response.status_code == 302
    assert "/auth/signin" in response.headers["Location"]


def test_give_form_lists_group_members_but_not_me(client, auth, world):
    auth.login(world.alice)
    page = client.get("/referrals/new").get_data(as_text=True)
    assert "Bob Baker — Baker Cover · Commercial insurance" in page
    assert "Olivia Organizer" in page
    assert f'<option value="{world.alice.id}">' not in page
    assert "Oscar Other" not in page  # in another group
    for level in ("a name only", "ready to buy"):
        assert level in page


def test_give_prefills_receiver_from_member_page_link(client, auth, world):
    auth.login(world.alice)
    page = client.get(f"/referrals/new?to={world.bob.id}").get_data(as_text=True)
    assert f'<option selected value="{world.bob.id}"' in page


def test_give_creates_referral_event_and_notification(client, auth, world):
    auth.login(world.alice)
    response = client.post("/referrals/new", data=form(world))
    referral = db.session.scalar(sa.select(Referral))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/referrals/{referral.id}")
    assert (referral.giver_id, referral.receiver_id, referral.group_id) == (
        world.alice.id, world.bob.id, world.group.id)
    assert referral.status == "given"
    assert referral.temperature == 4 and referral.expects_call
    assert [e.kind for e in referral.events] == ["created"]
    note = db.session.scalar(sa.select(Notification).filter_by(member_id=world.bob.id))
    assert "Alice Archer referred Priya Prospect" in note.text
    assert world.group.referrals_version == 1


def test_give_emails_the_receiver_to_the_log(client, auth, world, caplog):
    auth.login(world.alice)
    with caplog.at_level("INFO"):
        client.post("/referrals/new", data=form(world))
    assert "Alice Archer sent you a referral" in caplog.text
    assert world.bob.email in caplog.text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"prospect_name": ""}, "Whom are you referring? Enter their name."),
        ({"need": ""}, "Say in a few words what they need."),
        ({"prospect_email": "", "prospect_phone": ""},
         "Give an email or a phone number, so they can be reached."),
        ({"prospect_email": "not-an-email"}, "Enter an email address like name@example.com."),
        ({"prospect_phone": "call me"}, "Enter a phone number of 6 to 20 digits"),
        ({"temperature": "9"}, "Not a valid choice"),
        ({"receiver": "0"}, "Choose the member you are referring to."),
    ],
)
def test_give_validation_keeps_what_was_typed(client, auth, world, overrides, message):
    auth.login(world.alice)
    response = client.post("/referrals/new", data=form(world, **overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert db.session.scalar(sa.select(sa.func.count(Referral.id))) == 0
    if overrides.get("need") != "":
        assert "Roof leaks over the kitchen" in page


def test_referring_yourself_is_refused(client, auth, world):
    auth.login(world.alice)
    page = client.post("/referrals/new", data=form(world, receiver=str(world.alice.id)))
    assert "You can&#39;t refer a prospect to yourself" in page.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Referral.id))) == 0


def test_referring_a_deactivated_member_is_refused(client, auth, world):
    world.bob.membership_in(world.group).active = False
    db.session.commit()
    auth.login(world.alice)
    page = client.post("/referrals/new", data=form(world)).get_data(as_text=True)
    assert "Bob Baker is not an active member of any of your groups any more." in page


def test_referring_a_member_of_another_group_is_refused(client, auth, world):
    auth.login(world.alice)
    page = client.post("/referrals/new", data=form(world, receiver=str(world.other_organizer.id)))
    assert "not an active member of any of your groups" in page.get_data(as_text=True)


def test_across_groups_the_giver_picks_a_shared_group(client, auth, world):
    factories.join(world.other_group, world.alice)
    factories.join(world.other_group, world.bob)
    db.session.commit()
    auth.login(world.alice)
    page = client.get("/referrals/new").get_data(as_text=True)
    assert "Record it in" in page
    response = client.post("/referrals/new", data=form(world, group=str(world.other_group.id)))
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Referral)).group_id == world.other_group.id


def test_across_groups_a_group_the_receiver_is_not_in_is_refused(client, auth, world):
    factories.join(world.other_group, world.alice)
    factories.join(world.other_group, world.bob)
    carol = factories.make_member("Carol Cross")
    third = factories.make_group(carol, name="Third")
    factories.join(third, world.alice)
    db.session.commit()
    auth.login(world.alice)
    page = client.post("/referrals/new", data=form(world, group=str(third.id)))
    assert "Bob Baker is in North Star or South Cross: choose where to record it." in (
        page.get_data(as_text=True))


def test_a_member_can_refer_someone_of_the_other_group_they_share(client, auth, world):
    factories.join(world.other_group, world.alice)
    db.session.commit()
    auth.login(world.alice)
    data = form(world, receiver=str(world.other_organizer.id), group=str(world.group.id))
    response = client.post("/referrals/new", data=data)
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Referral)).group_id == world.other_group.id


def test_member_page_offers_refer_to_this_member(client, auth, world):
    auth.login(world.alice)
    page = client.get(f"/g/{world.group.slug}/members/{world.bob.id}").get_data(as_text=True)
    link = f"/referrals/new?to={world.bob.id}&amp;group={world.group.slug}"
    assert f'href="{link}"' in page and "Refer to Bob" in page
    own = client.get(f"/g/{world.group.slug}/members/{world.alice.id}").get_data(as_text=True)
    assert "Refer to Alice" not in own
