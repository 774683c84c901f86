"""Working a referral through its pipeline, passing it on, thanking, correcting."""

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from partner_net import clock
from partner_net.extensions import db
from partner_net.models import Notification, Referral
from tests import factories
from tests.referral_factories import give


@pytest.fixture
def referral(world):
    return give(world.group, world.alice, world.bob)


def notes_for(member):
    return list(db.session.scalars(
        sa.select(Notification.text).where(Notification.member_id == member.id)
        .order_by(Notification.id)))


def move(client, referral, **data):
    return client.post(f"/referrals/{referral.id}/move", data=data)


def test_receiver_moves_it_forward_step_by_step(client, auth, world, referral):
    auth.login(world.bob)
    for status in ("contacted", "meeting", "proposal"):
        response = move(client, referral, to=status, note=f"now {status}", shared="y")
        assert response.status_code == 302
    db.session.refresh(referral)
    assert referral.status == "proposal"
    assert [(e.from_status, e.to_status) for e in referral.events if e.kind == "status"] == [
        ("given", "contacted"), ("contacted", "meeting"), ("meeting", "proposal")]
    assert referral.receiver_acted_at is not None


def test_a_backward_move_is_refused_and_nothing_changes(client, auth, world, referral):
    auth.login(world.bob)
    move(client, referral, to="meeting")
    response = move(client, referral, to="contacted", note="oops")
    assert response.status_code == 400
    assert "statuses only move forward" in response.get_data(as_text=True)
    db.session.refresh(referral)
    assert referral.status == "meeting"


def test_an_unknown_status_is_refused(client, auth, world, referral):
    auth.login(world.bob)
    response = move(client, referral, to="teleported")
    assert response.status_code == 400
    assert "Choose one of the statuses offered." in response.get_data(as_text=True)


def test_won_needs_a_value_and_credits_it_in_the_group_currency(client, auth, world, referral):
    auth.login(world.bob)
    response = move(client, referral, to="won")
    assert "Enter the value of the business closed." in response.get_data(as_text=True)
    response = move(client, referral, to="won", value="-5")
    assert "Enter an amount above zero." in response.get_data(as_text=True)
    response = move(client, referral, to="won", value="1250.50", shared="y")
    assert response.status_code == 302
    db.session.refresh(referral)
    assert referral.status == "won"
    assert referral.closed_value == Decimal("1250.50")
    assert referral.closed_currency == world.group.currency == "GBP"


def test_won_in_another_currency_is_refused_and_the_form_kept(client, auth, world, referral):
    """Closed values are in the group's currency only (totals never add two currencies)."""
    auth.login(world.bob)
    response = move(client, referral, to="won", value="900", currency="eur")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "counts closed business in GBP only" in page
    assert 'value="900"' in page
    db.session.refresh(referral)
    assert referral.status == "given" and referral.closed_currency is None


@pytest.mark.parametrize("status", ["lost", "not_a_fit"])
def test_lost_and_not_a_fit_need_a_reason(client, auth, world, referral, status):
    auth.login(world.bob)
    response = move(client, referral, to=status)
    assert response.status_code == 400
    assert "Say why it is" in response.get_data(as_text=True)
    assert move(client, referral, to=status, note="Went with a cheaper quote").status_code == 302
    db.session.refresh(referral)
    assert referral.status == status


def test_nothing_moves_after_a_closed_status(client, auth, world, referral):
    auth.login(world.bob)
    move(client, referral, to="lost", note="no budget")
    response = move(client, referral, to="won", value="10")
    assert response.status_code == 400
    db.session.refresh(referral)
    assert referral.status == "lost"


def test_only_shared_milestones_reach_the_referrer(client, auth, world, referral):
    auth.login(world.bob)
    move(client, referral, to="contacted", note="Left a voicemail", shared="y")
    move(client, referral, to="meeting", note="Their budget is £40k, confidential")
    texts = notes_for(world.alice)
    assert any("contacted" in t for t in texts)
    assert not any("meeting" in t for t in texts)
    auth.logout()
    auth.login(world.alice)
    page = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert "Left a voicemail" in page
    assert "confidential" not in page
    assert "You see the milestones Bob chose to share" in page


def test_a_milestone_note_without_status_change(client, auth, world, referral):
    auth.login(world.bob)
    response = client.post(f"/referrals/{referral.id}/note",
                           data={"note": "Quote requested", "shared": "y"})
    assert response.status_code == 302
    assert any("Quote requested" in t for t in notes_for(world.alice))
    response = client.post(f"/referrals/{referral.id}/note", data={"note": ""})
    assert "Write the note first." in response.get_data(as_text=True)


def test_the_giver_cannot_work_the_referral(client, auth, world, referral):
    auth.login(world.alice)
    assert move(client, referral, to="contacted").status_code == 403
    assert client.post(f"/referrals/{referral.id}/note", data={"note": "x"}).status_code == 403
    db.session.refresh(referral)
    assert referral.status == "given"
    assert [e.kind for e in referral.events] == ["created"]


# --- passing on ---------------------------------------------------------------------


def test_passing_on_creates_a_linked_referral_from_the_original_giver(
        client, auth, world, referral):
    auth.login(world.bob)
    response = move(client, referral, to="passed_on", pass_to=str(world.organizer.id),
                    note="Olivia does exactly this")
    assert response.status_code == 302
    db.session.refresh(referral)
    child = referral.passed_on_to[0]
    assert referral.status == "passed_on"
    assert (child.giver_id, child.receiver_id, child.passed_on_by_id) == (
        world.alice.id, world.organizer.id, world.bob.id)
    assert child.status == "given"
    assert child.prospect_name == referral.prospect_name and child.need == referral.need
    assert any("passed Priya Prospect on to Olivia Organizer; you keep the credit" in t
               for t in notes_for(world.alice))
    assert any("passed on Alice Archer's referral" in t for t in notes_for(world.organizer))


def test_passing_on_needs_a_member_and_not_the_giver(client, auth, world, referral):
    auth.login(world.bob)
    response = move(client, referral, to="passed_on")
    assert "Choose the member who is a better fit." in response.get_data(as_text=True)
    response = move(client, referral, to="passed_on", pass_to=str(world.alice.id))
    assert "not yourself, nor the giver" in response.get_data(as_text=True)
    response = move(client, referral, to="passed_on", pass_to=str(world.other_organizer.id))
    assert "is not an active member of North Star" in response.get_data(as_text=True)
    db.session.refresh(referral)
    assert referral.status == "given"


def test_a_chain_can_be_passed_on_twice(client, auth, world, referral):
    carol = factories.make_member("Carol Cooper")
    factories.join(world.group, carol)
    db.session.commit()
    auth.login(world.bob)
    move(client, referral, to="passed_on", pass_to=str(world.organizer.id))
    child = db.session.scalar(sa.select(Referral).where(Referral.passed_on_from_id == referral.id))
    auth.logout()
    auth.login(world.organizer)
    move(client, child, to="passed_on", pass_to=str(carol.id))
    last = db.session.scalar(sa.select(Referral).where(Referral.receiver_id == carol.id))
    assert last.giver_id == world.alice.id
    assert last.passed_on_by_id == world.organizer.id


# --- thank-you ------------------------------------------------------------------------


def test_thank_you_whatever_the_outcome(client, auth, world, referral):
    auth.login(world.bob)
    move(client, referral, to="lost", note="no budget", shared="y")
    today = clock.now().date().isoformat()
    response = client.post(f"/referrals/{referral.id}/thank",
                           data={"method": "card", "when": today, "note": "Thanks Alice!"})
    assert response.status_code == 302
    db.session.refresh(referral)
    assert referral.thanked_at is not None and referral.thank_you_method == "card"
    assert any("thanked you" in t for t in notes_for(world.alice))
    again = client.post(f"/referrals/{referral.id}/thank",
                        data={"method": "call", "when": today})
    assert again.status_code == 400
    assert "already recorded a thank-you" in again.get_data(as_text=True)
    auth.logout()
    auth.login(world.alice)
    assert "Thanks Alice!" in client.get(f"/referrals/{referral.id}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "message"),
    [({"method": "card", "when": "2999-01-01"}, "can&#39;t be in the future"),
     ({"method": "card", "when": "yesterday"}, "Enter the date, like"),
     ({"method": "card", "when": "2020-01-01"}, "dated before the referral was given"),
     ({"method": "telepathy", "when": "2026-01-01"}, "Not a valid choice")],
)
def test_thank_you_validation(client, auth, world, referral, data, message):
    auth.login(world.bob)
    response = client.post(f"/referrals/{referral.id}/thank", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_only_the_receiver_records_the_thank_you(client, auth, world, referral):
    auth.login(world.alice)
    response = client.post(f"/referrals/{referral.id}/thank",
                           data={"method": "card", "when": clock.now().date().isoformat()})
    assert response.status_code == 403
    db.session.refresh(referral)
    assert referral.thanked_at is None


# --- corrections by the giver -----------------------------------------------------------


def test_giver_edits_until_the_receiver_acts(client, auth, world, referral):
    auth.login(world.alice)
    page = client.get(f"/referrals/{referral.id}/edit").get_data(as_text=True)
    assert "priya@cafe.example" in page
    response = client.post(f"/referrals/{referral.id}/edit", data={
        "prospect_name": "Priya Patel", "prospect_email": "priya@cafe.example",
        "need": "Roof leaks", "temperature": "5"})
    assert response.status_code == 302
    db.session.refresh(referral)
    assert referral.prospect_name == "Priya Patel" and referral.temperature == 5
    assert referral.events[-1].kind == "edited"
    assert referral.events[-1].note == (
        "Corrected: name, company, phone, need, temperature, expects call.")
    auth.logout()
    auth.login(world.bob)
    move(client, referral, to="contacted")
    auth.logout()
    auth.login(world.alice)
    response = client.get(f"/referrals/{referral.id}/edit")
    assert response.status_code == 302
    response = client.post(f"/referrals/{referral.id}/withdraw", data={"reason": "dup"})
    db.session.refresh(referral)
    assert referral.status == "contacted"


def test_receiver_cannot_edit(client, auth, world, referral):
    auth.login(world.bob)
    assert client.get(f"/referrals/{referral.id}/edit").status_code == 403


def test_giver_withdraws_with_a_reason(client, auth, world, referral):
    auth.login(world.alice)
    response = client.post(f"/referrals/{referral.id}/withdraw", data={"reason": ""})
    assert response.status_code == 400
    assert "Say why, so the receiver understands." in response.get_data(as_text=True)
    client.post(f"/referrals/{referral.id}/withdraw", data={"reason": "She found someone"})
    db.session.refresh(referral)
    assert referral.status == "withdrawn"
    assert any("withdrew" in t for t in notes_for(world.bob))


def test_history_is_never_rewritten(client, auth, world, referral):
    auth.login(world.bob)
    move(client, referral, to="contacted", note="first", shared="y")
    first_events = [(e.id, e.kind, e.note) for e in referral.events]
    move(client, referral, to="meeting", note="second")
    db.session.refresh(referral)
    assert [(e.id, e.kind, e.note) for e in referral.events][:len(first_events)] == first_events
    assert len(referral.events) == len(first_events) + 1


# --- flags with a controlled clock ---------------------------------------------------


def test_48_hour_contact_flag_for_receiver_and_giver(client, auth, world, set_now):
    start = clock.now()
    set_now(start)
    referral = give(world.group, world.alice, world.bob)
    auth.login(world.bob)
    set_now(start + timedelta(hours=47))
    assert "waiting over 48 h" not in client.get(f"/g/{world.group.slug}/").get_data(
        as_text=True)
    set_now(start + timedelta(hours=49))
    assert "waiting over 48 h" in client.get(f"/g/{world.group.slug}/").get_data(
        as_text=True)
    auth.logout()
    auth.login(world.alice)
    dashboard = client.get(f"/g/{world.group.slug}/").get_data(as_text=True)
    assert "You gave, not yet contacted" in dashboard
    given = client.get("/referrals?box=given").get_data(as_text=True)
    assert "not yet contacted" in given
    auth.logout()
    auth.login(world.bob)
    move(client, referral, to="contacted")
    assert "waiting over 48 h" not in client.get(f"/g/{world.group.slug}/").get_data(
        as_text=True)


def test_7_day_thank_you_flag(client, auth, world, set_now):
    start = clock.now()
    set_now(start)
    referral = give(world.group, world.alice, world.bob)
    auth.login(world.bob)
    move(client, referral, to="contacted")
    set_now(start + timedelta(days=6, hours=23))
    assert "Thank-yous owed" not in client.get(f"/g/{world.group.slug}/").get_data(as_text=True)
    set_now(start + timedelta(days=7, hours=1))
    assert "Thank-yous owed" in client.get(f"/g/{world.group.slug}/").get_data(as_text=True)
    assert "You have not thanked Alice Archer yet" in client.get(
        f"/referrals/{referral.id}").get_data(as_text=True)
