"""The given / received lists with their filters, and notifications."""

from datetime import timedelta

import pytest

from partner_net import clock
from partner_net.extensions import db
from partner_net.referrals import service
from tests.referral_factories import give


@pytest.fixture
def history(world, set_now):
    """Alice gave Bob three referrals: one last year (won), one this month, one lost."""
    now = clock.now()
    set_now(now - timedelta(days=400))
    old = give(world.group, world.alice, world.bob, name="Old Oak Ltd")
    service.move(old, world.bob, service.Move(to=service.Status.WON, value=800, shared=True,
                                              note="Signed the contract"))
    db.session.commit()
    set_now(now)
    fresh = give(world.group, world.alice, world.bob, name="Fresh Fields")
    lost = give(world.group, world.alice, world.bob, name="Lost Lagoon")
    service.move(lost, world.bob, service.Move(to=service.Status.LOST, note="No budget",
                                               shared=True))
    db.session.commit()
    return old, fresh, lost


def names_on(client, url):
    page = client.get(url).get_data(as_text=True)
    return {n for n in ("Old Oak Ltd", "Fresh Fields", "Lost Lagoon") if n in page}


def test_received_list_defaults_to_12_months(client, auth, world, history):
    auth.login(world.bob)
    assert names_on(client, "/referrals") == {"Fresh Fields", "Lost Lagoon"}
    assert names_on(client, "/referrals?period=all") == {
        "Old Oak Ltd", "Fresh Fields", "Lost Lagoon"}


def test_filter_by_status_and_period(client, auth, world, history):
    auth.login(world.alice)
    assert names_on(client, "/referrals?box=given&status=won&period=all") == {"Old Oak Ltd"}
    assert names_on(client, "/referrals?box=given&status=lost&period=month") == {"Lost Lagoon"}
    assert names_on(client, "/referrals?box=given&status=won&period=12m") == set()


def test_unknown_filters_fall_back_to_defaults(client, auth, world, history):
    auth.login(world.alice)
    response = client.get("/referrals?box=given&status=bogus&period=forever")
    assert response.status_code == 200
    assert names_on(client, "/referrals?box=given&status=bogus&period=forever") == {
        "Fresh Fields", "Lost Lagoon"}


def test_given_list_shows_status_and_last_shared_milestone(client, auth, world, history):
    auth.login(world.alice)
    page = client.get("/referrals?box=given&period=all").get_data(as_text=True)
    assert "Last milestone" in page and "No budget" in page and "Signed the contract" in page
    assert "£800" in page  # the group's currency, written by Babel


def test_notifications_are_read_when_the_referral_is_opened(client, auth, world, history):
    old, fresh, lost = history
    auth.login(world.bob)
    badge = '<span class="badge" aria-label="3 new">3</span>'
    assert badge in client.get("/referrals").get_data(as_text=True)
    client.get(f"/referrals/{fresh.id}")
    assert '<span class="badge" aria-label="2 new">2</span>' in client.get(
        "/referrals").get_data(as_text=True)
    client.post("/notifications/read")
    assert 'aria-label="2 new"' not in client.get("/referrals").get_data(as_text=True)


def test_a_full_page_says_there_are_more(client, auth, world, history, monkeypatch):
    from partner_net.referrals import queries

    monkeypatch.setattr(queries, "LIST_LIMIT", 2)
    auth.login(world.bob)
    page = client.get("/referrals?period=all").get_data(as_text=True)
    assert "The newest 2 referrals; choose a status or a shorter period" in page
    assert len(names_on(client, "/referrals?period=all")) == 2
