"""The emails that matter: nudges, the weekly digest, the meeting report, preferences,
unsubscribe links, the organizers' record. Delivered to a real SMTP server (the queue runs
deliveries as they are enqueued here; tests/test_worker.py runs real workers)."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from partner_net.emails import digest, nudges
from partner_net.emails.digest import DigestItem, DigestSection, digest_section
from partner_net.emails.kinds import unsubscribe_token
from partner_net.emails.reports import send_meeting_report
from partner_net.extensions import db
from partner_net.meetings import report, schedule
from partner_net.models import EmailOptOut, OutboxMessage
from partner_net.tasks import jobs
from tests import referral_factories

SECRETS = ("Priya", "priya@cafe.example", "Roof leaks", "7946", "Café")

# Monday 2 March 2026, 09:00 in London (GMT): the world's group meets in Europe/London.
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def app_config(smtp_server):
    return smtp_server.app_config


def no_prospect_details(message) -> None:
    text = message["Subject"] + message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for secret in SECRETS:
        assert secret not in text and secret not in html, secret


def run_job(name: str) -> bool:
    return jobs.job(name).run_once()


# --- nudges --------------------------------------------------------------------------

def test_not_contacted_nudge_after_48_hours_once(world, smtp_server, set_now):
    set_now(MONDAY)
    referral = referral_factories.give(world.group, world.alice, world.bob)
    smtp_server.messages.clear()
    set_now(MONDAY + timedelta(hours=47))
    assert nudges.send_due(MONDAY + timedelta(hours=47)) == 0
    set_now(MONDAY + timedelta(hours=49))
    assert run_job("referral_nudges")
    [nudge] = smtp_server.messages
    assert nudge["To"] == world.bob.email
    assert nudge["Subject"] == "Alice Archer's referral is waiting for your call"
    assert f"http://partner.test/referrals/{referral.id}" in smtp_server.body(nudge)
    no_prospect_details(nudge)
    set_now(MONDAY + timedelta(hours=51))
    run_job("referral_nudges")
    assert len(smtp_server.messages) == 1  # once per referral


def test_no_nudge_once_contacted_and_none_at_night_in_the_receivers_zone(
        client, auth, world, smtp_server, set_now):
    world.bob.timezone = "Asia/Tokyo"
    db.session.commit()
    set_now(MONDAY)
    referral_factories.give(world.group, world.alice, world.bob)
    contacted = referral_factories.give(world.group, world.alice, world.bob, name="Other")
    auth.login(world.bob)
    client.post(f"/referrals/{contacted.id}/move", data={"to": "contacted", "note": "called"})
    smtp_server.messages.clear()
    night = MONDAY + timedelta(hours=49)  # Wednesday 10:00 UTC = 19:00 Tokyo: still day
    assert nudges.send_due(night + timedelta(hours=2)) == 0  # 21:00 Tokyo: night
    assert nudges.send_due(night) == 1
    db.session.commit()
    assert [m["To"] for m in smtp_server.messages] == [world.bob.email]


def test_thank_you_nudge_after_7_days(world, smtp_server, set_now):
    set_now(MONDAY)
    referral = referral_factories.give(world.group, world.alice, world.bob)
    smtp_server.messages.clear()
    later = MONDAY + timedelta(days=7, hours=1)
    set_now(later)
    nudges.send_due(later)
    db.session.commit()
    subjects = [m["Subject"] for m in smtp_server.messages]
    assert "Have you thanked Alice Archer?" in subjects
    referral.thanked_at = later
    db.session.commit()
    smtp_server.messages.clear()
    assert nudges.send_due(later + timedelta(hours=1)) == 0
    [thanks] = [m for m in outbox_rows() if m.kind == "referral_thanks_nudge"]
    assert thanks.status == "sent"


def outbox_rows() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


# --- opting out and unsubscribing ----------------------------------------------------

def test_unsubscribe_link_stops_that_kind_only(client, world, smtp_server, set_now):
    set_now(MONDAY)
    referral_factories.give(world.group, world.alice, world.bob)
    [received] = smtp_server.to(world.bob.email)
    path = smtp_server.link_path(received, "/email/unsubscribe/")
    page = client.get(path)
    assert page.status_code == 200 and "Stop these emails" in page.get_data(as_text=True)
    assert db.session.scalar(sa.select(EmailOptOut)) is None  # a GET changes nothing
    done = client.post(path)
    assert "will not get “a referral for you” emails" in done.get_data(as_text=True)
    assert client.post(path).status_code == 200  # twice is fine
    referral_factories.give(world.group, world.alice, world.bob, name="Second")
    assert len(smtp_server.to(world.bob.email)) == 1
    set_now(MONDAY + timedelta(hours=49))
    nudges.send_due(MONDAY + timedelta(hours=49))
    db.session.commit()
    assert len(smtp_server.to(world.bob.email)) == 3  # both nudges still come


@pytest.mark.parametrize("token", ["nonsense", "x" * 300, "eyJ.bad.sig"])
def test_bad_unsubscribe_tokens_are_404(client, world, token):
    assert client.get(f"/email/unsubscribe/{token}").status_code == 404
    assert client.post(f"/email/unsubscribe/{token}").status_code == 404


class TestOneClickWithCsrf:
    @pytest.fixture
    def app_config(self, smtp_server):
        return {**smtp_server.app_config, "WTF_CSRF_ENABLED": True}

    def test_mail_clients_one_click_post_needs_no_form_token(self, client, world):
        token = unsubscribe_token(world.bob.id, "weekly_digest")
        assert client.post(f"/email/unsubscribe/{token}",
                           data="List-Unsubscribe=One-Click").status_code == 200
        assert db.session.scalar(sa.select(EmailOptOut.kind)) == "weekly_digest"


def test_preferences_page_switches_kinds_and_sets_the_zone(client, auth, world):
    assert client.get("/account/emails").status_code == 302  # sign in first
    auth.login(world.bob)
    page = client.get("/account/emails").get_data(as_text=True)
    assert "Weekly digest" in page and "Europe/London" in page
    data = {"wants_referral_received": "y", "wants_contact_nudge": "y",
            "wants_thanks_nudge": "y", "wants_milestones": "y", "wants_meeting_report": "y",
            "timezone": "Not/AZone"}
    bad = client.post("/account/emails", data=data).get_data(as_text=True)
    assert "is not a time zone we know" in bad and 'value="Not/AZone"' in bad
    data["timezone"] = "America/New_York"
    assert client.post("/account/emails", data=data).status_code == 302
    db.session.refresh(world.bob)
    assert world.bob.timezone == "America/New_York"
    assert set(db.session.scalars(sa.select(EmailOptOut.kind))) == {"weekly_digest"}
    data["wants_weekly_digest"] = "y"
    data["timezone"] = ""
    client.post("/account/emails", data=data)
    db.session.refresh(world.bob)
    assert world.bob.timezone is None and world.bob.email_timezone == "Europe/London"
    assert db.session.scalar(sa.select(EmailOptOut)) is None


# --- the weekly digest ---------------------------------------------------------------

def test_weekly_digest_on_monday_morning_in_each_members_zone(world, smtp_server, set_now):
    world.alice.timezone = "America/New_York"
    db.session.commit()
    set_now(MONDAY - timedelta(days=3))
    referral_factories.give(world.group, world.alice, world.bob)
    smtp_server.messages.clear()
    london_7 = datetime(2026, 3, 2, 7, 10, tzinfo=UTC)  # 07:10 London, 02:10 New York
    set_now(london_7)
    assert digest.send_due(london_7) == 3  # Bob and the two organizers, not Alice yet
    db.session.commit()
    assert digest.send_due(london_7 + timedelta(hours=1)) == 0  # once a week
    assert {m["To"] for m in smtp_server.messages} == {
        world.bob.email, world.organizer.email, world.other_organizer.email}
    [bob] = smtp_server.to(world.bob.email)
    assert bob["Subject"] == "Your week on Partner Net, 2 March"
    text = smtp_server.body(bob)
    assert "WHAT NEEDS YOU" in text and "Contact the referral Alice Archer gave you" in text
    assert "WHOM TO REFER FIRST" in text and "/referrals/new?to=" in text
    assert "<h2>Whom to refer first</h2>" in bob.get_body(("html",)).get_content()
    no_prospect_details(bob)
    new_york_7 = datetime(2026, 3, 2, 12, 10, tzinfo=UTC)
    assert digest.send_due(new_york_7) == 1
    db.session.commit()
    assert smtp_server.messages[-1]["To"] == world.alice.email
    assert digest.send_due(datetime(2026, 3, 3, 7, 10, tzinfo=UTC)) == 0  # Tuesday


def test_digest_sections_are_pluggable(world, smtp_server, set_now, monkeypatch):
    monkeypatch.setattr(digest, "_sections", dict(digest._sections))

    @digest_section("agenda", order=15)
    def agenda(member, groups, now):
        return DigestSection("This week's meeting",
                             [DigestItem(f"{g.name} meets {g.meeting_summary}") for g in groups])

    set_now(MONDAY)
    digest.send_due(MONDAY)
    db.session.commit()
    text = smtp_server.body(smtp_server.to(world.bob.email)[0])
    assert text.index("THIS WEEK'S MEETING") < text.index("WHOM TO REFER FIRST")
    assert "North Star meets Wednesdays at 07:00" in text


def test_the_digest_lists_who_in_my_sphere_is_due_a_touch(world, smtp_server, set_now):
    from tests.sphere_factories import contact

    overdue = contact(world.bob, "Carla Client", today=date(2026, 2, 1), company="Carla's Deli",
                      cadence_days=7)
    contact(world.bob, "Fresh Friend", today=date(2026, 3, 1), cadence_days=90)
    set_now(MONDAY)
    digest.send_due(MONDAY)
    db.session.commit()
    text = smtp_server.body(smtp_server.to(world.bob.email)[0])
    assert "WHO IS DUE A TOUCH" in text
    assert "Carla Client (Carla's Deli): overdue since 8 Feb" in text
    assert f"/sphere/contacts/{overdue.id}" in text
    assert "Fresh Friend" not in text
    alice = smtp_server.body(smtp_server.to(world.alice.email)[0])
    assert "WHO IS DUE A TOUCH" not in alice and "Carla" not in alice  # private to Bob


def test_opted_out_members_get_no_digest(client, auth, world, smtp_server, set_now):
    db.session.add(EmailOptOut(member_id=world.bob.id, kind="weekly_digest"))
    db.session.commit()
    set_now(MONDAY)
    digest.send_due(MONDAY)
    db.session.commit()
    assert smtp_server.to(world.bob.email) == []
    assert smtp_server.to(world.alice.email)


# --- the meeting report hook ---------------------------------------------------------

def test_meeting_report_goes_once_to_each_active_member(world, smtp_server, set_now):
    set_now(datetime(2026, 3, 4, 9, 0, tzinfo=UTC))  # the world's group met at 07:00
    meeting = schedule.materialise(world.group, date(2026, 3, 4))
    meeting.started_at = datetime(2026, 3, 4, 7, 0, tzinfo=UTC)
    meeting.ended_at = datetime(2026, 3, 4, 8, 30, tzinfo=UTC)
    db.session.add(EmailOptOut(member_id=world.alice.id, kind="meeting_report"))
    db.session.commit()
    assert report.email_members(meeting) == 2
    assert report.email_members(meeting) == 0  # ending it twice sends once
    assert send_meeting_report(world.group, date(2026, 3, 4), report=report.build(meeting),
                               closed="£0.00", link="x") == 0  # one per member and date
    db.session.commit()
    assert {m["To"] for m in smtp_server.messages} == {world.bob.email, world.organizer.email}
    message = smtp_server.messages[0]
    assert message["Subject"] == "North Star: meeting report, 4 Mar 2026"
    assert "Referrals passed: 0" in smtp_server.body(message)


# --- the organizers' record ----------------------------------------------------------

def test_organizers_see_sent_and_failed_but_never_the_subject(
        client, auth, world, smtp_server, app):
    referral_factories.give(world.group, world.alice, world.bob)
    app.config["MAIL_PORT"] = 1  # nothing listens: this one fails
    app.config["OUTBOX_MAX_ATTEMPTS"] = 1
    referral_factories.give(world.group, world.bob, world.alice, name="Zed Zebra")
    auth.login(world.organizer)
    page = client.get(f"/g/{world.group.slug}/manage/emails").get_data(as_text=True)
    assert page.count("A referral for you") == 2
    assert ">sent<" in page and ">failed<" in page
    assert "to Bob Baker" in page and "to Alice Archer" in page
    assert "Priya" not in page and "Zed" not in page
    auth.logout()
    auth.login(world.alice)
    assert client.get(f"/g/{world.group.slug}/manage/emails").status_code == 403
    auth.logout()
    auth.login(world.other_organizer)
    assert client.get(f"/g/{world.group.slug}/manage/emails").status_code == 404


def test_the_record_paginates(client, auth, world):
    from partner_net.mail import send_email

    for n in range(30):
        send_email(world.bob.email, f"n{n}", "invitation", group=world.group, inviter=None,
                   days=7, link="http://partner.test/x")
    db.session.commit()
    auth.login(world.organizer)
    first = client.get(f"/g/{world.group.slug}/manage/emails").get_data(as_text=True)
    second = client.get(f"/g/{world.group.slug}/manage/emails?page=2").get_data(as_text=True)
    assert first.count(">Invitation<") == 25 and second.count(">Invitation<") == 5
    assert "Page 1 of 2" in first
    assert client.get(f"/g/{world.group.slug}/manage/emails?page=99").status_code == 200


# --- logs without a mail server ------------------------------------------------------

class TestProductionLog:
    @pytest.fixture
    def app_config(self):
        return {"MAIL_SERVER": None, "MAIL_LOG_BODIES": False}

    def test_reset_links_stay_out_of_the_log(self, client, world, caplog):
        caplog.set_level(logging.INFO)
        client.post("/auth/forgot", data={"email": world.bob.email})
        assert "Subject: Reset your Partner Net password" in caplog.text
        assert "/auth/reset/" not in caplog.text
        assert "body not logged" in caplog.text


# --- retries -------------------------------------------------------------------------

def test_a_failed_delivery_is_retried_with_back_off_by_the_sweep(app, world, smtp_server,
                                                                  set_now):
    from partner_net.mail import send_email
    from partner_net.outbox import delivery

    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = 1  # the mail server is down
    set_now(MONDAY)
    send_email(world.bob.email, "Retry me", "referral_milestone", member=world.bob,
               text="x", note="", link="http://partner.test/")
    db.session.commit()
    [row] = outbox_rows()
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.next_attempt_at == MONDAY + timedelta(seconds=60)
    assert delivery.sweep(MONDAY + timedelta(seconds=59)) == []  # not due yet
    set_now(MONDAY + timedelta(seconds=91))
    assert delivery.sweep(MONDAY + timedelta(seconds=91)) == [row.id]  # still down
    [row] = outbox_rows()
    assert (row.status, row.attempts) == ("pending", 2)
    assert row.next_attempt_at == MONDAY + timedelta(seconds=91 + 120)  # doubled
    app.config["MAIL_PORT"] = port  # back up
    later = MONDAY + timedelta(seconds=91 + 150)
    set_now(later)
    delivery.sweep(later)
    [row] = outbox_rows()
    assert (row.status, row.attempts) == ("sent", 3)
    assert [m["Subject"] for m in smtp_server.messages] == ["Retry me"]


def test_a_row_left_sending_by_a_dead_worker_is_sent_after_the_lease(world, smtp_server,
                                                                     set_now):
    from partner_net.mail import send_email
    from partner_net.outbox import delivery

    set_now(MONDAY)
    message_id = send_email(world.bob.email, "Stuck", "referral_milestone", member=world.bob,
                            text="x", note="", link="http://partner.test/")
    db.session.flush()
    db.session.execute(sa.update(OutboxMessage).values(status="sending", claimed_at=MONDAY))
    db.session.commit()  # (immediate delivery finds it claimed: skipped)
    assert delivery.sweep(MONDAY + timedelta(minutes=9)) == []
    assert delivery.sweep(MONDAY + timedelta(minutes=11)) == [message_id]
    assert [m["Subject"] for m in smtp_server.messages] == ["Stuck"]
