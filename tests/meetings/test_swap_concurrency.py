"""Real parallel requests against a live server for the members' speaker swaps: one
outcome per request, never a double-booked date, a clear answer for every loser. Runs
on SQLite and, with ``DATABASE_URL``, on PostgreSQL."""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import SpeakerPin, SpeakerSwap
from tests.live import Browser, at_once
from tests.meetings.helpers import NOW
from tests.meetings.swap_helpers import (
    answer_url,
    ask_data,
    current_plan,
    make_crew,
    rota_url,
    swaps,
)

PARALLEL = 10
CHANGED = "changed meanwhile"


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    set_now(NOW)


@pytest.fixture
def crew(world):
    return make_crew(world)


def request_swap(world, crew, mine: int, theirs: int) -> SpeakerSwap:
    """The member on the ``mine``-th date asks the one on the ``theirs``-th."""
    swap = SpeakerSwap(group_id=world.group.id, requester_id=crew.on(mine).id,
                       requester_on=crew.dates[mine], other_id=crew.on(theirs).id,
                       other_on=crew.dates[theirs],
                       pair_key=SpeakerSwap.key_of(crew.dates[mine], crew.dates[theirs]),
                       status="pending", version=1, created_at=NOW)
    db.session.add(swap)
    db.session.commit()
    return swap


def assert_nobody_twice(world) -> dict:
    dates, plan = current_plan(world.group)
    speakers = [m for m in plan.values() if m]
    assert len(speakers) == len(set(speakers)), plan
    pins = db.session.scalars(sa.select(SpeakerPin)).all()
    assert len({p.on for p in pins}) == len(pins)
    return plan


def test_parallel_accepts_of_one_request_swap_once(live, world, crew):
    swap = request_swap(world, crew, 0, 2)
    other = crew.on(2)
    sessions = [Browser(live, other), Browser(live, other)]
    path = answer_url(world.group, swap.id, "accept")
    results = at_once([lambda n=n: sessions[n % 2].post(path, {"version": "1"})
                       for n in range(PARALLEL)])
    codes = Counter(code for code, _ in results)
    assert codes == {302: 1, 409: PARALLEL - 1}, codes
    assert all(CHANGED in body for code, body in results if code == 409)
    [saved] = swaps()
    assert (saved.status, saved.version) == ("accepted", 2)
    plan = assert_nobody_twice(world)
    assert plan[crew.dates[0]] == other.id and plan[crew.dates[2]] == crew.on(0).id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SpeakerPin)) == 2


@pytest.mark.parametrize("round_", range(3))
def test_accept_racing_decline_and_cancel_has_one_outcome(live, world, crew, round_):
    swap = request_swap(world, crew, 0, 2)
    asker, other = crew.on(0), crew.on(2)
    paths = {a: answer_url(world.group, swap.id, a) for a in ("accept", "decline", "cancel")}
    calls = []
    for _ in range(3):
        for member, action in ((other, "accept"), (other, "decline"), (asker, "cancel")):
            browser = Browser(live, member)
            calls.append((action, lambda b=browser, a=action: b.post(
                paths[a], {"version": "1"})))
    results = at_once([call for _, call in calls])
    winners = [action for (action, _), (code, _) in zip(calls, results, strict=True)
               if code == 302]
    assert len(winners) == 1, results
    assert all(code == 409 and CHANGED in body for code, body in results if code != 302)
    [saved] = swaps()
    assert saved.status == {"accept": "accepted", "decline": "declined",
                            "cancel": "cancelled"}[winners[0]]
    pins = db.session.scalar(sa.select(sa.func.count()).select_from(SpeakerPin))
    assert pins == (2 if saved.status == "accepted" else 0)
    assert_nobody_twice(world)


def test_two_requests_for_the_same_turn_accepted_at_once_swap_only_one(live, world, crew):
    # The members on the first and third dates both ask the one on the second.
    first = request_swap(world, crew, 0, 1)
    second = request_swap(world, crew, 2, 1)
    other = crew.on(1)
    before = dict(crew.plan)
    sessions = [Browser(live, other) for _ in range(4)]
    paths = [answer_url(world.group, s.id, "accept") for s in (first, second)]
    results = at_once([lambda n=n: sessions[n].post(paths[n % 2], {"version": "1"})
                       for n in range(4)])
    codes = Counter(code for code, _ in results)
    assert codes == {302: 1, 409: 3}, codes
    statuses = sorted(s.status for s in swaps())
    assert statuses == ["accepted", "expired"], statuses
    plan = assert_nobody_twice(world)
    assert list(plan.values()).count(other.id) == 1
    won = next(s for s in swaps() if s.status == "accepted")
    assert plan[won.other_on] == won.requester_id and plan[won.requester_on] == other.id
    lost = next(s for s in swaps() if s.status == "expired")
    assert plan[lost.requester_on] == before[lost.requester_on]


def test_two_members_accepting_requests_from_one_asker_at_once(live, world, crew):
    # The member on the first date asks both the second's and the third's speakers.
    to_second = request_swap(world, crew, 0, 1)
    to_third = request_swap(world, crew, 0, 2)
    asker = crew.on(0)
    b, c = Browser(live, crew.on(1)), Browser(live, crew.on(2))
    paths = [answer_url(world.group, s.id, "accept") for s in (to_second, to_third)]
    results = at_once([lambda: b.post(paths[0], {"version": "1"}),
                       lambda: c.post(paths[1], {"version": "1"})])
    assert sorted(code for code, _ in results) == [302, 409], results
    assert sorted(s.status for s in swaps()) == ["accepted", "expired"]
    plan = assert_nobody_twice(world)
    assert list(plan.values()).count(asker.id) == 1


def test_an_organizer_swap_racing_an_accept_never_double_books(live, world, crew):
    swap = request_swap(world, crew, 0, 2)
    organizer = Browser(live, world.organizer)
    other = Browser(live, crew.on(2))
    accept, swap_both = answer_url(world.group, swap.id, "accept"), rota_url(world.group)
    dates = {"first": crew.dates[2].isoformat(), "second": crew.dates[3].isoformat()}
    results = at_once([lambda: other.post(accept, {"version": "1"}),
                       lambda: organizer.post(swap_both, dates)])
    assert results[1][0] == 302, results[1][0]  # the organizer's swap always applies
    assert results[0][0] in (302, 409)
    assert swaps()[0].status == ("accepted" if results[0][0] == 302 else "expired")
    assert_nobody_twice(world)


def test_a_double_clicked_request_is_recorded_once(live, world, crew):
    asker = crew.on(0)
    sessions = [Browser(live, asker), Browser(live, asker)]
    data = ask_data(crew.dates[0], crew.dates[2], crew.on(2))
    path = f"{rota_url(world.group)}/swaps"
    results = at_once([lambda n=n: sessions[n % 2].post(path, data)
                       for n in range(PARALLEL)])
    codes = Counter(code for code, _ in results)
    assert codes == {302: 1, 409: PARALLEL - 1}, codes
    assert len(swaps()) == 1
