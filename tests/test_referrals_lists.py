"""The given / received lists with their filters, and notifications."""

import re
from datetime import timedelta

import pytest

from partner_net import clock
from partner_net.extensions import db
from partner_net.referrals import service
from tests.referral_factories import give


@pytest.fixture
def history(world, set_now):
    """Alice gave Bob three referrals: one last year (won), one this month, one lost."""
    now = clock.now()
    set_now(now - timedelta(days=400))
    old = give(world.group, world.alice, world.bob, name="Old Oak Ltd")
    service.move(old, world.bob, service.Move(to=service.Status.WON, value=800, shared=True,
                                              note="Signed the contract"))
    db.session.commit()
    set_now(now)
    fresh = give(world.group, world.alice, world.bob, name="Fresh Fields")
    lost = give(world.group, world.alice, world.bob, name="Lost Lagoon")
    service.move(lost, world.bob, service.Move(to=service.Status.LOST, note="No budget",
                                               shared=True))
    db.session.commit()
    return old, fresh, lost


def names_on(client, url):
    page = client.get(url).get_data(as_text=True)
    return {n for n in ("Old Oak Ltd", "Fresh Fields", "Lost Lagoon") if n in page}


def test_received_list_defaults_to_12_months(client, auth, world, history):
    auth.login(world.bob)
    assert names_on(client, "/referrals") == {"Fresh Fields", "Lost Lagoon"}
    assert names_on(client, "/referrals?period=all") == {
        "Old Oak Ltd", "Fresh Fields", "Lost Lagoon"}


def test_filter_by_status_and_period(client, auth, world, history):
    auth.login(world.alice)
    assert names_on(client, "/referrals?box=given&status=won&period=all") == {"Old Oak Ltd"}
    assert names_on(client, "/referrals?box=given&status=lost&period=month") == {"Lost Lagoon"}
    assert names_on(client, "/referrals?box=given&status=won&period=12m") == set()


def test_unknown_filters_fall_back_to_defaults(client, auth, world, history):
    auth.login(world.alice)
    response = client.get("/referrals?box=given&status=bogus&period=forever")
    assert response.status_code == 200
    assert names_on(client, "/referrals?box=given&status=bogus&period=forever") == {
        "Fresh Fields", "Lost Lagoon"}


def test_given_list_shows_status_and_last_shared_milestone(client, auth, world, history):
    auth.login(world.alice)
    page = client.get("/referrals?box=given&period=all").get_data(as_text=True)
    assert "Last milestone" in page and "No budget" in page and "Signed the contract" in page
    assert "£800" in page  # the group's currency, written by Babel


def test_each_row_shows_its_own_people_and_latest_shared_milestone(client, auth, world,
                                                                   history):
    """The lists read plain rows with the names and the milestone joined in: each row
    gets its own, a later private step never shows, a row with none shows no milestone."""
    old, fresh, lost = history
    service.move(fresh, world.bob, service.Move(to=service.Status.CONTACTED, shared=True,
                                                note="Left a voicemail"))
    service.move(fresh, world.bob, service.Move(to=service.Status.WON, value=120,
                                                note="Private: cash deal"))
    db.session.commit()
    auth.login(world.alice)
    page = client.get("/referrals?box=given&period=all").get_data(as_text=True)
    rows = [row for row in re.findall(r"<li>.*?</li>", page, re.S) if "rtitle" in row]
    by_name = {re.search(r'class="rtitle"[^>]*>([^<]+)<', row)[1]: row for row in rows}
    assert set(by_name) == {"Old Oak Ltd", "Fresh Fields", "Lost Lagoon"}
    assert all(f"to {world.bob.name}" in row for row in rows)
    assert "Left a voicemail" in by_name["Fresh Fields"]
    assert "cash deal" not in page and "Signed" not in by_name["Fresh Fields"]
    assert "Signed the contract" in by_name["Old Oak Ltd"] and "£800" in by_name["Old Oak Ltd"]
    assert "No budget" in by_name["Lost Lagoon"] and "Won" in by_name["Fresh Fields"]
    unmoved = give(world.group, world.alice, world.bob, name="Quiet Quarry")
    db.session.commit()
    page = client.get("/referrals?box=given&period=all").get_data(as_text=True)
    row = next(row for row in re.findall(r"<li>.*?</li>", page, re.S) if "Quiet Quarry" in row)
    assert "Last milestone" not in row and unmoved.id
    auth.logout()
    auth.login(world.bob)
    page = client.get("/referrals?period=all").get_data(as_text=True)
    assert page.count(f"from {world.alice.name}") == 4 and "Last milestone" not in page


def test_notifications_are_read_when_the_referral_is_opened(client, auth, world, history):
    old, fresh, lost = history
    auth.login(world.bob)
    badge = '<span class="badge" aria-label="3 new">3</span>'
    assert badge in client.get("/referrals").get_data(as_text=True)
    client.get(f"/referrals/{fresh.id}")
    assert '<span class="badge" aria-label="2 new">2</span>' in client.get(
        "/referrals").get_data(as_text=True)
    client.post("/notifications/read")
    assert 'aria-label="2 new"' not in client.get("/referrals").get_data(as_text=True)


# --- paging (keyset: ?before=<microseconds>.<id>) ---------------------------------------

def walk(client, url: str) -> list[list[str]]:
    """The prospects on each page, following "Older →" to the end."""
    pages = []
    while url:
        html = client.get(url).get_data(as_text=True)
        pages.append(re.findall(r"Prospect (\d+)", html))
        older = re.search(r'href="([^"]+)" rel="next"', html)
        url = older[1].replace("&amp;", "&") if older else None
        assert len(pages) < 10
    return pages


def test_lists_page_by_25_newest_first_even_when_times_tie(client, auth, world, set_now):
    now = clock.now()
    for n in range(60):
        set_now(now - timedelta(minutes=n // 2))  # pairs share a moment: ties go by id
        give(world.group, world.alice, world.bob, name=f"Prospect {n}")
    db.session.commit()
    set_now(now)
    auth.login(world.bob)
    pages = walk(client, "/referrals?period=all")
    assert [len(p) for p in pages] == [25, 25, 10]
    seen = [int(n) for page in pages for n in page]
    assert sorted(seen) == list(range(60)) and len(set(seen)) == 60
    # Newest first; among two given at the same moment the later one (higher id) first.
    assert seen == sorted(seen, key=lambda n: (n // 2, -n))
    second = client.get("/referrals?period=all").get_data(as_text=True)
    assert "25 referrals on this page" in second and "← Newest" not in second
    auth.logout()
    auth.login(world.organizer)
    group_pages = walk(client, f"/g/{world.group.slug}/referrals?period=all")
    assert [len(p) for p in group_pages] == [0, 0, 0]  # prospects are private to the pair
    notes = client.get("/notifications").get_data(as_text=True)
    assert 'rel="next"' not in notes
    auth.logout()
    auth.login(world.bob)
    notes = client.get("/notifications").get_data(as_text=True)
    listed = notes.split('<ul class="rlist">', 1)[1].split("</ul>", 1)[0]
    assert listed.count("<li>") == 25 and 'rel="next"' in notes


def test_group_list_pages_too(client, auth, world):
    for n in range(30):
        give(world.group, world.alice, world.bob, name=f"Prospect {n}")
    db.session.commit()
    auth.login(world.organizer)
    html = client.get(f"/g/{world.group.slug}/referrals?period=all").get_data(as_text=True)
    assert html.count('class="rtitle"') == 25
    older = re.search(r'href="([^"]+)" rel="next"', html)[1].replace("&amp;", "&")
    assert "period=all" in older
    assert client.get(older).get_data(as_text=True).count('class="rtitle"') == 5


@pytest.mark.parametrize("before", ["x", "1.", ".1", "1.2.3", "9" * 18 + ".1", "1.1\x00",
                                    "-5.3", "1" * 17 + ".1"])
def test_a_malformed_cursor_is_a_400(client, auth, world, before):
    auth.login(world.bob)
    for url in ("/referrals", "/notifications", f"/g/{world.group.slug}/referrals"):
        if url.startswith("/g/"):
            auth.logout()
            auth.login(world.organizer)
        status = client.get(url, query_string={"before": before}).status_code
        assert status in (200, 400)
        if before != "1" * 17 + ".1":  # far in the future: a valid, empty page
            assert status == 400, (url, before)
