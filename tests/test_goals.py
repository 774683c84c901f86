"""Monthly goals: setting them (validation, compare-and-set), progress in the group's time
zone on the dashboard, celebrated once, organizers' totals without anyone's own goals,
who may see what, and the rate limit."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from partner_net.domain import goals as rules
from partner_net.extensions import db
from partner_net.goals import service
from partner_net.models import Goal, Meeting, OneToOne, Visitor
from partner_net.referrals.pipeline import Status
from tests.referral_factories import give

# 23:30 UTC on 31 January is already 1 February in Auckland (UTC+13).
NOW = datetime(2030, 1, 31, 23, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    set_now(NOW)


def url(world, suffix=""):
    return f"/g/{world.group.slug}/goals{suffix}"


def form(**values):
    data = {"version": "0", "referrals_given": "4", "one_to_ones": "2", "visitors": "1",
            "closed_value": "1500"}
    data.update(values)
    return data


def goal_of(world, member) -> Goal | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(Goal).filter_by(member_id=member.id,
                                                       group_id=world.group.id))


def test_progress_domain():
    rows = rules.progress({"referrals_given": 4, "closed_value": Decimal("100")},
                          {"referrals_given": 5, "closed_value": Decimal("50")})
    given, one_to_ones, _, closed = rows
    assert given.met and given.percent == 100 and given.left == 0
    assert not one_to_ones.has_target and not one_to_ones.met and one_to_ones.percent == 0
    assert closed.percent == 50 and not closed.met
    assert [p.key for p in rules.to_celebrate(rows, "")] == ["referrals_given"]
    assert rules.to_celebrate(rows, "referrals_given") == []
    assert rules.celebrated_after("visitors", [given]) == "referrals_given,visitors"


def test_a_member_sets_goals_and_sees_them(client, auth, world):
    auth.login(world.alice)
    assert client.post(url(world), data=form()).status_code == 302
    goal = goal_of(world, world.alice)
    assert (goal.referrals_given, goal.one_to_ones, goal.visitors, goal.closed_value) == (
        4, 2, 1, Decimal("1500.00"))
    assert goal.month.isoformat() == "2030-01-01"  # London: still January
    html = client.get(url(world)).get_data(as_text=True)
    assert "My goals for January 2030" in html and "0 of 4" in html


def test_the_month_is_the_groups(client, auth, world):
    world.group.timezone = "Pacific/Auckland"
    db.session.commit()
    auth.login(world.alice)
    client.post(url(world), data=form())
    assert goal_of(world, world.alice).month.isoformat() == "2030-02-01"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("referrals_given", "-1", "from 0 to 500"),
    ("referrals_given", "9999", "from 0 to 500"),
    ("visitors", "two", "Enter a whole number, like 12."),
    ("closed_value", "1e999", "from 0 to 100,000,000"),
    ("closed_value", "lots", "Enter the amount in digits"),
    ("closed_value", "sNaN", "Enter the amount in digits"),
])
def test_bad_goals_are_refused_and_what_was_typed_is_kept(client, auth, world, field, value,
                                                          message):
    auth.login(world.alice)
    response = client.post(url(world), data=form(**{field: value}))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html and f'value="{value}"' in html
    assert goal_of(world, world.alice) is None


def test_an_absurd_version_is_a_conflict_not_an_error(client, auth, world):
    auth.login(world.alice)
    response = client.post(url(world), data=form(version=str(2**63)))
    assert response.status_code == 409
    assert goal_of(world, world.alice) is None


def test_a_stale_form_does_not_overwrite(client, auth, world):
    auth.login(world.alice)
    client.post(url(world), data=form(referrals_given="3"))
    response = client.post(url(world), data=form(referrals_given="9", version="0"))
    assert response.status_code == 409
    assert "changed in another window" in response.get_data(as_text=True)
    assert goal_of(world, world.alice).referrals_given == 3
    assert client.post(url(world), data=form(referrals_given="9", version="1")
                       ).status_code == 302
    assert goal_of(world, world.alice).referrals_given == 9


def test_progress_counts_this_months_rows_and_is_celebrated_once(client, auth, world):
    auth.login(world.alice)
    client.post(url(world), data=form(referrals_given="2", one_to_ones="1", visitors="1",
                                      closed_value="100"))
    earlier = datetime(2029, 12, 27, 12, tzinfo=UTC)
    for moment in (earlier, NOW - timedelta(days=3), NOW - timedelta(days=1)):
        r = give(world.group, world.alice, world.bob)
        r.created_at = moment
    won = give(world.group, world.bob, world.alice)
    won.status, won.closed_value, won.status_changed_at = Status.WON, Decimal("250"), NOW
    db.session.add(OneToOne(group=world.group, member=world.bob, partner=world.alice,
                            met_on=NOW.date(), confirmed_at=NOW))
    db.session.add(OneToOne(group=world.group, member=world.alice, partner=world.bob,
                            met_on=NOW.date() - timedelta(days=1)))  # unconfirmed
    meeting = Meeting(group_id=world.group.id, scheduled_on=NOW.date() - timedelta(days=5),
                      starts_at=datetime.combine(NOW.date(), time(7), tzinfo=UTC),
                      registration_token="goal-test")
    db.session.add(meeting)
    db.session.flush()
    db.session.add(Visitor(meeting_id=meeting.id, name="Vic Visitor", invited_by_id=world.alice.id))
    db.session.commit()

    month = service.this_month(world.group)
    assert service.done_by(world.alice, world.group, month) == {
        "referrals_given": 2, "one_to_ones": 1, "visitors": 1, "closed_value": Decimal("250")}

    first = client.get(f"/g/{world.group.slug}/").get_data(as_text=True)
    assert ("You met your referrals given and confirmed one-to-ones and visitors invited"
            " and" in first)
    assert "2 of 2" in first
    second = client.get(f"/g/{world.group.slug}/").get_data(as_text=True)
    assert "You met your" not in second
    assert goal_of(world, world.alice).celebrated == (
        "referrals_given,one_to_ones,visitors,closed_value")


def test_organizers_see_the_groups_totals_but_nobodys_goals(client, auth, world):
    auth.login(world.alice)
    client.post(url(world), data=form(referrals_given="4"))
    auth.logout()
    auth.login(world.bob)
    client.post(url(world), data=form(referrals_given="3"))
    give(world.group, world.alice, world.bob)
    auth.logout()
    auth.login(world.organizer)
    html = client.get(url(world, "/group")).get_data(as_text=True)
    assert "1 of 7" in html or "1 of 7" in html.replace("\n", " ")
    assert "2 of 3 active members set goals" in html
    assert "Alice" not in html.split("<main")[1] and "Bob" not in html.split("<main")[1]


def test_who_may_see(client, auth, world):
    assert "/auth/signin" in client.get(url(world)).location
    auth.login(world.alice)
    assert client.get(url(world, "/group")).status_code == 403
    auth.logout()
    auth.login(world.other_organizer)
    assert client.get(url(world)).status_code == 404
    assert client.get(url(world, "/group")).status_code == 404
    assert client.post(url(world), data=form()).status_code == 404


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True,
                                         "GOALS_RATE_LIMIT": "2 per hour"}])
def test_saving_goals_is_rate_limited(client, auth, world, fresh_g):
    auth.login(world.alice)
    assert client.post(url(world), data=form()).status_code == 302
    assert client.post(url(world), data=form(version="1")).status_code == 302
    assert client.post(url(world), data=form(version="2")).status_code == 429
