"""The network pages: who may see them, what they show, strategic partners."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import StrategicPartner
from partner_net.referrals import service
from partner_net.referrals.pipeline import Status
from tests import factories
from tests.referral_factories import give, pass_on, woven_group

EVIL = "<script>alert(1)</script>"
NOW = datetime(2030, 3, 20, 9, 0, tzinfo=UTC)
PAGES = ["/g/{slug}/network", "/g/{slug}/network/picture", "/g/{slug}/network/me",
         "/g/{slug}/network/suggestions"]


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    set_now(NOW)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


# --- who may see -----------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_is_sent_to_sign_in(client, world, path):
    response = client.get(path.format(slug=world.group.slug))
    assert response.status_code == 302
    assert "/auth/signin" in response.location


@pytest.mark.parametrize("path", PAGES)
def test_member_of_another_group_gets_404(client, auth, world, path):
    auth.login(world.other_organizer)
    assert client.get(path.format(slug=world.group.slug)).status_code == 404


@pytest.mark.parametrize("path", PAGES)
def test_member_in_no_group_gets_404(client, auth, world, path):
    auth.login(world.outsider)
    assert client.get(path.format(slug=world.group.slug)).status_code == 404


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("who", ["alice", "organizer"])
def test_members_and_organizers_see_the_pages(client, auth, world, path, who):
    auth.login(getattr(world, who))
    page(client, path.format(slug=world.group.slug))


def test_unknown_group_gets_404(client, auth, world):
    auth.login(world.alice)
    assert client.get("/g/no-such-group/network").status_code == 404


def test_deactivated_member_gets_404(client, auth, world):
    auth.login(world.alice)
    world.alice.memberships[0].active = False
    db.session.commit()
    assert client.get(f"/g/{world.group.slug}/network").status_code in (302, 404)


# --- the group's network ---------------------------------------------------------------


def test_group_page_draws_every_member_and_names_no_prospect(client, auth, world):
    evil = factories.make_member(EVIL, category="Roofer")
    factories.join(world.group, evil)
    db.session.commit()
    give(world.group, world.alice, evil, name="Zebedee Secretname", email="zeb@secret.example",
         need="Confidential need about the damp cellar", company="Hidden Holdings Ltd",
         phone="+44 20 7000 1234")
    give(world.group, evil, world.bob)
    auth.login(world.bob)

    html = page(client, f"/g/{world.group.slug}/network")
    drawing = page(client, f"/g/{world.group.slug}/network/picture")

    start = drawing.index('<svg class="network"')
    svg = drawing[start:drawing.index("</svg>", start)]
    assert svg.count("<circle") == 4
    assert EVIL not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    for secret in ("Zebedee", "zeb@secret.example", "damp cellar", "Hidden Holdings", "7000 1234"):
        assert secret not in html and secret not in drawing
    assert EVIL not in drawing
    for legend in ("Gives more than receives", "Balanced", "Receives more than gives"):
        assert legend in html
    assert '<svg class="bars"' in html


def test_group_figures_are_shown_with_their_meaning(client, auth, world):
    a, b, o = world.alice, world.bob, world.organizer
    give(world.group, a, b)
    give(world.group, a, b)
    give(world.group, b, a)
    auth.login(o)
    html = page(client, f"/g/{world.group.slug}/network?period=all")
    # 2 relationships, both returned: 100%; weighted min(2,1)*2 / 3 = 67%.
    assert re.search(r"Reciprocity</dt>\s*<dd[^>]*>100%", html)
    assert re.search(r"Weighted reciprocity</dt>\s*<dd[^>]*>67%", html)
    assert "the share where the other referred back" in html
    assert re.search(r"Never referred</dt>\s*<dd[^>]*>1<", html)  # Olivia
    assert "3 referrals between 2 pairs of members" in html


def test_period_selector_filters_and_marks_the_current_period(client, auth, world):
    old = give(world.group, world.alice, world.bob)
    old.created_at = NOW - timedelta(days=100)
    db.session.commit()
    give(world.group, world.bob, world.alice)
    auth.login(world.alice)
    month = page(client, f"/g/{world.group.slug}/network?period=month")
    assert "1 referral between 1 pair of members" in month
    assert re.search(r'period=month"\s+aria-current="true"', month)
    everything = page(client, f"/g/{world.group.slug}/network?period=all")
    assert "2 referrals between 2 pairs of members" in everything


def test_a_new_referral_shows_at_once(client, auth, world):
    """The cached figures are not served stale after a referral is given."""
    auth.login(world.alice)
    assert "0 referrals between 0 pairs" in page(client, f"/g/{world.group.slug}/network")
    give(world.group, world.bob, world.alice)
    assert "1 referral between 1 pair" in page(client, f"/g/{world.group.slug}/network")


# --- my reciprocity --------------------------------------------------------------------


def test_my_reciprocity_hand_computed(client, auth, world):
    """Alice gave Bob 2, Bob gave her 1 (balanced), Olivia gave her 3 (a chance to give)."""
    a, b, o = world.alice, world.bob, world.organizer
    won = give(world.group, a, b)
    give(world.group, a, b)
    give(world.group, b, a)
    for _ in range(3):
        give(world.group, o, a)
    service.move(won, b, service.Move(to=Status.WON, value=Decimal("1500")))
    db.session.commit()
    auth.login(a)

    html = page(client, f"/g/{world.group.slug}/network/me")

    counts = re.findall(r'<div class="count[^"]*"><strong>([^<]+)</strong><span>([^<]+)', html)
    assert counts[:3] == [("2", "referrals given"), ("4", "referrals received"),
                          ("-2", "net (given − received)")]
    assert ("£1,500", "business closed from your referrals") in counts
    chances = html[html.index('id="chances"'):html.index('id="balanced"')]
    assert ("Olivia Organizer</strong> referred you 3 times; "
            "you have not referred them yet") in chances
    assert f"to={o.id}" in chances
    assert "Bob Baker" not in chances
    balanced = html[html.index('id="balanced"'):html.index('id="most"')]
    assert "Bob Baker" in balanced and "you gave 2 · received 1" in balanced
    most = html[html.index('id="most"'):]
    assert "Bob Baker</strong></span><span class=\"muted\">2 referrals · 1 back" in most


def test_my_reciprocity_with_nothing_yet(client, auth, world):
    auth.login(world.alice)
    html = page(client, f"/g/{world.group.slug}/network/me")
    assert "Nobody is waiting" in html
    assert "You have not given a referral in this period" in html


# --- whom to refer first ---------------------------------------------------------------


def test_suggestions_give_reasons_and_a_give_link(client, auth, world):
    for _ in range(3):
        give(world.group, world.bob, world.alice)
    auth.login(world.alice)
    html = page(client, f"/g/{world.group.slug}/network/suggestions")
    assert "Bob Baker referred you 3 times and you have not referred them yet" in html
    first = html.index("Bob Baker referred you")
    assert first < html.index("Olivia Organizer")
    assert f"/referrals/new?to={world.bob.id}&amp;group={world.group.slug}" in html


def test_dashboard_shows_the_top_three(client, auth, world):
    for name in ("Carl", "Dora", "Emil"):
        factories.join(world.group, factories.make_member(f"{name} Extra"))
    db.session.commit()
    give(world.group, world.bob, world.alice)
    auth.login(world.alice)
    html = page(client, f"/g/{world.group.slug}/")
    card = html[html.index('id="refer-first"'):]
    card = card[:card.index("</section>")]
    assert card.count('class="suggestion"') == 3
    assert "Bob Baker referred you once" in card
    assert "All suggestions and your strategic partners" in card


def marks_of(member) -> list[int]:
    return list(db.session.scalars(
        sa.select(StrategicPartner.partner_id).filter_by(member_id=member.id)))


def test_marking_a_strategic_partner_ranks_them_first(client, auth, world):
    auth.login(world.alice)
    url = f"/g/{world.group.slug}/network/suggestions"
    response = client.post(url, data={"partner": world.organizer.id})
    assert response.status_code == 302
    assert marks_of(world.alice) == [world.organizer.id]
    html = page(client, url)
    assert "Olivia Organizer is now one of your strategic partners." in html
    assert "Olivia Organizer is one of your strategic partners" in html
    suggestions = html[html.index('class="suggestions"'):]
    assert suggestions.index("Olivia Organizer") < suggestions.index("Bob Baker")


@pytest.mark.parametrize(("who", "message"), [
    ("alice", "You can&#39;t be your own strategic partner; choose another member."),
    ("other_organizer", "Choose an active member of this group."),
    ("outsider", "Choose an active member of this group."),
])
def test_marking_refuses_yourself_and_non_members(client, auth, world, who, message):
    auth.login(world.alice)
    response = client.post(f"/g/{world.group.slug}/network/suggestions",
                           data={"partner": getattr(world, who).id})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert marks_of(world.alice) == []


def test_marking_twice_says_so(client, auth, world):
    auth.login(world.alice)
    url = f"/g/{world.group.slug}/network/suggestions"
    client.post(url, data={"partner": world.bob.id})
    response = client.post(url, data={"partner": world.bob.id})
    assert "Bob Baker is already one of your strategic partners." in response.get_data(as_text=True)
    assert marks_of(world.alice) == [world.bob.id]


def test_choosing_nobody_says_so(client, auth, world):
    auth.login(world.alice)
    response = client.post(f"/g/{world.group.slug}/network/suggestions", data={"partner": "0"})
    assert "Choose a member of the group." in response.get_data(as_text=True)


def test_marking_needs_membership_of_the_group(client, auth, world):
    auth.login(world.other_organizer)
    response = client.post(f"/g/{world.group.slug}/network/suggestions",
                           data={"partner": world.bob.id})
    assert response.status_code == 404
    assert marks_of(world.other_organizer) == []


def test_removing_a_strategic_partner(client, auth, world):
    auth.login(world.alice)
    client.post(f"/g/{world.group.slug}/network/suggestions", data={"partner": world.bob.id})
    response = client.post(f"/g/{world.group.slug}/network/strategic/{world.bob.id}/remove")
    assert response.status_code == 302
    assert marks_of(world.alice) == []
    again = client.post(f"/g/{world.group.slug}/network/strategic/{world.bob.id}/remove")
    assert again.status_code == 404


def test_removing_only_touches_your_own_marks(client, auth, world):
    db.session.add(StrategicPartner(member=world.bob, partner=world.alice, group=world.group))
    db.session.commit()
    auth.login(world.organizer)
    response = client.post(f"/g/{world.group.slug}/network/strategic/{world.alice.id}/remove")
    assert response.status_code == 404
    assert marks_of(world.bob) == [world.alice.id]


def test_removing_is_post_only_and_for_members(client, auth, world):
    url = f"/g/{world.group.slug}/network/strategic/{world.bob.id}/remove"
    assert client.get(url).status_code == 405
    assert "/auth/signin" in client.post(url).location
    auth.login(world.other_organizer)
    assert client.post(url).status_code == 404


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_marking_with_csrf_on(client, world, app_config):
    token = csrf_token(client.get("/auth/signin").get_data(as_text=True))
    client.post("/auth/signin", data={"email": world.alice.email,
                                      "password": factories.PASSWORD, "csrf_token": token})
    url = f"/g/{world.group.slug}/network/suggestions"
    assert client.post(url, data={"partner": world.bob.id}).status_code == 400
    assert marks_of(world.alice) == []
    token = csrf_token(page(client, url))
    response = client.post(url, data={"partner": world.bob.id, "csrf_token": token})
    assert response.status_code == 302
    assert marks_of(world.alice) == [world.bob.id]
    remove = f"/g/{world.group.slug}/network/strategic/{world.bob.id}/remove"
    assert client.post(remove).status_code == 400
    assert client.post(remove, data={"csrf_token": token}).status_code == 302
    assert marks_of(world.alice) == []


def test_the_matrix_is_for_organizers_and_ordered_by_clusters(client, auth, world):
    give(world.group, world.alice, world.bob)
    give(world.group, world.bob, world.alice)
    url = f"/g/{world.group.slug}/network"
    auth.login(world.organizer)
    page = client.get(url).get_data(as_text=True)
    assert "Who gives to whom: the matrix" in page
    assert f'data-fragment="{url}/matrix"' in page and '<table class="matrix">' not in page
    table = client.get(f"{url}/matrix")
    assert table.headers["X-Fragment"] == "1"
    rows = re.findall(r'<th scope="row" class="matrix__name"><span class="matrix__n">\d+</span> '
                      r'([^<]+)</th>', table.get_data(as_text=True))
    # Alice and Bob (who refer each other) first, the organizer (no referrals) last.
    assert rows[-1] == "Olivia Organizer" and set(rows[:2]) == {"Alice Archer", "Bob Baker"}
    # Without the script: the page with the matrix in it.
    assert table.get_data(as_text=True) in client.get(f"{url}?matrix=1").get_data(as_text=True)
    auth.logout()
    auth.login(world.alice)
    assert "the matrix" not in client.get(url).get_data(as_text=True)
    assert "the matrix" not in client.get(f"{url}?matrix=1").get_data(as_text=True)
    assert client.get(f"{url}/matrix").status_code == 403
    auth.logout()
    auth.login(world.other_organizer)
    assert client.get(f"{url}/matrix").status_code == 404
    auth.logout()
    assert client.get(f"{url}/matrix").status_code == 302


@pytest.fixture
def clustered(monkeypatch) -> list[int]:
    """One entry each time the group is clustered for the matrix, from an empty cache."""
    from partner_net.network import cache

    calls: list[int] = []
    real = cache.matrix
    monkeypatch.setattr(cache, "matrix", lambda *args: calls.append(1) or real(*args))
    cache.cache.clear()
    return calls


def test_a_members_network_page_does_not_cluster_the_group(client, auth, world, clustered):
    """bench/load.py: the matrix (greedy modularity over the group) was computed for every
    view of the network page after each change, though only organizers see it."""
    give(world.group, world.alice, world.bob)
    url = f"/g/{world.group.slug}/network"
    auth.login(world.alice)
    assert client.get(url).status_code == 200
    assert clustered == []
    auth.logout()
    auth.login(world.organizer)
    assert "Who gives to whom: the matrix" in client.get(url).get_data(as_text=True)
    assert clustered == []  # nor the organizer's page: the matrix comes on its own
    assert '<table class="matrix">' in client.get(f"{url}/matrix").get_data(as_text=True)
    assert clustered == [1]


def test_the_matrix_keeps_its_clusters_while_a_few_referrals_change(client, auth, world,
                                                                      clustered, monkeypatch):
    """Clustering is most of the network page's cost right after a change: a patched
    version orders the matrix by its predecessor's clusters while they still fit."""
    from partner_net.network import cache

    give(world.group, world.alice, world.bob)
    url = f"/g/{world.group.slug}/network/matrix"
    auth.login(world.organizer)
    assert client.get(url).status_code == 200 and clustered == [1]
    give(world.group, world.bob, world.alice)  # both already refer: clusters still fit
    page = client.get(url).get_data(as_text=True)
    assert clustered == [1] and cache.cache.patches == 1
    assert re.search(r'Bob Baker</th>.*?<td class="matrix__total">1</td>', page, re.S)
    give(world.group, world.organizer, world.alice)  # the quiet organizer refers
    client.get(url)
    assert clustered == [1, 1]
    monkeypatch.setattr(cache, "RECLUSTER_AFTER", 0)  # too many changes since: afresh
    monkeypatch.setattr(cache, "RECLUSTER_SHARE", 0)
    give(world.group, world.alice, world.bob)
    client.get(url)
    assert clustered == [1, 1, 1]


@pytest.mark.parametrize("focus", ["99999999", "abc", "-1", ""])
def test_a_focus_on_nobody_known_shows_the_whole_group(client, auth, world, focus):
    auth.login(world.alice)
    response = client.get(f"/g/{world.group.slug}/network?focus={focus}")
    assert response.status_code == 200
    assert "Who refers whom</h2>" in response.get_data(as_text=True)


def test_the_picture_is_not_in_the_page_but_asked_for_by_its_script(client, auth, world):
    """A phone never shows the node-link picture: the page leaves it out and its script
    asks for it (same period and focus) on a wide screen; ?picture=1 puts it in the page
    for a browser without the script."""
    give(world.group, world.bob, world.alice)
    auth.login(world.alice)
    url = f"/g/{world.group.slug}/network"
    html = page(client, f"{url}?period=quarter&focus={world.bob.id}")
    assert '<svg class="network"' not in html
    asked = re.search(r'<figure class="netfig fragment" data-fragment="([^"]+)"', html)[1]
    assert asked == f"{url}/picture?period=quarter&amp;focus={world.bob.id}"
    assert "js/network.js" in html
    fallback = re.search(r'<a class="button button--secondary" href="([^"]+)">Show the '
                         r'picture</a>', html)[1]
    with_picture = page(client, fallback.replace("&amp;", "&"))
    response = client.get(asked.replace("&amp;", "&"))
    drawing = response.get_data(as_text=True)
    assert response.headers["X-Fragment"] == "1"
    assert drawing.startswith('<svg class="network"') and "edge--focus" in drawing
    assert drawing in with_picture
    assert "Show the picture" not in with_picture
    # The whole group's picture, for the default period and no focus.
    assert re.search(r'class="netfig fragment" data-fragment="([^"]+)"', page(client, url)
                     )[1] == f"{url}/picture"
    assert "edge--focus" not in page(client, f"{url}/picture")


def test_the_centre_select_marks_the_member_in_focus_and_nobody_else(client, auth, world):
    give(world.group, world.bob, world.alice)
    auth.login(world.alice)
    url = f"/g/{world.group.slug}/network"
    whole = client.get(url).get_data(as_text=True)
    assert " selected>" not in whole.split('name="focus"', 1)[1].split("</select>", 1)[0]
    focused = client.get(f"{url}?focus={world.bob.id}").get_data(as_text=True)
    options = focused.split('name="focus"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r'<option value="(\d+)"[^>]* selected>', options) == [str(world.bob.id)]
    assert f'<option value="{world.alice.id}">' in options


def test_my_partners_are_ranked_with_a_picture(client, auth, world):
    give(world.group, world.bob, world.alice)
    give(world.group, world.organizer, world.alice)
    give(world.group, world.organizer, world.alice)
    auth.login(world.alice)
    page = client.get(f"/g/{world.group.slug}/network/me").get_data(as_text=True)
    assert '<svg class="ego"' in page
    names = re.findall(r'class="ranked__name" href="[^"]+">([^<]+)</a>', page)
    assert names == ["Olivia Organizer", "Bob Baker"]


# --- right after a change: made by the delta, the same as made afresh -------------------

MATRIX = re.compile(r'<table class="matrix">.*?</table>', re.S)


def cells(table: str) -> dict[str, set[str]]:
    """Each matrix row by giver: its cells (receiver and count) and its total."""
    rows = re.findall(r'<th scope="row" class="matrix__name"><span class="matrix__n">\d+'
                      r'</span> ([^<]+)</th>(.*?)</tr>', table, re.S)
    return {giver: set(re.findall(r'title="([^"]+)"|matrix__total">(\d+)<', row))
            for giver, row in rows}


@pytest.mark.parametrize("who", ["organizer", "alice"])
def test_the_page_right_after_a_change_equals_one_built_from_scratch(client, auth, world, who,
                                                                     monkeypatch):
    """The figures, the ranking, both drawings and the matrix's cells, after changes of
    every kind, with the page (and the cache) warm before each: the same as from an
    empty cache. The matrix keeps its clusters' order (see the test above), so its
    rows are compared by giver."""
    from partner_net.network import cache
    from partner_net.network import service as network_service

    people, referrals = woven_group(world, extra=4, residue=1)
    url = f"/g/{world.group.slug}/network"
    auth.login(getattr(world, who))
    def whole(url: str) -> str:
        """The page, its picture and (for the organizer) its matrix."""
        pieces = ["", "/picture", "/matrix"] if who == "organizer" else ["", "/picture"]
        return "".join(page(client, url + piece) for piece in pieces)

    cache.cache.clear()
    whole(url)
    steps = [
        lambda: give(world.group, people[3], people[5], name="A new pair"),
        lambda: give(world.group, world.alice, world.bob, name="Once more"),
        lambda: service.move(referrals[0], referrals[0].receiver,
                             service.Move(to=Status.WON, value=700)),
        lambda: service.withdraw(referrals[1], referrals[1].giver, "Wrong member"),
        lambda: pass_on(referrals[2], people),  # the giver's total stays, two cells move
        lambda: [give(world.group, people[6], people[4], name=f"Many {k}") for k in range(5)],
    ]
    for step in steps:
        step()
        db.session.commit()
        shown = whole(url)
        monkeypatch.setattr(network_service, "cache", cache.NetworkCache())
        fresh = whole(url)
        monkeypatch.setattr(network_service, "cache", cache.cache)
        assert MATRIX.sub("", shown) == MATRIX.sub("", fresh)
        assert ("the matrix" in shown) == (who == "organizer")
        if who == "organizer":
            assert cells(MATRIX.search(shown)[0]) == cells(MATRIX.search(fresh)[0])
    assert cache.cache.patches == len(steps)


def test_the_matrix_keeps_its_clusters_while_a_small_share_of_referrals_changed(
        client, auth, world, clustered, monkeypatch):
    """More changes than RECLUSTER_AFTER, but a small share of the period's referrals:
    the clusters stay; a larger share clusters afresh."""
    from partner_net.network import cache

    monkeypatch.setattr(cache, "RECLUSTER_AFTER", 2)
    monkeypatch.setattr(cache, "RECLUSTER_SHARE", 0.5)
    for n in range(8):
        give(world.group, world.alice, world.bob, name=f"Early {n}")
        give(world.group, world.bob, world.alice, name=f"Back {n}")
    url = f"/g/{world.group.slug}/network/matrix"
    auth.login(world.organizer)
    assert client.get(url).status_code == 200 and clustered == [1]
    for n in range(3):  # 3 of 19 referrals changed: more than 2, less than half
        give(world.group, world.alice, world.bob, name=f"Later {n}")
    client.get(url)
    assert clustered == [1]
    for n in range(9):  # 12 of 28 changed since the clustering... still under half
        give(world.group, world.bob, world.alice, name=f"More {n}")
    client.get(url)
    assert clustered == [1]
    for n in range(6):  # 18 of 34: more than half
        give(world.group, world.alice, world.bob, name=f"Most {n}")
    client.get(url)
    assert clustered == [1, 1]
