"""The dashboard's "Needs you now" lists: a few of each kind, the true count beside them,
and a link to all of them (a member who has 23 referrals to contact reads 23, not the
length of a capped list)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from partner_net.emails import digest
from partner_net.extensions import db
from partner_net.referrals import queries
from partner_net.referrals import service as referrals
from partner_net.referrals.service import Move
from tests.referral_factories import give

START = datetime(2030, 3, 2, 9, 0, tzinfo=UTC)


def dashboard(client, world) -> str:
    response = client.get(f"/g/{world.group.slug}/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def section(html: str, heading: str) -> str:
    """The list under ``heading`` on the dashboard, up to the next heading."""
    start = html.index(heading)
    end = html.find("<h3", start + 1)
    return html[start:end if end != -1 else html.index("</section>", start)]


@pytest.fixture
def many_received(world, set_now):
    """Alice gave Bob 23 referrals a day apart; Bob contacted and thanked some."""
    made = []
    for n in range(23):
        set_now(START + timedelta(days=n))
        made.append(give(world.group, world.alice, world.bob, name=f"Prospect {n:02d}"))
    set_now(START + timedelta(days=30))
    for referral in made[:9]:  # contacted: no longer "to contact"; not thanked
        referrals.move(referral, world.bob, Move(to="contacted"))
    for referral in made[:2]:
        referrals.thank(referral, world.bob, "call", START + timedelta(days=30), "Thank you!")
    db.session.commit()
    return made


def test_the_count_is_the_true_total_and_a_few_are_shown(client, auth, world, many_received):
    auth.login(world.bob)
    html = dashboard(client, world)
    to_contact = section(html, "Referrals to contact")
    assert "Referrals to contact (14)" in to_contact
    shown = re.findall(r"Prospect (\d\d)</a>", to_contact)
    # The oldest first, as many as the dashboard shows.
    assert shown == [f"{n:02d}" for n in range(9, 9 + queries.DASHBOARD_LIMIT)]
    assert ('href="/referrals?box=received&amp;status=given&amp;period=all">All 14 to contact'
            in to_contact)
    thanks = section(html, "Thank-yous owed")
    assert "Thank-yous owed (21)" in thanks
    assert 'href="/referrals?box=received&amp;status=unthanked&amp;period=all">All 21' in thanks


def test_no_link_when_everything_is_shown(client, auth, world, set_now):
    set_now(START)
    give(world.group, world.alice, world.bob, name="Only one")
    auth.login(world.bob)
    to_contact = section(dashboard(client, world), "Referrals to contact")
    assert "Referrals to contact (1)" in to_contact
    assert "All 1 to contact" not in to_contact and "status=given" not in to_contact


def test_the_giver_sees_the_true_count_of_not_yet_contacted(client, auth, world, many_received):
    auth.login(world.alice)
    given = section(dashboard(client, world), "You gave, not yet contacted")
    assert "You gave, not yet contacted (14)" in given
    assert 'href="/referrals?box=given&amp;status=given&amp;period=all">All 14' in given


def test_the_received_list_shows_the_thank_yous_owed(client, auth, world, many_received):
    auth.login(world.bob)
    html = client.get("/referrals?box=received&status=unthanked&period=all").get_data(
        as_text=True)
    listed = set(re.findall(r"Prospect (\d\d)</a>", html))
    # Owed: not thanked (0 and 1 were) and over 7 days old (all 23, given up to 03-24,
    # read on 04-01).
    assert listed == {f"{n:02d}" for n in range(2, 23)}
    assert '<option value="unthanked" selected>' in html


def test_thank_yous_owed_is_not_a_filter_of_the_group_list(client, auth, world, many_received):
    auth.login(world.organizer)
    html = client.get(f"/g/{world.group.slug}/referrals?status=unthanked&period=all"
                      ).get_data(as_text=True)
    assert 'value="unthanked"' not in html
    assert html.count('class="rtitle"') == 23  # the filter is ignored: every status


def test_the_digest_says_how_many_more(app, world, many_received):
    with app.test_request_context():
        section_ = digest.what_needs_you(world.bob, [world.group], START + timedelta(days=30))
    texts = [item.text for item in section_.items]
    assert len([t for t in texts if t.startswith("Contact the referral")]) == \
        queries.DASHBOARD_LIMIT
    more = [item for item in section_.items if item.text.startswith("And ")]
    assert [m.text for m in more] == ["And 9 more referrals to contact",
                                      "And 16 more thank-yous owed"]
    assert more[0].link.endswith("/referrals?box=received&status=given&period=all")
