"""The status pipeline's rules, without a database."""

from datetime import UTC, datetime, timedelta

import pytest

from partner_net.referrals.pipeline import (
    CLOSED,
    Status,
    awaiting_contact,
    can_receiver_move,
    counts_for_reciprocity,
    giver_may_change,
    receiver_moves,
    thank_you_overdue,
)

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

FORWARD = [
    (Status.GIVEN, Status.CONTACTED),
    (Status.GIVEN, Status.MEETING),
    (Status.GIVEN, Status.WON),
    (Status.GIVEN, Status.PASSED_ON),
    (Status.GIVEN, Status.NOT_A_FIT),
    (Status.CONTACTED, Status.MEETING),
    (Status.MEETING, Status.PROPOSAL),
    (Status.PROPOSAL, Status.WON),
    (Status.PROPOSAL, Status.LOST),
    (Status.CONTACTED, Status.PASSED_ON),
]

BACKWARD_OR_FROM_CLOSED = [
    (Status.CONTACTED, Status.GIVEN),
    (Status.PROPOSAL, Status.MEETING),
    (Status.MEETING, Status.CONTACTED),
    (Status.GIVEN, Status.GIVEN),
    (Status.GIVEN, Status.WITHDRAWN),  # only the giver withdraws
    *[(closed, target) for closed in sorted(CLOSED) for target in Status],
]


@pytest.mark.parametrize(("current", "target"), FORWARD)
def test_forward_moves_are_allowed(current, target):
    assert can_receiver_move(current, target)


@pytest.mark.parametrize(("current", "target"), BACKWARD_OR_FROM_CLOSED)
def test_backward_moves_and_moves_from_closed_are_refused(current, target):
    assert not can_receiver_move(current, target)


def test_moves_are_offered_in_pipeline_order():
    assert receiver_moves(Status.CONTACTED) == [
        Status.MEETING, Status.PROPOSAL, Status.WON, Status.LOST, Status.NOT_A_FIT,
        Status.PASSED_ON]
    assert receiver_moves(Status.WON) == []


def test_giver_may_change_only_before_the_receiver_acts():
    assert giver_may_change(Status.GIVEN, receiver_has_acted=False)
    assert not giver_may_change(Status.GIVEN, receiver_has_acted=True)
    assert not giver_may_change(Status.CONTACTED, receiver_has_acted=False)


@pytest.mark.parametrize(
    ("status", "counts"),
    [(Status.GIVEN, True), (Status.WON, True), (Status.LOST, True),
     (Status.NOT_A_FIT, False), (Status.PASSED_ON, False), (Status.WITHDRAWN, False)],
)
def test_what_counts_for_reciprocity(status, counts):
    assert counts_for_reciprocity(status) is counts


def test_contact_flag_after_48_hours_only_while_given():
    assert not awaiting_contact(Status.GIVEN, T0, T0 + timedelta(hours=47, minutes=59))
    assert awaiting_contact(Status.GIVEN, T0, T0 + timedelta(hours=48))
    assert not awaiting_contact(Status.CONTACTED, T0, T0 + timedelta(days=5))


def test_thank_you_flag_after_7_days_whatever_the_outcome():
    later = T0 + timedelta(days=7)
    assert not thank_you_overdue(Status.LOST, T0, None, T0 + timedelta(days=6, hours=23))
    assert thank_you_overdue(Status.LOST, T0, None, later)
    assert thank_you_overdue(Status.WON, T0, None, later)
    assert not thank_you_overdue(Status.WON, T0, T0 + timedelta(days=1), later)
    assert not thank_you_overdue(Status.WITHDRAWN, T0, None, later)
