"""A referral page speaks to whoever reads it: the receiver calls and marks it
contacted in one tap, the giver sees what happened and sends a note, an organizer
reads and acts on nothing. And the header names the referral's group."""

from __future__ import annotations

import re

import pytest

from partner_net.extensions import db
from partner_net.models import Notification
from tests import factories
from tests.referral_factories import give


def page_of(client, referral) -> str:
    response = client.get(f"/referrals/{referral.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def content(page: str) -> str:
    """The page without its header and navigation."""
    return page.split('<main id="content"', 1)[1].split("</main>", 1)[0]


def test_the_receiver_calls_emails_and_marks_it_contacted_in_one_tap(client, auth, world):
    referral = give(world.group, world.alice, world.bob)
    auth.login(world.bob)
    page = content(page_of(client, referral))
    assert re.search(r'class="button act__call" href="tel:\+442079460018">Call Priya</a>', page)
    assert 'href="mailto:priya@cafe.example">Email Priya</a>' in page
    assert "Mark contacted" in page
    assert page.count('class="button ') - page.count('class="button button--') == 1  # one primary
    version = re.search(r'name="to" value="contacted">\s*<input type="hidden" '
                        r'name="version" value="(\d+)"', page).group(1)
    # A stale page (the referral changed since) is refused, not applied.
    stale = client.post(f"/referrals/{referral.id}/move",
                        data={"to": "contacted", "shared": "y", "version": "999"})
    assert stale.status_code == 409
    response = client.post(f"/referrals/{referral.id}/move",
                           data={"to": "contacted", "shared": "y", "version": version})
    assert response.status_code == 302
    db.session.refresh(referral)
    assert referral.status == "contacted"
    assert "Mark contacted" not in content(page_of(client, referral))


def test_the_giver_sees_what_happened_and_sends_a_note(client, auth, world):
    referral = give(world.group, world.alice, world.bob)
    auth.login(world.alice)
    page = content(page_of(client, referral))
    assert "What happened" in page and "Send a note to Bob" in page
    assert "Call Priya" not in page and "Mark contacted" not in page
    assert "Update the status" not in page
    response = client.post(f"/referrals/{referral.id}/giver-note", data={"note": "   "})
    assert response.status_code == 400
    assert "Write the note first." in response.get_data(as_text=True)
    response = client.post(f"/referrals/{referral.id}/giver-note",
                           data={"note": "She prefers a call after six"})
    assert response.status_code == 302
    notes = db.session.query(Notification).filter_by(member_id=world.bob.id,
                                                      kind="giver_note").all()
    assert [n.text for n in notes] == ["Alice Archer on Priya Prospect: She prefers a call "
                                       "after six"]
    auth.logout()
    auth.login(world.bob)
    page = content(page_of(client, referral))
    assert "sent a note" in page and "She prefers a call after six" in page


def test_only_the_giver_sends_a_giver_note(client, auth, world):
    referral = give(world.group, world.alice, world.bob)
    auth.login(world.bob)
    assert client.post(f"/referrals/{referral.id}/giver-note",
                       data={"note": "hi"}).status_code == 403
    auth.logout()
    auth.login(world.organizer)
    assert client.post(f"/referrals/{referral.id}/giver-note",
                       data={"note": "hi"}).status_code == 403
    auth.logout()
    auth.login(world.other_organizer)
    assert client.post(f"/referrals/{referral.id}/giver-note",
                       data={"note": "hi"}).status_code == 404
    auth.logout()
    response = client.post(f"/referrals/{referral.id}/giver-note", data={"note": "hi"})
    assert response.status_code == 302 and "/auth/signin" in response.location


def test_an_organizer_is_offered_no_action_on_a_referral(client, auth, world):
    referral = give(world.group, world.alice, world.bob)
    auth.login(world.organizer)
    page = content(page_of(client, referral))
    assert "<form" not in page
    assert 'class="button' not in page
    assert "Priya" not in page  # nor the prospect


def test_the_header_names_the_referrals_group_and_gives_there(client, auth, world):
    """Alice last opened North Star; a South Cross referral shows South Cross."""
    factories.join(world.other_group, world.alice)
    factories.join(world.other_group, world.bob)
    db.session.commit()
    referral = give(world.other_group, world.bob, world.alice)
    auth.login(world.alice)
    client.get(f"/g/{world.group.slug}/")
    page = page_of(client, referral)
    header = page.split('<main id="content"', 1)[0]
    assert re.search(r"data-current-group>South Cross</span>", header)
    assert f'/referrals/new?group={world.other_group.slug}"' in page
    assert f'/referrals/new?group={world.group.slug}"' not in page
    # And back on a North Star page, North Star.
    page = client.get(f"/g/{world.group.slug}/members").get_data(as_text=True)
    assert re.search(r"data-current-group>North Star</span>", page)


@pytest.mark.parametrize("path", ["/g/{slug}/", "/g/{slug}/members", "/g/{slug}/network",
                                  "/g/{slug}/sphere", "/g/{slug}/meetings",
                                  "/referrals/new?group={slug}"])
def test_the_header_names_the_pages_group_on_every_page(client, auth, world, path):
    factories.join(world.other_group, world.alice)
    db.session.commit()
    auth.login(world.alice)
    client.get(f"/g/{world.group.slug}/")  # the last group visited is North Star
    page = client.get(path.format(slug=world.other_group.slug)).get_data(as_text=True)
    assert "data-current-group>South Cross</span>" in page
