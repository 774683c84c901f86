"""Member health pages: who may see what, the figures counted from real rows, the rows
behind each figure (no prospect), and the group's bands (validation, compare-and-set)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from partner_net.domain import health as rules
from partner_net.extensions import db
from partner_net.health import service
from partner_net.models import (
    Attendance,
    HealthSettings,
    Meeting,
    Membership,
    OneToOne,
    Referral,
    Visitor,
)
from partner_net.referrals.pipeline import Status
from tests.referral_factories import give

NOW = datetime(2030, 6, 12, 10, 0, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    set_now(NOW)


@pytest.fixture
def veterans(world):
    """Everyone joined two years ago, so rates are over the whole 26 weeks."""
    db.session.execute(sa.update(Membership).values(joined_at=NOW - timedelta(days=730)))
    db.session.commit()
    return world


def meeting(group, day: date) -> Meeting:
    m = Meeting(group_id=group.id, scheduled_on=day,
                starts_at=datetime.combine(day, time(7), tzinfo=UTC),
                registration_token=f"t{group.id}-{day.isoformat()}")
    db.session.add(m)
    db.session.flush()
    return m


def mark(group, member, day: date, status: str) -> None:
    m = db.session.scalar(sa.select(Meeting).filter_by(group_id=group.id, scheduled_on=day))
    m = m or meeting(group, day)
    db.session.add(Attendance(meeting_id=m.id, member_id=member.id, status=status))
    db.session.flush()


def referral_on(group, giver, receiver, day: date, **fields) -> Referral:
    r = give(group, giver, receiver, name="Secret Prospect Ltd")
    moment = datetime.combine(day, time(12), tzinfo=UTC)
    r.created_at = moment
    r.status_changed_at = moment
    for key, value in fields.items():
        setattr(r, key, value)
    db.session.commit()
    return r


def url(world, suffix=""):
    return f"/g/{world.group.slug}/health{suffix}"


# --- who may see ---------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, world):
    for path in ("", "/me", f"/members/{world.alice.id}", f"/members/{world.alice.id}/given",
                 "/bands"):
        response = client.get(url(world, path))
        assert response.status_code == 302 and "/auth/signin" in response.location


def test_another_groups_organizer_sees_nothing(client, auth, veterans):
    auth.login(veterans.other_organizer)
    for path in ("", f"/members/{veterans.alice.id}", f"/members/{veterans.alice.id}/given",
                 "/bands"):
        assert client.get(url(veterans, path)).status_code == 404
    assert client.post(url(veterans, "/bands"), data={}).status_code == 404
    assert client.post(url(veterans, "/bands/reset")).status_code == 404


def test_a_member_sees_only_their_own_health(client, auth, veterans):
    auth.login(veterans.alice)
    response = client.get(url(veterans))
    assert response.status_code == 302
    assert response.location.endswith(f"/health/members/{veterans.alice.id}")
    page = client.get(url(veterans, f"/members/{veterans.alice.id}"))
    assert page.status_code == 200
    assert "My health in North Star" in page.get_data(as_text=True)
    assert client.get(url(veterans, f"/members/{veterans.bob.id}")).status_code == 404
    assert client.get(url(veterans, f"/members/{veterans.bob.id}/given")).status_code == 404
    assert client.get(url(veterans, "/bands")).status_code == 403
    assert client.post(url(veterans, "/bands"), data={}).status_code == 403


def test_unknown_measure_or_member_is_404(client, auth, veterans):
    auth.login(veterans.organizer)
    assert client.get(url(veterans, f"/members/{veterans.alice.id}/nope")).status_code == 404
    assert client.get(url(veterans, f"/members/{veterans.outsider.id}")).status_code == 404
    assert client.get(url(veterans, "/members/99999999999")).status_code == 404


# --- figures from real rows ------------------------------------------------------------------


def test_figures_are_counted_from_the_rows_of_the_window(veterans):
    w = veterans
    recent = TODAY - timedelta(days=10)
    old = TODAY - timedelta(days=200)  # the window before
    mark(w.group, w.alice, recent, "absent")
    mark(w.group, w.alice, recent - timedelta(days=7), "late")
    mark(w.group, w.alice, recent - timedelta(days=14), "late")  # 2 lates = 1 absence
    mark(w.group, w.alice, old, "absent")
    for _ in range(13):
        referral_on(w.group, w.alice, w.bob, recent)
    referral_on(w.group, w.alice, w.bob, recent, status=Status.WON,
                closed_value=Decimal("6000"), closed_currency="GBP")
    referral_on(w.group, w.alice, w.bob, recent, status=Status.NOT_A_FIT)  # not counted
    referral_on(w.group, w.bob, w.alice, old)
    m = meeting(w.group, recent - timedelta(days=21))
    for n in range(3):
        db.session.add(Visitor(meeting_id=m.id, name=f"Visitor {n}", invited_by_id=w.alice.id))
    db.session.add(Visitor(meeting_id=m.id, name="A sub", kind="substitute",
                           invited_by_id=w.alice.id))
    db.session.add(OneToOne(group=w.group, member=w.alice, partner=w.bob, met_on=recent,
                            confirmed_at=NOW))
    db.session.commit()

    report, alice = service.member_health(w.group, w.alice.id, TODAY)
    f = alice.figures
    assert (f.absences, f.given, f.received, f.visitors, f.one_to_ones, f.weeks) == (
        2, 14, 0, 3, 1, 26)
    assert f.closed_value == Decimal("6000")
    s = alice.health
    assert s.score("attendance").points == 10
    assert s.score("given").points == 5  # 14/26 = 0.54
    assert s.score("closed_value").points == 8
    assert alice.previous is not None and alice.previous.score("attendance").points == 15
    assert alice.trend in {"up", "down", "steady"}

    _, bob = service.member_health(w.group, w.bob.id, TODAY)
    assert bob.figures.received == 14


def test_a_new_member_is_scored_over_the_weeks_since_joining(veterans):
    w = veterans
    ms = db.session.scalar(sa.select(Membership).filter_by(member_id=w.bob.id,
                                                          group_id=w.group.id))
    ms.joined_at = NOW - timedelta(days=8 * 7)
    db.session.commit()
    for _ in range(8):
        referral_on(w.group, w.bob, w.alice, TODAY - timedelta(days=3))
    _, bob = service.member_health(w.group, w.bob.id, TODAY)
    assert bob.figures.weeks == 8
    assert bob.health.score("given").band == 3  # 1 a week
    assert bob.previous is None and bob.trend is None


def test_the_organizer_sees_everyone_weakest_first_with_links(client, auth, veterans):
    w = veterans
    for _ in range(40):
        referral_on(w.group, w.bob, w.alice, TODAY - timedelta(days=3))
    auth.login(w.organizer)
    html = client.get(url(w)).get_data(as_text=True)
    assert html.index("Olivia Organizer") < html.index("Bob Baker")
    assert f"/health/members/{w.bob.id}/given" in html
    assert "The one action" in html
    assert client.get(url(w, "?light=green&page=99")).status_code == 200


def test_rows_behind_a_figure_show_no_prospect(client, auth, veterans):
    w = veterans
    r = referral_on(w.group, w.alice, w.bob, TODAY - timedelta(days=2))
    auth.login(w.organizer)
    page = client.get(url(w, f"/members/{w.alice.id}/given"))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "To Bob Baker" in html and f"/referrals/{r.id}" in html
    assert "Secret Prospect" not in html and "Roof leaks" not in html
    previous = client.get(url(w, f"/members/{w.alice.id}/given?window=previous"))
    assert "Nothing counted" in previous.get_data(as_text=True)


def test_one_to_one_rows_never_show_notes(client, auth, veterans):
    w = veterans
    db.session.add(OneToOne(group=w.group, member=w.alice, partner=w.bob,
                            met_on=TODAY - timedelta(days=1), notes="private musings",
                            confirmed_at=NOW))
    db.session.commit()
    auth.login(w.organizer)
    html = client.get(url(w, f"/members/{w.alice.id}/one_to_ones")).get_data(as_text=True)
    assert "With Bob Baker" in html and "private musings" not in html


def test_the_member_view_names_the_one_action(client, auth, veterans):
    auth.login(veterans.alice)
    html = client.get(url(veterans, "/me"), follow_redirects=True).get_data(as_text=True)
    assert "is the quickest way up" in html or "takes you to" in html


# --- bands ------------------------------------------------------------------------------


def bands_form(**changes) -> dict[str, str]:
    data = {"version": "0", "green": "70", "amber": "50", "red": "30", "amber_days": "90",
            "red_days": "180", "snooze_days": "30"}
    for key, measure in rules.defaults().measures.items():
        data[f"{key}_edges"] = ", ".join(rules.format_fraction(e) for e in measure.edges)
        data[f"{key}_points"] = ", ".join(str(p) for p in measure.points)
    data.update(changes)
    return data


def test_an_organizer_changes_the_bands_and_the_scores_follow(client, auth, veterans):
    auth.login(veterans.organizer)
    response = client.post(url(veterans, "/bands"),
                           data=bands_form(given_edges="1/4, 1/2, 1, 2", green="60"))
    assert response.status_code == 302
    bands = service.bands_for(veterans.group)
    assert bands.measures["given"].edges[0] == rules.parse_number("1/4")
    assert bands.green == 60
    page = client.get(url(veterans, "/bands")).get_data(as_text=True)
    assert "uses its own bands" in page and "0.25, 0.5, 1, 2" in page
    assert client.post(url(veterans, "/bands/reset")).status_code == 302
    assert service.bands_for(veterans.group) == rules.defaults()


def test_a_bad_band_is_shown_next_to_its_field_with_the_input_kept(client, auth, veterans):
    auth.login(veterans.organizer)
    response = client.post(url(veterans, "/bands"),
                           data=bands_form(visitors_edges="1/6, 1/12, 1/4, 1/2",
                                           given_points="0, 5"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "must go up" in html and "1/6, 1/12, 1/4, 1/2" in html
    assert "give 5 points" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HealthSettings)) == 0


def test_an_absurd_bands_version_is_a_conflict(client, auth, veterans):
    auth.login(veterans.organizer)
    response = client.post(url(veterans, "/bands"), data=bands_form(version=str(2**63)))
    assert response.status_code == 409


def test_a_stale_bands_form_does_not_overwrite(client, auth, veterans):
    auth.login(veterans.organizer)
    assert client.post(url(veterans, "/bands"), data=bands_form(green="65")).status_code == 302
    # A second organizer's form was opened before that save (version 0).
    response = client.post(url(veterans, "/bands"), data=bands_form(green="80"))
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Another organizer changed the bands" in html and 'value="80"' in html
    assert service.bands_for(veterans.group).green == 65
