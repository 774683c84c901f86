"""The privacy matrix: who sees a referral, and how much of it (DESIGN.md, Privacy)."""

import pytest

from partner_net import clock
from partner_net.extensions import db
from partner_net.referrals import service
from tests import factories
from tests.referral_factories import give

SECRET_BITS = ("Priya Prospect", "priya@cafe.example", "Roof leaks over the kitchen", "7946")


@pytest.fixture
def case(world):
    """Alice gave Bob a referral; Bob passed it on to Carol. Dave is just in the group."""
    carol = factories.make_member("Carol Cooper")
    dave = factories.make_member("Dave Dunn")
    factories.join(world.group, carol)
    factories.join(world.group, dave)
    db.session.commit()
    original = give(world.group, world.alice, world.bob)
    child = service.move(original, world.bob,
                         service.Move(to=service.Status.PASSED_ON, pass_to=carol))
    db.session.commit()
    people = {
        "giver": world.alice, "receiver": world.bob, "passed_on_member": carol,
        "organizer": world.organizer, "other_member": dave,
        "other_group_organizer": world.other_organizer, "outsider": world.outsider,
    }
    return original, child, people


# who -> what they get on the original referral's page
ORIGINAL_PAGE = {
    "giver": "party",
    "receiver": "party",
    "passed_on_member": "party",
    "organizer": "organizer",
    "other_member": 404,
    "other_group_organizer": 404,
    "outsider": 404,
}
CHILD_PAGE = dict(ORIGINAL_PAGE, receiver="party")  # the one who passed it keeps sight


@pytest.mark.parametrize("who", sorted(ORIGINAL_PAGE))
@pytest.mark.parametrize("which", ["original", "child"])
def test_referral_page(client, auth, case, who, which):
    original, child, people = case
    referral = original if which == "original" else child
    expected = (ORIGINAL_PAGE if which == "original" else CHILD_PAGE)[who]
    auth.login(people[who])
    response = client.get(f"/referrals/{referral.id}")
    page = response.get_data(as_text=True)
    if expected == 404:
        assert response.status_code == 404
        assert "Priya" not in page
    elif expected == "organizer":
        assert response.status_code == 200
        assert "Alice Archer" in page and "Bob Baker" in page
        assert "private to the members who passed and received" in page
        for bit in SECRET_BITS:
            assert bit not in page
    else:
        assert response.status_code == 200
        for bit in SECRET_BITS:
            assert bit in page


def test_anonymous_is_sent_to_sign_in(client, case):
    original, _, _ = case
    for url in (f"/referrals/{original.id}", "/referrals", "/referrals/new", "/notifications"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/auth/signin" in response.headers["Location"]
    for action in ("move", "note", "thank", "withdraw", "edit"):
        response = client.post(f"/referrals/{original.id}/{action}", data={"to": "won"})
        assert response.status_code == 302
        assert "/auth/signin" in response.headers["Location"]


def test_an_unknown_id_is_404(client, auth, case):
    auth.login(case[2]["giver"])
    assert client.get("/referrals/999999").status_code == 404


ACTIONS = {
    "move": {"to": "contacted"},
    "note": {"note": "peek"},
    "thank": {"method": "card", "when": clock.now().date().isoformat()},
    "withdraw": {"reason": "x"},
    "edit": {"prospect_name": "X", "need": "y", "prospect_phone": "0123456789",
             "temperature": "3"},
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize(("who", "status"), [
    ("other_member", 404), ("other_group_organizer", 404), ("outsider", 404),
    ("organizer", 403),
])
def test_actions_refused_to_non_parties(client, auth, case, action, who, status):
    original, child, people = case
    auth.login(people[who])
    response = client.post(f"/referrals/{child.id}/{action}", data=ACTIONS[action])
    assert response.status_code == status
    db.session.refresh(child)
    assert child.status == "given" and child.thanked_at is None
    assert child.prospect_name == "Priya Prospect"


def test_lists_show_only_my_own_referrals(client, auth, case):
    original, child, people = case
    auth.login(people["other_member"])
    for box in ("received", "given"):
        page = client.get(f"/referrals?box={box}&period=all").get_data(as_text=True)
        assert "Priya" not in page
    auth.logout()
    auth.login(people["passed_on_member"])
    page = client.get("/referrals?box=received&period=all").get_data(as_text=True)
    assert "Priya Prospect" in page and "passed on by Bob Baker" in page


def test_organizer_group_list_shows_parties_status_and_value_never_the_prospect(
        client, auth, case, world):
    original, child, people = case
    service.move(child, people["passed_on_member"],
                 service.Move(to=service.Status.WON, value=500))
    db.session.commit()
    auth.login(world.organizer)
    page = client.get(f"/g/{world.group.slug}/referrals?period=all").get_data(as_text=True)
    assert "Carol Cooper" in page and "Won" in page and "£500.00" in page
    assert "Passed on" in page
    for bit in SECRET_BITS:
        assert bit not in page


@pytest.mark.parametrize(("who", "status"), [
    ("giver", 403), ("other_member", 403), ("other_group_organizer", 404), ("outsider", 404)])
def test_group_list_is_for_the_groups_organizers(client, auth, case, world, who, status):
    auth.login(case[2][who])
    assert client.get(f"/g/{world.group.slug}/referrals").status_code == status


def test_notifications_are_private(client, auth, case):
    _, _, people = case
    auth.login(people["other_member"])
    page = client.get("/notifications").get_data(as_text=True)
    assert "Priya" not in page
    auth.logout()
    auth.login(people["receiver"])
    assert "Alice Archer referred Priya Prospect" in client.get("/notifications").get_data(
        as_text=True)
