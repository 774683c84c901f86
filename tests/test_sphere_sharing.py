"""Whom I refer: the list, sharing it with the group or by a revocable private link, what
others see (never touches, strength, notes, contact details), saving an entry; referrals
linked to contacts; thanks for a won referral logged as a touch on the giver."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import Contact, ContactReferral, Referral, Touch
from partner_net.referrals.pipeline import Status
from partner_net.sphere import sharing
from tests import factories
from tests.referral_factories import give
from tests.sphere_factories import contact as make_contact

NOW = datetime(2030, 3, 20, 12, 0, tzinfo=UTC)
SECRETS = ("carla@client.example", "07700 900555", "Private: owes me lunch", "Lunch call")


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    set_now(NOW)


def url(world, suffix: str = "") -> str:
    return f"/g/{world.group.slug}/sphere{suffix}"


def page(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.get_data(as_text=True)


@pytest.fixture
def alice_list(world, client, auth):
    """Alice vouches for a contact (with private details and a touch) and for Bob."""
    carla = make_contact(world.alice, "Carla Client", company="Client Kitchens",
                         email=SECRETS[0], phone=SECRETS[1], notes=SECRETS[2], strength=9)
    auth.login(world.alice)
    client.post(url(world, f"/contacts/{carla.id}/touch"),
                data={"token": "a" * 32, "channel": "call", "note": SECRETS[3]})
    client.post(url(world, f"/contacts/{carla.id}/list"),
                data={"what_for": "Kitchen refits", "why": "On time, on budget, tidy."})
    client.post(url(world, "/referral-list/partners"),
                data={"partner": world.bob.id, "what_for": "Fleet insurance"})
    client.post(url(world, "/referral-list/criteria"),
                data={"referral_criteria": "answer the phone and show up"})
    auth.logout()
    return carla


def test_building_the_list(client, auth, world, alice_list):
    auth.login(world.alice)
    html = page(client, url(world, "/referral-list"))
    assert "Carla Client" in html and "Kitchen refits" in html
    assert "Bob Baker" in html and "Fleet insurance" in html
    assert "answer the phone and show up" in html
    again = client.post(url(world, "/referral-list/partners"),
                        data={"partner": world.bob.id, "what_for": "Again"})
    assert again.status_code == 400 and "Already on your list." in again.get_data(as_text=True)
    me = client.post(url(world, "/referral-list/partners"),
                     data={"partner": world.alice.id, "what_for": "Me"})
    assert me.status_code == 400
    outsider = client.post(url(world, "/referral-list/partners"),
                           data={"partner": world.other_organizer.id, "what_for": "x"})
    assert outsider.status_code == 404


def test_the_list_is_not_on_the_member_page_until_shared(client, auth, world, alice_list):
    auth.login(world.bob)
    assert "Kitchen refits" not in page(client, f"/g/{world.group.slug}/members/{world.alice.id}")


def shares_with_group(client, auth, world, on: bool = True) -> None:
    auth.login(world.alice)
    client.post(url(world, "/referral-list/sharing"), data={"with_group": "y"} if on else {})
    auth.logout()


@pytest.mark.parametrize("who", ["bob", "organizer"])
def test_shared_with_the_group_shows_only_what_was_chosen(client, auth, world, alice_list,
                                                          who):
    shares_with_group(client, auth, world)
    auth.login(getattr(world, who))
    html = page(client, f"/g/{world.group.slug}/members/{world.alice.id}")
    assert "Alice’s referral list" in html
    assert "Carla Client" in html and "Client Kitchens" in html
    assert "Kitchen refits" in html and "On time, on budget, tidy." in html
    for secret in SECRETS:
        assert secret not in html
    section = html.split("referral-list-title")[1].split("</section>")[0]
    assert "/ 10" not in section and "trength" not in section and "uspect" not in section


def test_another_group_s_organizer_never_sees_the_list(client, auth, world, alice_list):
    shares_with_group(client, auth, world)
    factories.join(world.other_group, world.alice)
    db.session.commit()
    auth.login(world.other_organizer)
    html = page(client, f"/g/{world.other_group.slug}/members/{world.alice.id}")
    assert "Alice’s referral list" in html  # shared with her groups, that one included
    assert page(client, f"/g/{world.group.slug}/members/{world.alice.id}", 404)
    entry = sharing.entries_of(world.alice)[0]
    assert client.post(f"/g/{world.group.slug}/members/{world.alice.id}/referral-list/"
                       f"{entry.id}/save").status_code == 404


def test_unsharing_hides_it_again(client, auth, world, alice_list):
    shares_with_group(client, auth, world)
    shares_with_group(client, auth, world, on=False)
    auth.login(world.bob)
    html = page(client, f"/g/{world.group.slug}/members/{world.alice.id}")
    assert "Kitchen refits" not in html


def test_saving_an_entry_to_my_own_sphere(client, auth, world, alice_list):
    shares_with_group(client, auth, world)
    carla_entry = next(e for e in sharing.entries_of(world.alice) if e.contact_id)
    auth.login(world.bob)
    html = page(client, f"/g/{world.group.slug}/members/{world.alice.id}")
    assert f"/referrals/new?to={world.bob.id}" not in html  # not to himself
    response = client.post(f"/g/{world.group.slug}/members/{world.alice.id}/referral-list/"
                           f"{carla_entry.id}/save")
    assert response.status_code == 302
    [saved] = db.session.scalars(sa.select(Contact).filter_by(owner_id=world.bob.id)).all()
    assert (saved.name, saved.company, saved.email, saved.phone, saved.notes) == (
        "Carla Client", "Client Kitchens", "", "",
        "What for: Kitchen refits. Why: On time, on budget, tidy.")
    assert saved.how_known == "From Alice Archer's referral list"


def test_the_private_link_shows_the_list_until_revoked(client, auth, world, alice_list):
    auth.login(world.alice)
    html = client.post(url(world, "/referral-list/link")).get_data(as_text=True)
    link = re.search(r'id="new-link" type="text" readonly value="([^"]+)"', html).group(1)
    path = link.split("partner.test", 1)[1]
    auth.logout()
    shared = client.get(path)
    assert shared.status_code == 200
    assert shared.headers["Referrer-Policy"] == "no-referrer"
    body = shared.get_data(as_text=True)
    assert "Carla Client" in body and "Bob Baker" in body
    assert "answer the phone and show up" in body
    for secret in SECRETS:
        assert secret not in body
    assert "Save to my sphere" not in body  # anonymous
    auth.login(world.organizer)
    body = page(client, path)
    assert "Save to my sphere" in body
    assert f"/referrals/new?to={world.bob.id}" in body
    entry = sharing.entries_of(world.alice)[0]
    assert client.post(f"{path}/{entry.id}/save").status_code == 302
    auth.logout()
    auth.login(world.alice)
    client.post(url(world, "/referral-list/link/revoke"))
    auth.logout()
    assert client.get(path).status_code == 404
    assert client.get("/sphere/shared/" + "x" * 43).status_code == 404


def test_a_new_link_kills_the_old_one(client, auth, world, alice_list):
    auth.login(world.alice)
    links = []
    for _ in range(2):
        html = client.post(url(world, "/referral-list/link")).get_data(as_text=True)
        links.append(re.search(r'readonly value="http://partner.test([^"]+)"', html).group(1))
    assert client.get(links[0]).status_code == 404
    assert client.get(links[1]).status_code == 200


# --- referrals given from the sphere ----------------------------------------------------


def test_linking_a_referral_to_a_contact_is_private_to_the_giver(client, auth, world):
    carla = make_contact(world.alice, "Carla Client")
    referral = give(world.group, world.alice, world.bob, name="Carla Client")
    others = give(world.group, world.bob, world.alice, name="Not Alice's to link")
    auth.login(world.alice)
    html = page(client, url(world, f"/contacts/{carla.id}"))
    assert "Carla Client → Bob Baker" in html
    assert "Not Alice's to link" not in html
    refused = client.post(url(world, f"/contacts/{carla.id}/referrals"),
                          data={"referral": others.id})
    assert refused.status_code == 400
    ok = client.post(url(world, f"/contacts/{carla.id}/referrals"),
                     data={"referral": referral.id})
    assert ok.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(ContactReferral.id))) == 1
    funnel = page(client, url(world, "/funnel"))
    assert "Referrals you gave into the group from your sphere" in funnel
    assert "Carla Client</a> → Bob Baker" in funnel
    auth.logout()
    auth.login(world.bob)
    html = page(client, f"/referrals/{referral.id}")
    main = html.split("<main")[1].split("</main>")[0]  # the tab bar comes after it
    assert "sphere" not in main.lower().replace("my sphere", "")


# --- thanks that are remembered ---------------------------------------------------------


def won(world) -> Referral:
    """Set directly: the pipeline's own rules are tested with the referrals."""
    referral = give(world.group, world.alice, world.bob)
    referral.status, referral.closed_value, referral.closed_currency = (
        Status.WON, Decimal("1200"), "GBP")
    db.session.commit()
    return referral


def test_the_receiver_of_a_won_referral_is_prompted_and_logs_a_thank_you(client, auth,
                                                                         world):
    referral = won(world)
    auth.login(world.bob)
    html = page(client, f"/referrals/{referral.id}")
    assert "Do something special for Alice" in html
    assert "charity of their choice" in html
    tok = re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)
    data = {"token": tok, "channel": "gift", "note": "Tickets to Saturday's match"}
    for _ in range(2):
        assert client.post(f"/referrals/{referral.id}/sphere-thanks",
                           data=data).status_code == 302
    [giver] = db.session.scalars(sa.select(Contact).filter_by(owner_id=world.bob.id)).all()
    assert (giver.name, giver.member_id, giver.rung) == ("Alice Archer", world.alice.id,
                                                         "advocate")
    [touch] = db.session.scalars(sa.select(Touch)).all()
    assert (touch.channel, touch.referral_id, touch.note) == (
        "gift", referral.id, "Tickets to Saturday's match")
    assert "You logged a thank-you touch" in page(client, f"/referrals/{referral.id}")
    client.post(f"/referrals/{referral.id}/sphere-thanks",
                data={**data, "token": "b" * 32})
    assert db.session.scalar(sa.select(sa.func.count(Contact.id))) == 1  # same contact
    assert db.session.scalar(sa.select(sa.func.count(Touch.id))) == 2


@pytest.mark.parametrize("who", ["alice", "organizer", "other_organizer"])
def test_only_the_receiver_is_prompted(client, auth, world, who):
    referral = won(world)
    auth.login(getattr(world, who))
    response = client.get(f"/referrals/{referral.id}")
    assert "Do something special" not in response.get_data(as_text=True)
    expected = 404 if who == "other_organizer" else 403
    assert client.post(f"/referrals/{referral.id}/sphere-thanks",
                       data={"token": "c" * 32, "channel": "gift"}).status_code == expected
    assert db.session.scalar(sa.select(sa.func.count(Touch.id))) == 0


def test_no_prompt_before_it_is_won(client, auth, world):
    referral = give(world.group, world.alice, world.bob)
    auth.login(world.bob)
    assert "Do something special" not in page(client, f"/referrals/{referral.id}")
    assert client.post(f"/referrals/{referral.id}/sphere-thanks",
                       data={"token": "c" * 32, "channel": "gift"}).status_code == 403
