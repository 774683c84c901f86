"""The referral round (real referrals, privacy on the room screen) and the report's figures
against a meeting built by hand."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from partner_net import clock
from partner_net.extensions import db
from partner_net.meetings import report
from partner_net.models import (
    Attendance,
    ClosedBusiness,
    MeetingSlip,
    Notification,
    OneToOne,
    Referral,
    Visitor,
)
from partner_net.referrals.pipeline import Status
from tests import factories
from tests.meetings.helpers import NEXT, NOW, base, meeting_of

FETCH = {"X-Requested-With": "fetch"}
PROSPECT = {"prospect_name": "Priscilla Prospect", "prospect_company": "Secret Sauce Ltd",
            "prospect_email": "priscilla@secret.example", "prospect_phone": "",
            "need": "A leaking warehouse roof", "temperature": "4"}


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    set_now(NOW)


def slip(client, group, meeting, giver, to, token, **extra):
    return client.post(f"{base(group)}/{meeting.id}/round/slip", data={
        "giver": giver.id, "receiver": to.id, "form_token": token, **PROSPECT, **extra})


def test_a_slip_is_a_real_referral_and_records_once(world, auth, client):
    meeting = meeting_of(world.group)
    auth.login(world.organizer)
    first = slip(client, world.group, meeting, world.bob, world.alice, "s" * 24)
    assert first.status_code == 302 and f"giver={world.bob.id}" in first.location
    again = slip(client, world.group, meeting, world.bob, world.alice, "s" * 24)
    assert again.status_code == 302
    referral = db.session.scalar(sa.select(Referral))
    assert (referral.giver_id, referral.receiver_id, referral.status, referral.temperature) == (
        world.bob.id, world.alice.id, Status.GIVEN, 4)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Referral)) == 1
    assert db.session.scalar(sa.select(MeetingSlip.referral_id)) == referral.id
    told = db.session.scalar(sa.select(Notification).filter_by(member_id=world.alice.id))
    assert "Priscilla Prospect" in told.text  # the receiver is told, as for any referral


@pytest.mark.parametrize(("extra", "message"), [
    ({"receiver": "BOB"}, "Choose who receives it"),
    ({"prospect_email": "", "prospect_phone": ""}, "Give an email or a phone number"),
    ({"need": ""}, "Say in a few words"),
    ({"temperature": "9"}, "Not a valid choice"),
])
def test_a_slip_keeps_the_referral_rules(world, auth, client, extra, message):
    meeting = meeting_of(world.group)
    auth.login(world.organizer)
    response = slip(client, world.group, meeting, world.bob, world.alice, "t" * 24, **extra)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Referral)) == 0


def test_self_referral_and_outsiders_are_refused(world, auth, client):
    meeting = meeting_of(world.group)
    auth.login(world.organizer)
    to_self = slip(client, world.group, meeting, world.bob, world.bob, "u" * 24)
    assert "to yourself" in to_self.get_data(as_text=True)
    outsider = slip(client, world.group, meeting, world.bob, world.other_organizer, "v" * 24)
    assert "active member of this group" in outsider.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Referral)) == 0


def test_the_room_screen_never_shows_a_prospect(world, auth, client):
    meeting = meeting_of(world.group)
    auth.login(world.organizer)
    slip(client, world.group, meeting, world.bob, world.alice, "w" * 24)
    client.post(f"{base(world.group)}/{meeting.id}/visitors", data={
        "name": "Val Visitor", "email": "val@private.example", "phone": "01632 960999",
        "kind": "visitor", "invited_by": 0, "form_token": "x" * 24})
    client.post(f"{base(world.group)}/{meeting.id}/console", data={"action": "start",
                                                                   "version": 0})
    db.session.refresh(meeting)
    visitors_index = next(i for i, item in enumerate(meeting.agenda) if item["kind"] == "visitors")
    db.session.execute(sa.update(Visitor).values(status="present"))
    db.session.commit()
    pages = []
    for index in range(len(meeting.agenda)):
        db.session.refresh(meeting)
        client.post(f"{base(world.group)}/{meeting.id}/console", data={
            "action": "item", "index": index, "version": meeting.live_version})
        pages.append(client.get(f"{base(world.group)}/{meeting.id}/room").get_data(as_text=True))
        pages.append(client.get(f"{base(world.group)}/{meeting.id}/room/state").json["html"])
    round_page = client.get(f"{base(world.group)}/{meeting.id}/round").get_data(as_text=True)
    for page in [*pages, round_page]:
        for private in ("Priscilla", "Secret Sauce", "priscilla@secret", "leaking warehouse",
                        "val@private", "960999"):
            assert private not in page
    assert "Val Visitor" in pages[2 * visitors_index]  # visitors are welcomed by name
    assert "<strong>1</strong><span>referrals passed</span>" in pages[-1]


def test_thanks_for_closed_business_links_the_won_referral(world, auth, client):
    meeting = meeting_of(world.group)
    won = Referral(group=world.group, giver=world.bob, receiver=world.alice, prospect_name="P",
                   need="n", status=Status.WON, closed_value=Decimal("2400.00"),
                   closed_currency="GBP")
    db.session.add(won)
    db.session.commit()
    auth.login(world.organizer)
    url = f"{base(world.group)}/{meeting.id}/round/thanks"
    data = {"member": world.alice.id, "thanked": world.bob.id, "amount": "2400",
            "note": "New roof", "form_token": "y" * 24}
    assert client.post(url, data=data).status_code == 302
    assert client.post(url, data=data).status_code == 302  # double tap: once
    record = db.session.scalar(sa.select(ClosedBusiness))
    assert (record.amount, record.currency, record.referral_id) == (Decimal("2400.00"), "GBP",
                                                                    won.id)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ClosedBusiness)) == 1
    for bad in ({"amount": "-5"}, {"amount": "1e99"}, {"thanked": world.alice.id},
                {"amount": "abc"}, {"amount": "sNaN"}, {"amount": "inf"},
                {"amount": "99999999999999"}):
        response = client.post(url, data={**data, "form_token": "z" * 24, **bad})
        assert response.status_code == 400, bad


def test_the_report_figures_match_a_meeting_built_by_hand(world, auth, client):
    meeting = meeting_of(world.group)
    meeting.started_at = meeting.starts_at
    meeting.speaker_id, meeting.speaker_topic = world.alice.id, "Roofs in winter"
    meeting.education_topic = "The givers gain"
    db.session.add_all([
        Attendance(meeting_id=meeting.id, member_id=world.organizer.id, status="present"),
        Attendance(meeting_id=meeting.id, member_id=world.alice.id, status="late"),
        Attendance(meeting_id=meeting.id, member_id=world.bob.id, status="substitute",
                   substitute_name="Sid Sub"),
        Visitor(meeting_id=meeting.id, name="Vic", invited_by_id=world.bob.id, status="present"),
        Visitor(meeting_id=meeting.id, name="Wyn", invited_by_name="Olivia", status="registered",
                email="wyn@example.com"),
    ])
    givers = [(world.bob, world.alice, 5, False), (world.alice, world.bob, 3, True),
              (world.organizer, world.alice, 3, False)]
    for n, (giver, receiver, temperature, inside) in enumerate(givers):
        referral = Referral(group=world.group, giver=giver, receiver=receiver,
                            prospect_name="P", need="n", temperature=temperature)
        db.session.add(referral)
        db.session.flush()
        db.session.add(MeetingSlip(meeting_id=meeting.id, referral_id=referral.id,
                                   inside=inside, form_token=f"slip-{n}-" + "q" * 20))
    db.session.add_all([
        ClosedBusiness(meeting_id=meeting.id, member_id=world.alice.id, thanked_id=world.bob.id,
                       amount=Decimal("1200.50"), currency="GBP", form_token="c" * 24),
        ClosedBusiness(meeting_id=meeting.id, member_id=world.bob.id,
                       thanked_id=world.organizer.id, amount=Decimal("300"), currency="GBP",
                       form_token="d" * 24),
        # one-to-ones: confirmed ones of the seven days ending on the meeting day count;
        # older, later and unconfirmed ones do not
        OneToOne(group=world.group, member=world.alice, partner=world.bob, met_on=NEXT,
                 confirmed_at=clock.now()),
        OneToOne(group=world.group, member=world.bob, partner=world.alice,
                 met_on=NEXT - timedelta(days=6), confirmed_at=clock.now()),
        OneToOne(group=world.group, member=world.bob, partner=world.organizer,
                 met_on=NEXT - timedelta(days=2)),
        OneToOne(group=world.group, member=world.bob, partner=world.alice,
                 met_on=NEXT - timedelta(days=7), confirmed_at=clock.now()),
        OneToOne(group=world.group, member=world.bob, partner=world.alice,
                 met_on=NEXT + timedelta(days=1), confirmed_at=clock.now()),
        OneToOne(group=world.other_group, member=world.other_organizer, partner=world.alice,
                 met_on=NEXT, confirmed_at=clock.now()),
    ])
    db.session.commit()
    built = report.build(meeting)
    assert built.in_the_room == 3
    assert (built.marks["present"], built.marks["late"], built.marks["substitute"]) == (1, 1, 1)
    assert [s.substitute for s in built.substitutes] == ["Sid Sub"]
    assert built.referrals == 3 and (built.inside, built.outside) == (1, 2)
    assert built.by_temperature == {1: 0, 2: 0, 3: 2, 4: 0, 5: 1}
    assert built.closed_total == Decimal("1500.50")
    assert built.one_to_ones == 2
    auth.login(world.alice)  # members see the report
    page = client.get(f"{base(world.group)}/{meeting.id}/report").get_data(as_text=True)
    assert "£1,500.50" in page and "Sid Sub" in page and "guest of Bob Baker" in page
    assert "Roofs in winter" in page and "The givers gain" in page
    csv = client.get(f"{base(world.group)}/{meeting.id}/report.csv")
    assert csv.mimetype == "text/csv"
    text = csv.get_data(as_text=True)
    assert "summary,closed business,,GBP,1500.50" in text
    assert "attendance,Bob Baker,Baker Cover,Substitute,Sid Sub" in text


def test_the_report_lists_members_gone_since_only_when_marked(world, auth, client):
    """The report reads people as plain rows: every active member (marked or not), a
    member who left since only if marked at this meeting, a speaker who left by name, in
    name order whatever the case."""
    meeting = meeting_of(world.group)
    meeting.started_at = meeting.starts_at
    marked = factories.make_member("aaron Gone", business="Gone Marked Ltd")
    unmarked = factories.make_member("Aaron Unmarked", business="Never There")
    speaker = factories.make_member("Zed Speaker", business="Talks Ltd")
    for member in (marked, unmarked, speaker):
        factories.join(world.group, member, active=False)
    meeting.speaker_id = speaker.id
    db.session.add_all([
        Attendance(meeting_id=meeting.id, member_id=marked.id, status="present"),
        Attendance(meeting_id=meeting.id, member_id=world.alice.id, status="absent"),
    ])
    db.session.commit()
    built = report.build(meeting)
    active = {m.member_id for m in world.group.memberships if m.active}
    names = [line.member.name for line in built.attendance]
    assert names[0] == "aaron Gone" and "Aaron Unmarked" not in names
    assert len(names) == len(active) + 1 and names == sorted(names, key=str.casefold)
    lines = {line.member.name: (line.mark, line.member.business) for line in built.attendance}
    assert lines["aaron Gone"] == ("present", "Gone Marked Ltd")
    assert lines[world.alice.name][0] == "absent" and lines[world.bob.name][0] == ""
    assert built.speaker.name == "Zed Speaker"
    auth.login(world.alice)
    page = client.get(f"{base(world.group)}/{meeting.id}/report").get_data(as_text=True)
    assert "aaron Gone" in page and "Aaron Unmarked" not in page and "Zed Speaker" in page


def test_csv_cells_never_run_as_formulas(world):
    meeting = meeting_of(world.group)
    meeting.started_at = meeting.starts_at
    db.session.add(Visitor(meeting_id=meeting.id, name="=HYPERLINK(\"x\")", business="+1"))
    db.session.commit()
    text = report.to_csv(report.build(meeting))
    assert "'=HYPERLINK" in text and ",'+1," in text


def test_reports_are_listed_by_date_and_hidden_from_other_groups(world, auth, client):
    older = meeting_of(world.group, NEXT - timedelta(weeks=1))
    newer = meeting_of(world.group)
    for m in (older, newer):
        m.started_at = m.ended_at = m.starts_at
    unheld = meeting_of(world.group, NEXT + timedelta(weeks=1))
    db.session.commit()
    auth.login(world.bob)
    page = client.get(f"{base(world.group)}/reports").get_data(as_text=True)
    assert page.index(f"/{newer.id}/report") < page.index(f"/{older.id}/report")
    assert f"/{unheld.id}/report" not in page
    assert client.get(f"{base(world.group)}/{unheld.id}/report").status_code == 404
    auth.logout()
    auth.login(world.other_organizer)
    assert client.get(f"{base(world.group)}/{newer.id}/report").status_code == 404
    assert client.get(f"{base(world.group)}/{newer.id}/report.csv").status_code == 404
