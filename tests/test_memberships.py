"""The organizers' members page: roles, deactivation, reactivation, exclusive seats."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import Membership, Role
from tests import factories


def members_url(group) -> str:
    return f"/g/{group.slug}/manage/members"


def act(client, group, member, action: str):
    return client.post(f"{members_url(group)}/{member.id}/{action}")


def membership(member, group) -> Membership:
    return db.session.scalar(
        sa.select(Membership).filter_by(member_id=member.id, group_id=group.id))


def flashed(client, response) -> str:
    return client.get(response.headers["Location"]).get_data(as_text=True)


# --- Access -------------------------------------------------------------------------

ACTIONS = ["promote", "demote", "deactivate", "reactivate"]


def test_members_page_access(client, auth, world):
    response = client.get(members_url(world.group))
    assert response.status_code == 302 and "/auth/signin" in response.headers["Location"]
    for action in ACTIONS:
        response = act(client, world.group, world.bob, action)
        assert response.status_code == 302 and "/auth/signin" in response.headers["Location"]
    auth.login(world.alice)
    assert client.get(members_url(world.group)).status_code == 403
    for action in ACTIONS:
        assert act(client, world.group, world.bob, action).status_code == 403
    auth.logout()
    auth.login(world.other_organizer)
    assert client.get(members_url(world.group)).status_code == 404
    for action in ACTIONS:
        assert act(client, world.group, world.bob, action).status_code == 404
    auth.logout()
    auth.login(world.organizer)
    assert client.get(members_url(world.group)).status_code == 200
    db.session.expire_all()
    bob = membership(world.bob, world.group)
    assert bob.active and bob.role == Role.MEMBER


def test_actions_on_someone_outside_the_group_are_404(client, auth, world):
    auth.login(world.organizer)
    for member in (world.other_organizer, world.outsider):
        for action in ACTIONS:
            assert act(client, world.group, member, action).status_code == 404
    assert act(client, world.group, world.bob, "delete").status_code == 404
    assert client.post(f"{members_url(world.group)}/999999/promote").status_code == 404
    assert membership(world.other_organizer, world.other_group).role == Role.ORGANIZER


def test_members_page_lists_everyone_with_role_status_category_and_date(client, auth, world):
    gone = factories.make_member("Gus Gone", category="Plumber")
    factories.join(world.group, gone, active=False)
    db.session.commit()
    auth.login(world.organizer)
    page = client.get(members_url(world.group)).get_data(as_text=True)
    for name in ("Olivia Organizer", "Alice Archer", "Bob Baker", "Gus Gone"):
        assert name in page
    assert "Oscar Other" not in page and "Nina Nobody" not in page
    assert ">Organizer</span>" in page and ">Deactivated</span>" in page
    assert "Commercial insurance" in page and "Plumber" in page
    assert "3 active, 1 deactivated" in page
    joined = membership(world.alice, world.group).joined_at.strftime("%-d %b %Y")
    assert joined in page
    assert page.index("Olivia Organizer") < page.index("Alice Archer") < page.index("Gus Gone")
    assert page.count(">Reactivate</button>") == 1
    assert page.count(">Make organizer</button>") == 2
    assert 'aria-current="page">Members' in page
    assert "/manage/invitations" in page and "/manage/settings" in page


def test_members_page_pages_by_25_and_searches(client, auth, world):
    for n in range(40):
        factories.join(world.group, factories.make_member(
            f"Zed {n:02d}", business="Zed Plumbing" if n % 4 == 0 else "Zed & Co"))
    db.session.commit()
    auth.login(world.organizer)
    first = client.get(members_url(world.group)).get_data(as_text=True)
    assert "43 active" in first and "Page 1 of 2" in first
    assert first.count('class="roster__name"') == 25
    second = client.get(members_url(world.group), query_string={"page": 2}).get_data(
        as_text=True)
    assert second.count('class="roster__name"') == 18 and "Page 2 of 2" in second
    assert "Zed 39" in second and "Zed 39" not in first
    found = client.get(members_url(world.group), query_string={"q": " zed plumbing "})
    html = found.get_data(as_text=True)
    assert "<strong>10</strong> members match “zed plumbing”" in html
    assert html.count('class="roster__name"') == 10 and "Zed 01" not in html
    by_email = client.get(members_url(world.group), query_string={"q": world.alice.email})
    assert by_email.get_data(as_text=True).count('class="roster__name"') == 1
    percent = client.get(members_url(world.group), query_string={"q": "%"})
    assert "Nobody in" in percent.get_data(as_text=True)  # a wildcard matches literally
    assert "Oscar Other" not in client.get(
        members_url(world.group), query_string={"q": "Oscar"}).get_data(as_text=True)


@pytest.mark.parametrize(("args", "status", "message"), [
    ({"q": "a\x00b"}, 200, "control characters"),
    ({"q": "x" * 101}, 200, "at most 100 characters"),
    ({"page": "0"}, 400, ""),
    ({"page": "abc"}, 400, ""),
    ({"page": "9" * 30}, 400, ""),
    ({"page": "500"}, 200, ""),
])
def test_members_search_and_page_are_validated(client, auth, world, args, status, message):
    auth.login(world.organizer)
    response = client.get(members_url(world.group), query_string=args)
    assert response.status_code == status
    if message:
        html = response.get_data(as_text=True)
        assert message in html and "Alice Archer" in html  # the whole list, with the error


# --- Roles --------------------------------------------------------------------------

def test_promote_and_demote(client, auth, world):
    auth.login(world.organizer)
    response = act(client, world.group, world.alice, "promote")
    assert "Alice Archer is now an organizer." in flashed(client, response)
    assert membership(world.alice, world.group).role == Role.ORGANIZER
    response = act(client, world.group, world.alice, "demote")
    assert "Alice Archer is no longer an organizer." in flashed(client, response)
    assert membership(world.alice, world.group).role == Role.MEMBER


def test_a_promoted_member_can_manage_the_group(client, auth, world):
    auth.login(world.organizer)
    act(client, world.group, world.alice, "promote")
    auth.logout()
    auth.login(world.alice)
    assert client.get(members_url(world.group)).status_code == 200


def test_the_last_organizer_cannot_be_demoted_or_deactivated(client, auth, world):
    auth.login(world.organizer)
    for action in ("demote", "deactivate"):
        response = act(client, world.group, world.organizer, action)
        assert response.headers["Location"] == members_url(world.group)
        assert "A group always keeps at least one organizer." in flashed(client, response)
        db.session.expire_all()
        mine = membership(world.organizer, world.group)
        assert mine.active and mine.role == Role.ORGANIZER


def test_an_organizer_may_step_down_when_another_remains(client, auth, world):
    factories.join(world.group, factories.make_member("Owen Second"), Role.ORGANIZER)
    db.session.commit()
    auth.login(world.organizer)
    response = act(client, world.group, world.organizer, "demote")
    assert response.headers["Location"] == f"/g/{world.group.slug}/"
    assert membership(world.organizer, world.group).role == Role.MEMBER
    assert client.get(members_url(world.group)).status_code == 403


def test_deactivated_organizers_do_not_count(client, auth, world):
    factories.join(world.group, factories.make_member("Owen Former"), Role.ORGANIZER,
                   active=False)
    db.session.commit()
    auth.login(world.organizer)
    response = act(client, world.group, world.organizer, "demote")
    assert "A group always keeps at least one organizer." in flashed(client, response)


def test_a_deactivated_member_cannot_be_promoted(client, auth, world):
    membership(world.bob, world.group).active = False
    db.session.commit()
    auth.login(world.organizer)
    response = act(client, world.group, world.bob, "promote")
    assert "Reactivate Bob Baker before making them an organizer." in flashed(client, response)
    assert membership(world.bob, world.group).role == Role.MEMBER


# --- Deactivation -------------------------------------------------------------------

def test_deactivated_member_loses_access_and_cannot_sign_in(client, auth, world):
    auth.login(world.organizer)
    response = act(client, world.group, world.bob, "deactivate")
    assert "Bob Baker is deactivated" in flashed(client, response)
    bob = membership(world.bob, world.group)
    assert not bob.active and bob.deactivated_at is not None
    directory = client.get(f"/g/{world.group.slug}/").get_data(as_text=True)
    assert "Bob Baker" not in directory
    auth.logout()
    response = auth.login(world.bob)
    assert response.status_code == 200
    assert "This account has been deactivated" in response.get_data(as_text=True)
    assert client.get(f"/g/{world.group.slug}/").status_code == 302


def test_deactivated_in_one_group_still_uses_the_other(client, auth, world):
    factories.join(world.other_group, world.bob)
    db.session.commit()
    auth.login(world.organizer)
    act(client, world.group, world.bob, "deactivate")
    auth.logout()
    auth.login(world.bob)
    assert client.get(f"/g/{world.group.slug}/").status_code == 404
    assert client.get(f"/g/{world.other_group.slug}/").status_code == 200
    assert client.get("/").headers["Location"] == f"/g/{world.other_group.slug}/"


def test_a_signed_in_member_is_shut_out_once_deactivated(client, auth, world, app):
    auth.login(world.bob)
    assert client.get(f"/g/{world.group.slug}/").status_code == 200
    membership(world.bob, world.group).active = False
    db.session.commit()
    assert client.get(f"/g/{world.group.slug}/").status_code == 302  # session ends


def test_organizer_may_deactivate_themselves_when_another_remains(client, auth, world):
    factories.join(world.group, factories.make_member("Owen Second"), Role.ORGANIZER)
    factories.join(world.other_group, world.organizer)
    db.session.commit()
    auth.login(world.organizer)
    response = act(client, world.group, world.organizer, "deactivate")
    assert response.headers["Location"] == "/"
    assert client.get(f"/g/{world.group.slug}/").status_code == 404


# --- Reactivation -------------------------------------------------------------------

def test_reactivate(client, auth, world):
    bob = membership(world.bob, world.group)
    bob.active = False
    db.session.commit()
    auth.login(world.organizer)
    response = act(client, world.group, world.bob, "reactivate")
    assert "Bob Baker is active again." in flashed(client, response)
    db.session.refresh(bob)
    assert bob.active and bob.deactivated_at is None
    auth.logout()
    auth.login(world.bob)
    assert client.get(f"/g/{world.group.slug}/").status_code == 200


@pytest.mark.parametrize(("exclusive", "allowed"), [(True, False), (False, True)])
def test_reactivation_respects_exclusive_seats(client, auth, world, exclusive, allowed):
    world.group.exclusive_categories = exclusive
    gone = factories.make_member("Rory Roofer", category="ROOFER")
    factories.join(world.group, gone, active=False)
    db.session.commit()
    auth.login(world.organizer)
    response = act(client, world.group, gone, "reactivate")
    page = flashed(client, response)
    assert membership(gone, world.group).active is allowed
    message = ("North Star has one seat per category, and Alice Archer (Archer Roofing) "
               "already holds “ROOFER”.")
    assert (message in page) is not allowed


def test_reactivation_after_the_seat_frees_up(client, auth, world):
    gone = factories.make_member("Rory Roofer", category="Roofer")
    factories.join(world.group, gone, active=False)
    db.session.commit()
    auth.login(world.organizer)
    act(client, world.group, world.alice, "deactivate")
    act(client, world.group, gone, "reactivate")
    assert membership(gone, world.group).active
    response = act(client, world.group, world.alice, "reactivate")
    assert "Rory Roofer (no business given) already holds" in flashed(client, response)
    assert not membership(world.alice, world.group).active


def test_the_only_organizer_is_not_offered_what_would_be_refused(client, auth, world):
    auth.login(world.organizer)
    page = client.get(f"/g/{world.group.slug}/manage/members").get_data(as_text=True)
    me = f"/manage/members/{world.organizer.id}/"
    assert f"{me}demote" not in page and f"{me}deactivate" not in page
    assert "The only organizer" in page
    assert f"/manage/members/{world.alice.id}/promote" in page
    client.post(f"/g/{world.group.slug}/manage/members/{world.alice.id}/promote")
    page = client.get(f"/g/{world.group.slug}/manage/members").get_data(as_text=True)
    assert f"{me}demote" in page and f"{me}deactivate" in page
