"""The demo's year of referrals: every status, values, thank-yous, passed-on chains."""

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased, selectinload

from partner_net import clock
from partner_net.demo.loader import demo_group
from partner_net.extensions import db
from partner_net.models import Member, Referral
from partner_net.referrals.pipeline import Status


def snapshot():
    """The referrals by who gave whom what (by email: ids differ between two loads)."""
    giver, receiver = aliased(Member), aliased(Member)
    return list(db.session.execute(
        sa.select(giver.email, receiver.email, Referral.status, Referral.closed_value,
                  Referral.prospect_name)
        .join(giver, giver.id == Referral.giver_id)
        .join(receiver, receiver.id == Referral.receiver_id)
        .order_by(Referral.created_at, Referral.prospect_name)))


def test_a_year_of_referrals_in_every_status(demo_app):
    group = demo_group()
    referrals = list(db.session.scalars(sa.select(Referral).filter_by(group_id=group.id)))
    assert len(referrals) >= 500
    statuses = {r.status for r in referrals}
    assert statuses >= {s.value for s in Status} - {Status.MEETING.value}
    oldest = min(r.created_at for r in referrals)
    assert clock.now() - oldest > timedelta(days=300)
    won = [r for r in referrals if r.status == Status.WON]
    assert won and all(r.closed_value and r.closed_value > 0 for r in won)
    assert all(r.closed_currency == "GBP" for r in won)
    assert sum(r.thanked_at is not None for r in referrals) > len(referrals) / 2
    assert all(r.giver_id != r.receiver_id for r in referrals)


def test_passed_on_chains_credit_the_original_giver(demo_app):
    children = list(db.session.scalars(
        sa.select(Referral).where(Referral.passed_on_from_id.is_not(None))))
    assert children
    for child in children:
        parent = child.passed_on_from
        assert parent.status == Status.PASSED_ON
        assert child.giver_id == parent.giver_id
        assert child.passed_on_by_id == parent.receiver_id
        assert child.receiver_id not in (parent.giver_id, parent.receiver_id)


def test_every_referral_has_a_history_that_matches_its_status(demo_app):
    for referral in db.session.scalars(sa.select(Referral).options(selectinload(Referral.events))):
        kinds = [e.kind for e in referral.events]
        assert kinds[0] == "created"
        moves = [e for e in referral.events if e.to_status and e.kind != "created"]
        if referral.status != Status.GIVEN:
            assert moves[-1].to_status == referral.status
        times = [e.created_at for e in referral.events]
        assert times == sorted(times) or referral.thanked_at is not None


# That the referrals are the same for a seed: tests/test_demo.py::test_same_seed_gives_the_same_demo
# (one pair of loads for members and referrals alike).
