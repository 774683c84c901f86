"""Real parallel requests against a live server, for each race of issue 8: one winner,
a history that agrees with the status, at most one child per passed-on referral, and a
clear "changed meanwhile" answer for every loser. Runs on SQLite and, with
``DATABASE_URL``, on PostgreSQL."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
import sqlalchemy as sa

from partner_net import clock
from partner_net.extensions import db
from partner_net.models import Referral, ReferralEvent
from tests.live import Browser, at_once
from tests.referral_factories import give

PARALLEL = 20
CHANGED = "This referral changed meanwhile"


@pytest.fixture
def referral(world):
    return give(world.group, world.alice, world.bob)


def reload(referral_id: int) -> Referral:
    db.session.expire_all()
    return db.session.get(Referral, referral_id)


def status_events(referral: Referral) -> list[ReferralEvent]:
    return [e for e in referral.events if e.to_status]


def assert_history_agrees(referral: Referral) -> None:
    """Each status event starts where the previous one ended; the last is the status."""
    steps = [(e.from_status, e.to_status) for e in status_events(referral)]
    assert steps[0] == (None, "given"), steps
    for (_, before), (after, _) in zip(steps, steps[1:], strict=False):
        assert before == after, steps
    assert steps[-1][1] == referral.status, steps
    assert len(referral.passed_on_to) <= 1
    assert (len(referral.passed_on_to) == 1) == (referral.status == "passed_on")
    assert (referral.closed_value is not None) == (referral.status == "won")


def one_winner(results: list[tuple[int, str]]) -> None:
    codes = Counter(code for code, _ in results)
    assert codes[302] == 1, codes
    assert codes[302] + codes[409] == len(results), codes
    assert all(CHANGED in body for code, body in results if code == 409)


def test_twenty_wins_from_two_sessions_of_the_receiver_make_one(live, world, referral):
    sessions = [Browser(live, world.bob), Browser(live, world.bob)]
    path = f"/referrals/{referral.id}/move"
    results = at_once([
        lambda n=n: sessions[n % 2].post(path, {"to": "won", "value": f"{100 + n}",
                                                "version": "1", "note": f"try {n}"})
        for n in range(PARALLEL)])
    one_winner(results)
    saved = reload(referral.id)
    assert saved.status == "won"
    assert_history_agrees(saved)
    won = [e for e in saved.events if e.to_status == "won"]
    assert len(won) == 1
    assert saved.closed_value == Decimal(100 + int(won[0].note.split()[-1]))


def test_a_loser_keeps_what_they_typed_and_sees_the_current_state(live, world, referral):
    sessions = [Browser(live, world.bob) for _ in range(PARALLEL)]
    path = f"/referrals/{referral.id}/move"
    results = at_once([
        lambda n=n: sessions[n].post(path, {"to": "lost", "version": "1",
                                            "note": f"Reason number {n} typed"})
        for n in range(PARALLEL)])
    one_winner(results)
    for code, body in results:
        if code == 409:
            assert "is now “Lost”" in body
            assert "Reason number" in body  # the loser's own words are still in the form


def test_a_form_without_its_version_still_has_one_winner(live, world, referral):
    """Scripts that leave the version out are compared with the row they read."""
    sessions = [Browser(live, world.bob), Browser(live, world.bob)]
    path = f"/referrals/{referral.id}/move"
    results = at_once([lambda n=n: sessions[n % 2].post(path, {"to": "won", "value": "10"})
                       for n in range(PARALLEL)])
    assert Counter(code for code, _ in results)[302] == 1
    saved = reload(referral.id)
    assert [e.to_status for e in status_events(saved)] == ["given", "won"]


def test_passing_on_racing_won_has_one_outcome(live, world, referral):
    sessions = [Browser(live, world.bob), Browser(live, world.bob)]
    path = f"/referrals/{referral.id}/move"
    pass_on = {"to": "passed_on", "pass_to": str(world.organizer.id), "version": "1"}
    won = {"to": "won", "value": "250", "version": "1"}
    results = at_once([lambda n=n: sessions[n % 2].post(path, pass_on if n % 2 else won)
                       for n in range(PARALLEL)])
    one_winner(results)
    saved = reload(referral.id)
    assert saved.status in {"won", "passed_on"}
    assert_history_agrees(saved)


def test_twenty_pass_ons_make_one_child(live, world, referral):
    sessions = [Browser(live, world.bob), Browser(live, world.bob)]
    path = f"/referrals/{referral.id}/move"
    data = {"to": "passed_on", "pass_to": str(world.organizer.id), "version": "1"}
    results = at_once([lambda n=n: sessions[n % 2].post(path, data) for n in range(PARALLEL)])
    one_winner(results)
    saved = reload(referral.id)
    assert saved.status == "passed_on"
    assert_history_agrees(saved)
    children = db.session.scalars(
        sa.select(Referral).where(Referral.passed_on_from_id == referral.id)).all()
    assert len(children) == 1


def test_twenty_thank_yous_record_one(live, world, referral):
    sessions = [Browser(live, world.bob), Browser(live, world.bob)]
    path = f"/referrals/{referral.id}/thank"
    today = clock.local_today(world.group.timezone).isoformat()
    data = {"method": "call", "when": today, "note": "Thanks!", "version": "1"}
    results = at_once([lambda n=n: sessions[n % 2].post(path, data) for n in range(PARALLEL)])
    one_winner(results)
    saved = reload(referral.id)
    assert saved.thanked_at is not None
    assert [e.kind for e in saved.events].count("thanks") == 1


def test_withdraw_racing_contacted_has_one_outcome(live, world, referral):
    giver, receiver = Browser(live, world.alice), Browser(live, world.bob)
    path = f"/referrals/{referral.id}"
    results = at_once([
        (lambda: giver.post(f"{path}/withdraw", {"reason": "Found another way", "version": "1"}))
        if n % 2 else
        (lambda: receiver.post(f"{path}/move", {"to": "contacted", "version": "1"}))
        for n in range(PARALLEL)])
    one_winner(results)
    saved = reload(referral.id)
    assert saved.status in {"withdrawn", "contacted"}
    assert_history_agrees(saved)
    kinds = [e.kind for e in saved.events]
    assert kinds.count("withdrawn") + kinds.count("status") == 1


def test_twenty_notes_from_a_stale_form_record_one(live, world, referral):
    sessions = [Browser(live, world.bob), Browser(live, world.bob)]
    path = f"/referrals/{referral.id}/note"
    results = at_once([lambda n=n: sessions[n % 2].post(path, {"note": f"Called {n}",
                                                               "version": "1"})
                       for n in range(PARALLEL)])
    one_winner(results)
    assert [e.kind for e in reload(referral.id).events].count("note") == 1


def test_twenty_edits_at_once_apply_one(live, world, referral):
    giver = [Browser(live, world.alice), Browser(live, world.alice)]
    path = f"/referrals/{referral.id}/edit"
    results = at_once([lambda n=n: giver[n % 2].post(path, {
        "prospect_name": f"Priya {n}", "need": "A new roof", "temperature": "3",
        "prospect_email": "priya@cafe.example", "version": "1"}) for n in range(PARALLEL)])
    one_winner(results)
    saved = reload(referral.id)
    assert [e.kind for e in saved.events].count("edited") == 1


def test_twenty_gives_of_one_form_record_one(live, world):
    giver = [Browser(live, world.alice), Browser(live, world.alice)]
    data = {"receiver": str(world.bob.id), "group": str(world.group.id),
            "prospect_name": "Dev Patel", "need": "Accounts for a café", "temperature": "3",
            "prospect_phone": "+44 20 7946 0018", "token": "g" * 32}
    results = at_once([lambda n=n: giver[n % 2].post("/referrals/new", data)
                       for n in range(PARALLEL)])
    assert {code for code, _ in results} == {302}, Counter(code for code, _ in results)
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Referral)) == 1
