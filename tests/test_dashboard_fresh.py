"""The dashboard and the suggestions page right after a change equal what a fresh process
shows: whatever either page keeps per process (the member's pairs and what members
received, per version of the group's referrals; the group's people and the similarity,
per exact content of the rows) never serves anything stale after a change made by
another worker."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import Group, IdealClientProfile, Member, Membership, Notification
from partner_net.network import aggregates, service
from partner_net.network.cache import cache as network_cache
from partner_net.onetoones import service as onetoones
from partner_net.referrals import service as referrals
from tests import factories
from tests.referral_factories import give

NOW = datetime(2030, 3, 20, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    set_now(NOW)


def fresh_process() -> None:
    """Forget everything kept per process, as a newly started worker would have it."""
    network_cache.clear()
    service.received_memo.clear()
    aggregates._people_of.cache_clear()
    service._similarity.cache_clear()


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r'name="csrf_token"( type="hidden")? value="[^"]+"', "",
                  response.get_data(as_text=True))


@pytest.fixture
def chapter(world):
    """The world's group with a few more members, profiles and referrals both ways."""
    people = [factories.make_member(f"Extra {name}", category=f"Trade {i}")
              for i, name in enumerate(["Cara", "Dev", "Eli", "Fay"])]
    for person in people:
        factories.join(world.group, person)
    factories.make_profile(world.alice, "Restaurant owners", industry="Hospitality",
                           keywords="bistros, cafés")
    factories.make_profile(world.bob, "Landlords", industry="Property")
    factories.make_profile(people[0], "Cafés and bistros", industry="Hospitality")
    db.session.commit()
    for giver, receiver in [(world.bob, world.alice), (people[0], world.alice),
                            (world.alice, people[1]), (people[2], people[3]),
                            (people[3], world.bob)]:
        give(world.group, giver, receiver)
    return world, people


def changes(world, people):
    """Changes another worker makes, each as (what, how)."""
    group, alice, bob = world.group, world.alice, world.bob
    cara, dev, eli, fay = people

    def status(referral, to, actor):
        referrals.move(referral, actor, referrals.Move(to=to, note="Not mine", shared=True))
        db.session.commit()

    def profile_edit():
        db.session.execute(sa.update(IdealClientProfile)
                           .where(IdealClientProfile.member_id == bob.id)
                           .values(title="Restaurant owners", industry="Hospitality"))
        db.session.commit()

    def criteria_edit():
        db.session.execute(sa.update(Member).where(Member.id == dev.id)
                           .values(referral_criteria="I refer restaurant owners."))
        db.session.commit()

    def leave():
        db.session.execute(sa.update(Membership).where(Membership.member_id == fay.id)
                           .values(active=False))
        db.session.commit()

    def mark():
        service.mark_strategic(alice, eli, group)
        db.session.commit()

    def one_to_one():
        met_on = NOW.date() - timedelta(days=2)
        onetoones.record(dev, alice, group, met_on, "met")
        db.session.flush()
        assert onetoones.record(alice, dev, group, met_on, "met too").merged  # confirmed
        db.session.commit()

    received = {}
    return [
        ("others refer each other", lambda: give(group, eli, fay)),
        ("someone refers me", lambda: received.setdefault("r", give(group, dev, alice))),
        ("I refer someone", lambda: give(group, alice, eli)),
        ("a referral to me does not fit",
         lambda: status(received["r"], referrals.Status.NOT_A_FIT, alice)),
        ("a profile is edited", profile_edit),
        ("an 'I refer people who' line is edited", criteria_edit),
        ("I mark a strategic partner", mark),
        ("a one-to-one is confirmed", one_to_one),
        ("a member leaves", leave),
        ("others refer each other again", lambda: give(group, cara, bob)),
    ]


@pytest.mark.parametrize("path", ["", "network/suggestions", "network/me",
                                  "network/me?period=month"])
def test_after_each_change_the_page_equals_a_fresh_processs(client, auth, chapter, path):
    world, people = chapter
    auth.login(world.alice)
    url = f"/g/{world.group.slug}/{path}"
    page(client, url)  # warm: everything kept per process is filled
    for what, change in changes(world, people):
        change()
        db.session.expire_all()
        kept = page(client, url)
        fresh_process()
        assert kept == page(client, url), what
        page(client, url)  # warm again (a week's slate written, memos filled)


def test_a_member_left_out_of_a_change_keeps_their_pairs_without_reading_them(
        client, auth, chapter):
    world, people = chapter
    auth.login(world.alice)
    url = f"/g/{world.group.slug}/"
    page(client, url)
    read = []
    original = aggregates.my_pairs

    def counting(*args, **kwargs):
        read.append(args)
        return original(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(aggregates, "my_pairs", counting)
        give(world.group, people[2], people[3])  # not Alice's
        page(client, url)
        assert read == []
        give(world.group, people[2], world.alice)  # Alice's: read again
        page(client, url)
        assert len(read) == 1


@pytest.mark.parametrize("path", ["", "network/suggestions", "network/me", "network"])
def test_a_change_by_another_worker_is_seen_while_the_session_holds_the_group(
        app, client, auth, chapter, path):
    """The pages key what they keep on the group's version as read with the group at the
    start of the request (:func:`aggregates.stamp_of`): read afresh even when the
    session already holds the group, from before another worker's change."""
    world, people = chapter
    auth.login(world.alice)
    url = f"/g/{world.group.slug}/{path}"
    page(client, url)  # the session now holds the group, at its version then
    with app.app_context():  # another worker: a session of its own
        group = db.session.get(Group, world.group.id)
        give(group, db.session.get(Member, people[0].id), db.session.get(Member, world.alice.id))
        db.session.remove()
    kept = page(client, url)
    fresh_process()
    db.session.expire_all()
    assert kept == page(client, url)


@pytest.mark.parametrize("unread", [0, 1, 23])
def test_the_dashboards_badge_counts_every_unread_notification_not_only_those_listed(
        client, auth, world, unread, fresh_g):
    """The dashboard lists at most 20 unread notifications; the header's badge counts
    them all, the same as on any other page (each request with its own ``g``, so the
    member and the count are loaded as in production)."""
    for n in range(unread):
        db.session.add(Notification(member_id=world.alice.id, kind="status",
                                    text=f"News {n}", created_at=NOW - timedelta(hours=n)))
    db.session.add(Notification(member_id=world.alice.id, kind="status", text="Old news",
                                created_at=NOW - timedelta(days=9), read_at=NOW))
    db.session.commit()
    auth.login(world.alice)
    badge = f'<span class="badge" aria-label="{unread} new">{unread}</span>'
    for url in (f"/g/{world.group.slug}/", "/referrals"):
        html = page(client, url)
        assert (badge in html) == bool(unread), url
        assert ('class="badge"' in html) == bool(unread), url
    page(client, f"/g/{world.group.slug}/")
    client.post("/notifications/read")  # the next page counts again: none left
    for url in ("/referrals", f"/g/{world.group.slug}/network/me"):
        assert 'class="badge"' not in page(client, url), url


def test_my_reciprocity_draws_the_member_under_their_name_as_it_is_now(client, auth, chapter):
    """What my reciprocity keeps per network version and member is kept for the
    member's first name too (the picture writes it): a new name is drawn at once."""
    world, _ = chapter
    auth.login(world.alice)
    url = f"/g/{world.group.slug}/network/me"
    page(client, url)
    db.session.execute(sa.update(Member).where(Member.id == world.alice.id)
                       .values(name="Zelda Smith"))
    db.session.commit()
    db.session.expire_all()
    kept = page(client, url)
    assert ">Zelda<" in kept
    fresh_process()
    assert kept == page(client, url)
