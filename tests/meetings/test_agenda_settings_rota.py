"""The agenda members read, the organizer's meeting settings, and the speaker rota."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.meetings import live, rota, rules, schedule
from partner_net.models import Attendance, MeetingRules, SpeakerPin
from tests import factories
from tests.meetings.helpers import NEXT, NOW, base, meeting_of


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    set_now(NOW)


def test_members_read_the_agenda_with_times_and_the_speaking_order(world, auth, client):
    auth.login(world.bob)
    page = client.get(f"{base(world.group)}/{NEXT.isoformat()}").get_data(as_text=True)
    assert "Open networking" in page and "60-second round" in page
    assert "07:00" in page and "07:20" in page  # open networking 15 + education 5
    order = page[page.index("speaking order"):]
    assert order.index("Alice Archer") < order.index("Bob Baker") < order.index("Olivia Organizer")
    assert "Open the console" not in page and "Move" not in page
    assert "My ask this week" in page


def test_the_round_starts_one_name_further_down_each_week(world):
    first = meeting_of(world.group)
    first.round_starter_id = world.alice.id  # fixed when it started
    db.session.commit()
    later = [meeting_of(world.group, NEXT + timedelta(weeks=w)) for w in (1, 2, 3)]
    starters = [live.speaking_turns(m)[0].member.id for m in later]
    assert starters == [world.bob.id, world.organizer.id, world.alice.id]
    assert [t.member.name for t in live.speaking_turns(later[0])] == [
        world.bob.name, world.organizer.name, world.alice.name]


def test_settings_change_the_agenda_and_the_rules(world, auth, client):
    auth.login(world.organizer)
    url = f"{base(world.group)}/settings"
    page = client.get(url).get_data(as_text=True)
    assert "Open networking" in page and 'value="15"' in page
    data = {"speaking_seconds": "45", "absences_allowed": "2", "lates_per_absence": "3",
            "window_months": "6",
            "agenda-0-kind": "open", "agenda-0-title": "Coffee", "agenda-0-minutes": "10",
            "agenda-1-kind": "round", "agenda-1-title": "Round", "agenda-1-minutes": "25",
            "agenda-2-kind": "speaker", "agenda-2-title": "Talk", "agenda-2-minutes": "0",
            "agenda-3-kind": "other", "agenda-3-title": "Birthday cake", "agenda-3-minutes": "5"}
    assert client.post(url, data=data).status_code == 302
    saved = rules.rules_for(world.group)
    assert [(i.kind, i.title, i.minutes) for i in saved.agenda] == [
        ("open", "Coffee", 10), ("round", "Round", 25), ("other", "Birthday cake", 5)]
    assert (saved.speaking_seconds, saved.attendance.absences_allowed,
            saved.attendance.lates_per_absence) == (45, 2, 3)
    bad = client.post(url, data={**data, "agenda-0-minutes": "999", "speaking_seconds": "x"})
    assert bad.status_code == 200 and "Use 0 to 120 minutes" in bad.get_data(as_text=True)
    empty = client.post(url, data={**data, "agenda-0-minutes": "0", "agenda-1-minutes": "0",
                                   "agenda-3-minutes": "0"})
    assert "at least one agenda item" in empty.get_data(as_text=True)
    client.post(url, data={**data, "reset": "1"})
    assert db.session.get(MeetingRules, world.group.id) is None
    auth.logout()
    auth.login(world.alice)
    assert client.post(url, data=data).status_code == 403


def test_a_started_meeting_keeps_its_agenda(world, auth, client):
    meeting = meeting_of(world.group)
    auth.login(world.organizer)
    client.post(f"{base(world.group)}/{meeting.id}/console", data={"action": "start",
                                                                   "version": 0})
    rules.save_rules(world.group, rules.GroupRules(
        (rules.AgendaItem("round", "Only the round", 30),), 60, rules.defaults().attendance))
    db.session.commit()
    db.session.refresh(meeting)
    assert len(live.agenda_of(meeting)) == len(rules.defaults().agenda)


def test_the_rota_plans_ahead_swaps_and_pushes_an_absent_speaker_back(world, auth, client):
    carol = factories.make_member("Carol Cooper")
    factories.join(world.group, carol)
    db.session.commit()
    dates = rota.horizon(world.group)
    plan = rota.planned(world.group, dates)
    first_four = [plan[d] for d in dates[:4]]
    assert len(set(first_four)) == 4  # everybody once before anyone twice
    auth.login(world.alice)
    page = client.get(f"{base(world.group)}/rota")
    assert page.status_code == 200 and "Swap two speakers" not in page.get_data(as_text=True)
    assert client.post(f"{base(world.group)}/rota", data={}).status_code == 403
    auth.logout()
    auth.login(world.organizer)
    response = client.post(f"{base(world.group)}/rota", data={
        "first": dates[0].isoformat(), "second": dates[2].isoformat()})
    assert response.status_code == 302
    swapped = rota.planned(world.group, dates)
    assert (swapped[dates[0]], swapped[dates[2]]) == (plan[dates[2]], plan[dates[0]])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SpeakerPin)) == 2
    # Each meeting's own page names the rota's speaker, also between the swapped dates
    # (the member pinned to the later date is not in the queue before it).
    for day in dates[:3]:
        assert rota.planned_speaker(meeting_of(world.group, day)) == swapped[day], day
    same = client.post(f"{base(world.group)}/rota", data={
        "first": dates[0].isoformat(), "second": dates[0].isoformat()})
    assert "two different" in same.get_data(as_text=True)

    # The speaker of the second date is marked absent in advance: the next in the queue
    # speaks, and the absent one takes the following free date.
    speaker = swapped[dates[1]]
    meeting = schedule.materialise(world.group, dates[1])
    db.session.add(Attendance(meeting_id=meeting.id, member_id=speaker, status="absent"))
    db.session.commit()
    pushed = rota.planned(world.group, dates)
    assert pushed[dates[1]] != speaker and pushed[dates[3]] == speaker


def test_the_meetings_page_plans_from_the_meetings_it_already_read(world, auth, client):
    """The meetings page passes its slots' meetings to the rota (not read twice): the plan
    is the same as from the database, with a speaker set on a meeting and one cancelled."""
    carol = factories.make_member("Carol Cooper")
    factories.join(world.group, carol)
    dates = rota.horizon(world.group)
    fixed = schedule.materialise(world.group, dates[2])
    fixed.speaker_id = carol.id
    dropped = schedule.materialise(world.group, dates[1])
    dropped.cancelled_at = NOW
    db.session.commit()
    slots = schedule.upcoming(world.group)
    held = [s.scheduled_on for s in slots if not s.cancelled]
    assert dates[1] not in held and dates[2] in held
    assert rota.planned(world.group, held, slots) == rota.planned(world.group, held)
    assert rota.planned(world.group, held, slots)[dates[2]] == carol.id
    auth.login(world.alice)
    page = client.get(base(world.group)).get_data(as_text=True)
    assert "Carol Cooper" in page
