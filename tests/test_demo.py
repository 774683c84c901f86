"""The demo data command: ``flask --app partner_net demo [--seed N] [--reset]``."""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa

from partner_net.demo.loader import demo_sign_in, load_demo
from partner_net.demo.people import DEMO_PASSWORD, PEOPLE
from partner_net.extensions import db
from partner_net.models import Group, Member, Membership, Referral, ReferralEvent
from partner_net.models.accounts import normalise_category
from tests import factories
from tests.test_demo_referrals import snapshot as referrals_snapshot


def run_demo(runner, *args: str):
    result = runner.invoke(args=["demo", *args])
    assert result.exit_code == 0, result.output
    return result


def harbour() -> Group:
    return db.session.scalar(sa.select(Group).filter_by(slug="harbour-city-partners"))


def active_members(group: Group) -> list[Member]:
    return list(db.session.scalars(
        sa.select(Member).join(Membership)
        .where(Membership.group_id == group.id, Membership.active, Member.active)
        .order_by(Member.email)
    ))


def snapshot() -> list[tuple]:
    """Everything the seed decides, in a comparable form."""
    db.session.expire_all()
    rows = db.session.execute(
        sa.select(Member.email, Member.category, Group.slug, Membership.role,
                  Membership.active, Membership.joined_at, Member.created_at)
        .join(Membership, Membership.member_id == Member.id)
        .join(Group, Group.id == Membership.group_id)
        .order_by(Member.email, Group.slug)
    )
    return [tuple(row) for row in rows]


# Tests taking ``demo_app`` read the demo built once per run (tests/conftest.py); those
# that change it build their own in the emptied test database.


def test_demo_creates_a_realistic_group(demo_app, demo_database):
    group = harbour()
    assert group is not None
    assert (group.timezone, group.currency, group.exclusive_categories) == (
        "Europe/London", "GBP", True)
    assert group.meeting_summary.startswith("Tuesdays at 07:00")
    members = active_members(group)
    assert 28 <= len(members) <= 32
    for member in members:
        assert member.talkable_difference and member.referral_criteria and member.bio
        assert member.phone and member.website.startswith("https://")
        assert 1 <= len(member.ideal_clients) <= 3
        for profile in member.ideal_clients:
            assert profile.title and profile.frustration and profile.triggers
            assert profile.value and len(profile.keyword_list) >= 3
    roles = Counter(m.membership_in(group).role for m in members)
    assert roles["organizer"] == 2
    sign_in = demo_sign_in()
    assert f"Sign in as {sign_in.email} with password {DEMO_PASSWORD}" in demo_database.output
    assert "http://partner.test/" in demo_database.output


def test_profiles_are_distinct_for_the_matcher():
    titles = [p.title for person in PEOPLE for p in person.profiles]
    keywords = [p.keywords for person in PEOPLE for p in person.profiles]
    assert len(set(titles)) == len(titles)
    assert len(set(keywords)) == len(keywords)


def test_exclusive_group_has_one_active_member_per_category(demo_app):
    categories = Counter(normalise_category(m.category) for m in active_members(harbour()))
    assert categories.most_common(1)[0][1] == 1
    # The former member shares a category, but only inactively.
    all_categories = Counter(
        normalise_category(m.member.category) for m in harbour().memberships
    )
    assert all_categories.most_common(1)[0][1] == 2


def test_second_group_is_open_and_shares_members(demo_app):
    riverside = db.session.scalar(sa.select(Group).filter_by(slug="riverside-circle"))
    assert riverside.exclusive_categories is False
    members = active_members(riverside)
    assert 6 <= len(members) <= 8
    shared = {m.email for m in members} & {m.email for m in active_members(harbour())}
    assert demo_sign_in().email in shared
    assert len(shared) >= 3
    assert max(Counter(m.category for m in members).values()) >= 2


def test_same_seed_gives_the_same_demo(runner):
    first = run_demo(runner, "--reset", "--seed", "11").output
    first_rows, first_referrals = snapshot(), referrals_snapshot()
    second = run_demo(runner, "--reset", "--seed", "11").output
    assert first == second
    assert snapshot() == first_rows
    assert referrals_snapshot() == first_referrals
    assert db.session.scalar(sa.select(sa.func.count(ReferralEvent.id))) > len(first_referrals)
    run_demo(runner, "--reset", "--seed", "12")
    assert snapshot() != first_rows


def test_running_twice_does_not_duplicate(demo_app):
    runner = demo_app.test_cli_runner()
    before = db.session.scalar(sa.select(sa.func.count(Member.id)))
    result = run_demo(runner)
    assert "already there" in result.output
    assert "--reset" in result.output
    assert db.session.scalar(sa.select(sa.func.count(Member.id))) == before
    assert db.session.scalar(sa.select(sa.func.count(Group.id))) == 2


def test_reset_removes_rows_pointing_at_demo_data_and_keeps_others(runner, world):
    group = load_demo(seed=7)
    members = active_members(group)
    outsider_joined = factories.join(group, world.outsider)
    db.session.add(Referral(group=group, giver=members[0], receiver=members[1],
                            prospect_name="Jo Prospect", need="A new roof"))
    db.session.commit()
    outsider_membership = outsider_joined.id
    run_demo(runner, "--reset")
    assert db.session.scalar(
        sa.select(sa.func.count(Referral.id)).filter_by(prospect_name="Jo Prospect")) == 0
    assert db.session.get(Membership, outsider_membership) is None
    assert db.session.get(Member, world.outsider.id) is not None
    assert db.session.get(Group, world.group.id) is not None
    assert len(active_members(harbour())) == len(members)


@pytest.mark.parametrize("person", [demo_sign_in(), PEOPLE[1]], ids=["organizer", "second"])
def test_demo_members_can_sign_in_and_switch_groups(demo_client, demo_auth, person):
    response = demo_auth.login(person.email, DEMO_PASSWORD)
    assert response.status_code == 302
    page = demo_client.get(response.headers["Location"], follow_redirects=True)
    assert page.status_code == 200
    assert b"Harbour City Partners" in page.data
    if len(person.groups) > 1:
        assert b"Riverside Circle" in page.data
