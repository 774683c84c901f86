"""Members swap their featured-speaker turns themselves: ask, accept, decline, cancel,
what is re-checked on accept, and who may do what."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.meetings import schedule
from partner_net.models import (
    Attendance,
    Member,
    Membership,
    Notification,
    SpeakerPin,
    SpeakerSwap,
)
from tests.meetings.helpers import NOW
from tests.meetings.swap_helpers import (
    answer_url,
    ask_data,
    current_plan,
    make_crew,
    rota_url,
    swaps,
)


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    set_now(NOW)


@pytest.fixture
def crew(world):
    return make_crew(world)


def ask(client, world, crew, mine=0, theirs=2):
    """The member on the ``mine``-th date asks the one on the ``theirs``-th (signed in)."""
    other = crew.on(theirs)
    return client.post(f"{rota_url(world.group)}/swaps",
                       data=ask_data(crew.dates[mine], crew.dates[theirs], other))


def notifications_of(member) -> list[Notification]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Notification).filter_by(member_id=member.id)))


def test_a_planned_member_sees_ask_to_swap_next_to_other_turns_only(world, auth, client, crew):
    speaker = crew.on(0)
    auth.login(speaker)
    page = client.get(rota_url(world.group)).get_data(as_text=True)
    # Every other planned turn but their own.
    assert page.count(">Ask to swap<span") == len(crew.dates) - 1
    assert "You speak on" in page
    auth.logout()
    # Nine members, eight dates: one member has no turn in the horizon and no button.
    everyone = db.session.scalars(sa.select(Membership.member_id).filter_by(
        group_id=world.group.id)).all()
    [idle_id] = [i for i in everyone if i not in crew.plan.values()]
    idle = db.session.get(Member, idle_id)
    auth.login(idle)
    page = client.get(rota_url(world.group)).get_data(as_text=True)
    assert "Ask to swap" not in page


def test_ask_then_accept_swaps_both_dates_and_tells_the_requester(world, auth, client, crew):
    asker, other = crew.on(0), crew.on(2)
    auth.login(asker)
    response = ask(client, world, crew)
    assert response.status_code == 302
    [swap] = swaps()
    assert (swap.status, swap.version, swap.requester_id, swap.other_id) == (
        "pending", 1, asker.id, other.id)
    [note] = notifications_of(other)
    assert note.speaker_swap_id == swap.id and asker.name in note.text
    page = client.get(rota_url(world.group)).get_data(as_text=True)
    assert f"You asked {other.name}" in page and "Waiting for an answer" in page
    auth.logout()

    auth.login(other)
    page = client.get(rota_url(world.group)).get_data(as_text=True)
    assert f"{asker.name} asks to swap" in page and ">Accept</button>" in page
    # No "Ask to swap" back to the asker: the answer is above.
    assert page.count(">Ask to swap<span") == len(crew.dates) - 2
    assert f"with {asker.name}</span>" not in page
    response = client.post(answer_url(world.group, swap.id, "accept"), data={"version": "1"})
    assert response.status_code == 302
    _, plan = current_plan(world.group)
    assert plan[crew.dates[0]] == other.id and plan[crew.dates[2]] == asker.id
    assert {p.on: (p.member_id, p.swap_id, p.pinned_by_id) for p in db.session.scalars(
        sa.select(SpeakerPin))} == {crew.dates[0]: (other.id, swap.id, other.id),
                                    crew.dates[2]: (asker.id, swap.id, other.id)}
    [swap] = swaps()
    assert swap.status == "accepted" and swap.version == 2 and swap.decided_at is not None
    assert notifications_of(other)[0].read_at is not None
    told = [n for n in notifications_of(asker) if n.kind == "speaker_swap_decided"]
    assert len(told) == 1 and "accepted" in told[0].text
    page = client.get(rota_url(world.group)).get_data(as_text=True)
    assert f"Swapped: {asker.name} asked, {other.name} accepted" in page
    # Nobody speaks twice.
    assert len(set(plan.values())) == len(plan)


def test_a_second_request_for_the_same_two_dates_is_refused_either_way(world, auth, client,
                                                                       crew):
    auth.login(crew.on(0))
    assert ask(client, world, crew).status_code == 302
    again = ask(client, world, crew)
    assert again.status_code == 409
    assert "already waiting for an answer" in again.get_data(as_text=True)
    auth.logout()
    auth.login(crew.on(2))
    reverse = ask(client, world, crew, mine=2, theirs=0)
    assert reverse.status_code == 409
    assert len(swaps()) == 1


def test_the_database_refuses_a_second_pending_request_for_the_same_dates(world, crew):
    first = SpeakerSwap(group_id=world.group.id, requester_id=crew.on(0).id,
                        requester_on=crew.dates[0], other_id=crew.on(1).id,
                        other_on=crew.dates[1],
                        pair_key=SpeakerSwap.key_of(crew.dates[0], crew.dates[1]))
    db.session.add(first)
    db.session.commit()
    db.session.add(SpeakerSwap(group_id=world.group.id, requester_id=crew.on(1).id,
                               requester_on=crew.dates[1], other_id=crew.on(0).id,
                               other_on=crew.dates[0],
                               pair_key=SpeakerSwap.key_of(crew.dates[1], crew.dates[0])))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
    first.status = "declined"
    db.session.commit()
    db.session.add(SpeakerSwap(group_id=world.group.id, requester_id=crew.on(1).id,
                               requester_on=crew.dates[1], other_id=crew.on(0).id,
                               other_on=crew.dates[0],
                               pair_key=SpeakerSwap.key_of(crew.dates[1], crew.dates[0])))
    db.session.commit()  # a decided request does not block a new one


def test_refusals_say_why_and_record_nothing(world, auth, client, crew):
    asker = crew.on(0)
    auth.login(asker)
    url = f"{rota_url(world.group)}/swaps"
    cases = [
        (ask_data(crew.dates[1], crew.dates[2], crew.on(2)), "You are not planned to speak"),
        (ask_data(crew.dates[0], crew.dates[2], crew.on(3)), "is not planned to speak on"),
        (ask_data(crew.dates[0], crew.dates[0], asker), "cannot swap with yourself"),
        (ask_data(crew.dates[0], crew.dates[0] - timedelta(weeks=1), crew.on(2)),
         "That date has passed"),
        (ask_data(crew.dates[0], crew.dates[-1] + timedelta(weeks=3), crew.on(2)),
         "not on the rota"),
    ]
    for data, message in cases:
        response = client.post(url, data=data)
        assert response.status_code == 409, (data, response.status_code)
        assert message in response.get_data(as_text=True), message
    meeting = schedule.materialise(world.group, crew.dates[2])
    meeting.cancelled_at = NOW
    db.session.commit()
    cancelled = client.post(url, data=ask_data(crew.dates[0], crew.dates[2], crew.on(2)))
    assert cancelled.status_code == 409
    assert "That meeting is cancelled" in cancelled.get_data(as_text=True)
    assert swaps() == []


@pytest.mark.parametrize("data", [
    {},
    {"mine": "2026-13-45", "theirs": "x", "other": "1"},
    {"mine": "2026-12-02", "theirs": "2026-12-09", "other": "99999999999999"},
    {"mine": "2026-12-02\x00", "theirs": "2026-12-09", "other": "-1"},
])
def test_nonsense_gets_a_clear_answer_not_a_500(world, auth, client, crew, data):
    auth.login(crew.on(0))
    response = client.post(f"{rota_url(world.group)}/swaps", data=data)
    assert response.status_code in (400, 404, 409)
    assert swaps() == []


def test_accept_re_checks_the_rota_and_expires_a_request_it_no_longer_supports(
        world, auth, client, crew):
    asker, other = crew.on(0), crew.on(2)
    auth.login(asker)
    ask(client, world, crew)
    auth.logout()
    [swap] = swaps()
    # The asker is marked absent in advance: the rota pushes them back.
    meeting = schedule.materialise(world.group, crew.dates[0])
    db.session.add(Attendance(meeting_id=meeting.id, member_id=asker.id, status="absent"))
    db.session.commit()
    _, before = current_plan(world.group)
    auth.login(other)
    page = client.get(rota_url(world.group)).get_data(as_text=True)
    assert "Expired" in page and ">Accept</button>" not in page
    response = client.post(answer_url(world.group, swap.id, "accept"), data={"version": "1"})
    assert response.status_code == 409
    assert "can no longer be made" in response.get_data(as_text=True)
    assert swaps()[0].status == "expired"
    assert current_plan(world.group)[1] == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SpeakerPin)) == 0


def test_an_organizer_swap_since_the_request_makes_it_expire(world, auth, client, crew):
    asker, other = crew.on(0), crew.on(2)
    auth.login(asker)
    ask(client, world, crew)
    auth.logout()
    auth.login(world.organizer)
    assert client.post(rota_url(world.group), data={
        "first": crew.dates[2].isoformat(), "second": crew.dates[3].isoformat()}
    ).status_code == 302
    page = client.get(rota_url(world.group)).get_data(as_text=True)
    assert f"Swapped by {world.organizer.name}" in page
    auth.logout()
    auth.login(other)
    [swap] = swaps()
    response = client.post(answer_url(world.group, swap.id, "accept"), data={"version": "1"})
    assert response.status_code == 409 and swaps()[0].status == "expired"


def test_decline_tells_the_requester_and_a_later_accept_is_refused(world, auth, client, crew):
    asker, other = crew.on(0), crew.on(2)
    auth.login(asker)
    ask(client, world, crew)
    auth.logout()
    [swap] = swaps()
    auth.login(other)
    response = client.post(answer_url(world.group, swap.id, "decline"), data={"version": "1"})
    assert response.status_code == 302
    assert swaps()[0].status == "declined"
    assert any("declined" in n.text for n in notifications_of(asker))
    late = client.post(answer_url(world.group, swap.id, "accept"), data={"version": "1"})
    assert late.status_code == 409
    assert "changed meanwhile: it was declined" in late.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SpeakerPin)) == 0


def test_the_requester_cancels_while_pending_and_then_it_cannot_be_accepted(
        world, auth, client, crew):
    asker, other = crew.on(0), crew.on(2)
    auth.login(asker)
    ask(client, world, crew)
    [swap] = swaps()
    response = client.post(answer_url(world.group, swap.id, "cancel"), data={"version": "1"})
    assert response.status_code == 302 and swaps()[0].status == "cancelled"
    assert notifications_of(other)[0].read_at is not None
    auth.logout()
    auth.login(other)
    late = client.post(answer_url(world.group, swap.id, "accept"), data={"version": "1"})
    assert late.status_code == 409
    assert "it was cancelled" in late.get_data(as_text=True)


def test_a_stale_version_is_a_conflict(world, auth, client, crew):
    auth.login(crew.on(0))
    ask(client, world, crew)
    auth.logout()
    [swap] = swaps()
    auth.login(crew.on(2))
    for version in ("0", "2", "x", ""):
        response = client.post(answer_url(world.group, swap.id, "accept"),
                               data={"version": version})
        assert response.status_code == 409
    assert swaps()[0].status == "pending"


def test_one_tap_from_the_notification(world, auth, client, crew):
    asker, other = crew.on(0), crew.on(2)
    auth.login(asker)
    ask(client, world, crew)
    auth.logout()
    [swap] = swaps()
    auth.login(other)
    page = client.get("/notifications").get_data(as_text=True)
    assert f"{asker.name} asks to swap" in page
    assert answer_url(world.group, swap.id, "accept") in page
    response = client.post(answer_url(world.group, swap.id, "accept"),
                           data={"version": "1", "next": "/notifications"})
    assert response.status_code == 302 and response.location.endswith("/notifications")
    assert swaps()[0].status == "accepted"
    page = client.get("/notifications").get_data(as_text=True)
    assert answer_url(world.group, swap.id, "accept") not in page
    assert ">Swapped</span>" in page


def test_organizers_see_the_waiting_requests_and_other_members_do_not(world, auth, client,
                                                                      crew):
    asker = crew.on(0)
    auth.login(asker)
    ask(client, world, crew)
    auth.logout()
    auth.login(world.organizer)
    page = client.get(rota_url(world.group)).get_data(as_text=True)
    assert "Swap requests waiting in the group" in page and asker.name in page
    auth.logout()
    third = crew.on(4)
    auth.login(third)
    page = client.get(rota_url(world.group)).get_data(as_text=True)
    assert "waiting in the group" not in page and "asks to swap" not in page


class TestAuthorization:
    @pytest.fixture
    def swap(self, world, auth, client, crew):
        auth.login(crew.on(0))
        ask(client, world, crew)
        auth.logout()
        return swaps()[0]

    @pytest.mark.parametrize("action", ["accept", "decline", "cancel"])
    def test_anonymous_is_sent_to_sign_in(self, world, client, swap, action):
        response = client.post(answer_url(world.group, swap.id, action), data={"version": "1"})
        assert response.status_code == 302 and "/auth/signin" in response.location
        response = client.post(f"{rota_url(world.group)}/swaps", data={})
        assert response.status_code == 302 and "/auth/signin" in response.location

    @pytest.mark.parametrize("action", ["accept", "decline", "cancel"])
    def test_a_third_member_gets_404(self, world, auth, client, crew, swap, action):
        auth.login(crew.on(4))
        response = client.post(answer_url(world.group, swap.id, action), data={"version": "1"})
        assert response.status_code == 404
        assert swaps()[0].status == "pending"

    @pytest.mark.parametrize("action", ["accept", "decline"])
    def test_the_requester_cannot_answer_their_own(self, world, auth, client, crew, swap,
                                                   action):
        auth.login(crew.on(0))
        response = client.post(answer_url(world.group, swap.id, action), data={"version": "1"})
        assert response.status_code == 403
        assert swaps()[0].status == "pending"

    def test_the_other_member_cannot_cancel_it(self, world, auth, client, crew, swap):
        auth.login(crew.on(2))
        response = client.post(answer_url(world.group, swap.id, "cancel"),
                               data={"version": "1"})
        assert response.status_code == 403

    @pytest.mark.parametrize("action", ["accept", "decline", "cancel"])
    def test_the_groups_organizer_sees_it_but_cannot_answer(self, world, auth, client, swap,
                                                            action):
        auth.login(world.organizer)
        response = client.post(answer_url(world.group, swap.id, action), data={"version": "1"})
        assert response.status_code == 403
        assert swaps()[0].status == "pending"

    @pytest.mark.parametrize("action", ["accept", "decline", "cancel"])
    def test_another_groups_organizer_gets_404_either_way(self, world, auth, client, swap,
                                                          action):
        auth.login(world.other_organizer)
        theirs = f"/g/{world.other_group.slug}/meetings/rota/swaps/{swap.id}/{action}"
        assert client.post(theirs, data={"version": "1"}).status_code == 404
        assert client.post(answer_url(world.group, swap.id, action),
                           data={"version": "1"}).status_code == 404
        assert client.get(rota_url(world.group)).status_code == 404
        assert swaps()[0].status == "pending"

    def test_an_unknown_request_is_404(self, world, auth, client, crew, swap):
        auth.login(crew.on(2))
        assert client.post(answer_url(world.group, 2**31 - 1, "accept"),
                           data={"version": "1"}).status_code == 404
        assert client.post(answer_url(world.group, 2**40, "accept"),
                           data={"version": "1"}).status_code == 404


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True,
                                         "SWAP_REQUEST_RATE_LIMIT": "2 per hour"}])
def test_creating_requests_is_rate_limited(world, auth, client, crew):
    auth.login(crew.on(0))
    assert ask(client, world, crew, theirs=1).status_code == 302
    assert ask(client, world, crew, theirs=2).status_code == 302
    third = ask(client, world, crew, theirs=3)
    assert third.status_code == 429
    assert len(swaps()) == 2


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_the_forms_carry_csrf_and_a_post_without_it_fails(world, auth, client, crew):
    import re

    asker = crew.on(0)
    page = client.get("/auth/signin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/auth/signin", data={"email": asker.email, "password": "correct horse battery",
                                      "csrf_token": token})
    page = client.get(rota_url(world.group)).get_data(as_text=True)
    token = re.search(r'type="hidden" name="csrf_token" value="([^"]+)"', page).group(1)
    url = f"{rota_url(world.group)}/swaps"
    data = ask_data(crew.dates[0], crew.dates[2], crew.on(2))
    assert client.post(url, data=data).status_code == 400
    assert swaps() == []
    assert client.post(url, data={**data, "csrf_token": token}).status_code == 302
    assert len(swaps()) == 1


def test_a_request_whose_date_has_passed_shows_expired_and_cannot_be_accepted(
        world, auth, client, crew, set_now):
    asker, other = crew.on(0), crew.on(2)
    auth.login(asker)
    ask(client, world, crew)
    auth.logout()
    [swap] = swaps()
    set_now(NOW + timedelta(days=3))  # the asker's date is over
    auth.login(other)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Expired" in page and answer_url(world.group, swap.id, "accept") not in page
    response = client.post(answer_url(world.group, swap.id, "accept"), data={"version": "1"})
    assert response.status_code == 409
    assert "That date has passed" in response.get_data(as_text=True)
    assert swaps()[0].status == "expired"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SpeakerPin)) == 0


def test_the_meetings_page_says_when_a_request_waits_for_me(world, auth, client, crew):
    asker, other = crew.on(0), crew.on(2)
    auth.login(asker)
    ask(client, world, crew)
    page = client.get(f"/g/{world.group.slug}/meetings").get_data(as_text=True)
    assert "asks to swap" not in page
    auth.logout()
    auth.login(other)
    page = client.get(f"/g/{world.group.slug}/meetings").get_data(as_text=True)
    assert "A member asks to swap featured-speaker turns with you." in page
    assert "Answer on the speaker rota" in page
