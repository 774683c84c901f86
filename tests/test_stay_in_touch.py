"""Stay in touch with partners: amber at 90 days, red at 180 (per group), from the last
confirmed one-to-one or from when both were in the group; snooze for a month; shown on
the one-to-ones page and the dashboard card."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from partner_net.domain import stay_in_touch as rules
from partner_net.extensions import db
from partner_net.models import HealthSettings, Membership, OneToOne, PartnerSnooze
from partner_net.onetoones import touch

NOW = datetime(2030, 6, 12, 10, 0, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    set_now(NOW)


@pytest.fixture
def old_hands(world):
    db.session.execute(sa.update(Membership).values(joined_at=NOW - timedelta(days=400)))
    db.session.commit()
    return world


@pytest.mark.parametrize(("days", "status"), [
    (89, None), (90, "due"), (179, "due"), (180, "overdue"), (500, "overdue")])
def test_bands_of_days(days, status):
    found = rules.due(1, TODAY - timedelta(days=days), date(2000, 1, 1), TODAY, 90, 180)
    assert (found.status if found else None) == status


def test_never_met_counts_from_when_both_were_there_and_snooze_hides():
    joined = TODAY - timedelta(days=100)
    assert rules.due(1, None, joined, TODAY, 90, 180).met is False
    assert rules.due(1, None, joined, TODAY, 90, 180, TODAY + timedelta(days=1)) is None
    assert rules.due(1, None, joined, TODAY, 90, 180, TODAY).status == "due"


def met(world, a, b, days_ago, confirmed=True):
    db.session.add(OneToOne(group=world.group, member=a, partner=b,
                            met_on=TODAY - timedelta(days=days_ago),
                            confirmed_at=NOW if confirmed else None))
    db.session.commit()


def statuses(member, group=None):
    return {r.partner.name: r.due.status for r in touch.partners_due(member, group)}


def test_the_last_confirmed_one_to_one_on_either_side_resets(old_hands):
    w = old_hands
    assert statuses(w.alice) == {"Bob Baker": "overdue", "Olivia Organizer": "overdue"}
    met(w, w.bob, w.alice, 100)  # Bob recorded it, confirmed: counts for Alice too
    met(w, w.alice, w.organizer, 10, confirmed=False)  # unconfirmed: does not reset
    assert statuses(w.alice) == {"Bob Baker": "due", "Olivia Organizer": "overdue"}
    met(w, w.alice, w.bob, 5)
    assert "Bob Baker" not in statuses(w.alice)


def test_thresholds_are_the_groups(old_hands):
    w = old_hands
    met(w, w.alice, w.bob, 40)
    db.session.add(HealthSettings(group_id=w.group.id, overrides={
        "stay_in_touch": {"amber_days": 30, "red_days": 60}}))
    db.session.commit()
    assert statuses(w.alice)["Bob Baker"] == "due"


def test_snooze_a_month_from_the_page(client, auth, old_hands):
    w = old_hands
    auth.login(w.alice)
    page = client.get(f"/g/{w.group.slug}/one-to-ones").get_data(as_text=True)
    assert "Stay in touch" in page and "Snooze a month" in page
    path = f"/g/{w.group.slug}/one-to-ones/partners/{w.bob.id}/snooze"
    assert client.post(path).status_code == 302
    assert client.post(path).status_code == 302  # twice: still one row
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PartnerSnooze)) == 1
    assert db.session.scalar(sa.select(PartnerSnooze.until)) == TODAY + timedelta(days=30)
    assert "Bob Baker" not in statuses(w.alice)
    assert "Olivia Organizer" in statuses(w.alice)


def test_the_dashboard_card_lists_partners_due(client, auth, old_hands):
    auth.login(old_hands.alice)
    html = client.get(f"/g/{old_hands.group.slug}/").get_data(as_text=True)
    assert "Bob Baker" in html and "one-to-one" in html


@pytest.mark.parametrize("who", ["other_organizer", "outsider"])
def test_snoozing_needs_the_group(client, auth, old_hands, who):
    auth.login(getattr(old_hands, who))
    path = f"/g/{old_hands.group.slug}/one-to-ones/partners/{old_hands.bob.id}/snooze"
    assert client.post(path).status_code == 404


def test_snoozing_someone_outside_the_group_or_yourself_is_404(client, auth, old_hands):
    w = old_hands
    auth.login(w.alice)
    for partner in (w.other_organizer, w.alice):
        path = f"/g/{w.group.slug}/one-to-ones/partners/{partner.id}/snooze"
        assert client.post(path).status_code == 404


def test_the_dashboards_cut_list_of_touches_due_is_the_start_of_the_whole_list(old_hands):
    """The card reads only the first partners due it can show (heapq.nsmallest): the
    list cut at any length is the start of the whole list, ties (same day, contacts and
    partners) in the same order."""
    from partner_net.models import Contact, Member
    from partner_net.sphere import service as sphere
    from tests import factories
    from tests.sphere_factories import contact

    w = old_hands
    partners = [factories.make_member(f"Partner {n:02d} Smith") for n in range(9)]
    for partner in partners:
        factories.join(w.group, partner)
    db.session.commit()
    db.session.execute(sa.update(Membership).values(joined_at=NOW - timedelta(days=400)))
    db.session.commit()
    for n, partner in enumerate(partners):  # due on three days, three partners each
        met(w, w.alice, db.session.get(Member, partner.id), 100 + 10 * (n % 3))
    for n, name in enumerate(["Ann Client", "Zed Client", "Partner 04 Smith"]):
        made = contact(w.alice, name, TODAY)
        due_on = TODAY - timedelta(days=10 + 10 * n)
        db.session.execute(sa.update(Contact).where(Contact.id == made.id).values(
            due_on=due_on, amber_from=due_on - timedelta(days=7)))
    db.session.commit()
    whole, counts = sphere.due_touches_counted(w.alice, TODAY, limit=100)
    assert len(whole) == 3 + 9 + 2  # contacts, partners, Bob and Olivia
    for cut in range(1, len(whole) + 1):
        assert sphere.due_touches_counted(w.alice, TODAY, limit=cut) == (whole[:cut], counts)
