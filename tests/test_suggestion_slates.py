"""Whom to refer first in the app: the weekly slates behind the exposure budget, what
the pages read, and parallel requests recording a slate once."""

from __future__ import annotations

import http.client
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from werkzeug.serving import make_server

from partner_net.domain.exposure import SLATE, window_start
from partner_net.extensions import db
from partner_net.models import SuggestionSlate
from partner_net.network import service, slates
from partner_net.network.cache import cache as network_cache
from tests import factories
from tests.referral_factories import give

NOW = datetime(2030, 3, 20, 9, 0, tzinfo=UTC)  # a Wednesday
MONDAY = date(2030, 3, 18)


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    set_now(NOW)


def add_members(world, count: int) -> list:
    people = [factories.make_member(f"Extra {chr(65 + i)} Member") for i in range(count)]
    for person in people:
        factories.join(world.group, person)
    db.session.commit()
    return people


def slate_rows(group_id: int) -> list[tuple[int, date, int]]:
    return sorted(db.session.execute(
        sa.select(SuggestionSlate.viewer_id, SuggestionSlate.week, SuggestionSlate.member_id)
        .where(SuggestionSlate.group_id == group_id)).all())


def test_the_dashboard_records_my_top_three_once_a_week(client, auth, world):
    add_members(world, 4)
    auth.login(world.alice)
    assert client.get(f"/g/{world.group.slug}/").status_code == 200
    rows = slate_rows(world.group.id)
    assert len(rows) == SLATE and {(v, w) for v, w, _ in rows} == {(world.alice.id, MONDAY)}
    shown = {m for _, _, m in rows}
    client.get(f"/g/{world.group.slug}/")
    client.get(f"/g/{world.group.slug}/network/suggestions")
    assert slate_rows(world.group.id) == rows  # same top 3 on both pages, stored once
    html = client.get(f"/g/{world.group.slug}/").get_data(as_text=True)
    card = html[html.index('id="refer-first"'):]
    assert all(f"/members/{m}" in card[:card.index("</section>")] for m in shown)


def test_week_of_is_the_monday_in_the_groups_zone(world):
    world.group.timezone = "Pacific/Auckland"  # already Thursday there at 21:00 UTC Wed
    late = datetime(2030, 3, 20, 21, 0, tzinfo=UTC)
    assert slates.week_of(world.group, late) == MONDAY
    sunday_night_utc = datetime(2030, 3, 24, 13, 0, tzinfo=UTC)  # Monday 02:00 there
    assert slates.week_of(world.group, sunday_night_utc) == MONDAY + timedelta(weeks=1)


def test_other_viewers_slates_count_mine_do_not_and_old_ones_are_pruned(world):
    group = world.group
    old = window_start(MONDAY) - timedelta(weeks=1)
    db.session.add_all([
        SuggestionSlate(group_id=group.id, viewer_id=world.bob.id, member_id=world.alice.id,
                        week=MONDAY),
        SuggestionSlate(group_id=group.id, viewer_id=world.alice.id,
                        member_id=world.organizer.id, week=MONDAY),
        SuggestionSlate(group_id=group.id, viewer_id=world.bob.id,
                        member_id=world.organizer.id, week=old),
    ])
    db.session.commit()
    exposure, mine = slates.read(group.id, world.alice.id, MONDAY, group_size=3)
    assert exposure.shown == {world.alice.id: 1} and exposure.slates == 1
    assert mine == {world.organizer.id}
    assert slates.record(group.id, world.alice.id, MONDAY, [world.organizer.id], mine) is False
    assert slates.record(group.id, world.alice.id, MONDAY, [world.bob.id, world.organizer.id],
                         mine) is True
    db.session.commit()
    assert (world.bob.id, old, world.organizer.id) not in slate_rows(group.id)
    assert (world.alice.id, MONDAY, world.bob.id) in slate_rows(group.id)


def test_a_member_in_everyones_slates_makes_room_for_others(world):
    """Dana was in every other member's top 3 for four weeks; for Alice, who has no
    particular reason for anyone, Dana drops out of the top 3."""
    people = add_members(world, 8)
    dana = people[0]
    before = service.suggestions_for(world.alice, world.group, NOW, limit=3, record=False)
    assert dana.id in [s.member_id for s in before.rows]  # first by name: "Extra A"
    others = [world.bob, world.organizer, *people[1:]]
    db.session.add_all(
        SuggestionSlate(group_id=world.group.id, viewer_id=v.id, member_id=dana.id,
                        week=MONDAY - timedelta(weeks=w))
        for v in others for w in range(4))
    db.session.commit()
    after = service.suggestions_for(world.alice, world.group, NOW, limit=3, record=False)
    assert dana.id not in [s.member_id for s in after.rows]


def serving(world):
    """Alice serves independent restaurants; Tom and Cleo serve them too in other words;
    Sue and Rhys serve unrelated people; Bob and the organizer have no profile."""
    rhys, sue, cleo, tom = add_members(world, 4)  # "Extra A Member" .. "Extra D Member"
    factories.make_profile(world.alice, "Independent restaurants and cafés",
                           industry="Hospitality")
    factories.make_profile(tom, "Owner-run bistros and takeaways",
                           segment="Food service businesses")
    factories.make_profile(cleo, "Coffee shops and tea rooms")
    factories.make_profile(sue, "Parents of toddlers", segment="Families")
    factories.make_profile(rhys, "Homeowners with old slate roofs")
    db.session.commit()
    return tom, cleo, sue, rhys


def test_serving_the_same_people_in_other_words_ranks_first(world):
    """The strategic signal comes from the matcher's meaning model (ONNX MiniLM by
    default): no word is shared, yet Tom and Cleo are the ones who serve Alice's people
    (and their names sort after Sue's and Rhys's: no tie is broken in their favour)."""
    tom, cleo, sue, rhys = serving(world)
    ids = [world.alice.id, tom.id, cleo.id, sue.id, rhys.id, world.bob.id]
    raw = service.profile_similarity(world.alice.id, service.client_texts(ids))
    assert min(raw[tom.id], raw[cleo.id]) > max(raw[sue.id], raw[rhys.id])
    assert raw[world.bob.id] == 0.0
    rows = service.suggestions_for(world.alice, world.group, NOW, limit=None,
                                   record=False).rows
    strategic = {s.member_id: s.signals["strategic"] for s in rows}
    unrelated = (sue, rhys, world.bob, world.organizer)
    assert min(strategic[tom.id], strategic[cleo.id]) > max(strategic[p.id] for p in unrelated)
    assert {rows[0].member_id, rows[1].member_id} == {tom.id, cleo.id}
    assert rows[0].top_reason == "strategic"


def test_without_a_meaning_model_the_similarity_is_word_overlap(app, world):
    tom, cleo, sue, rhys = serving(world)
    app.config["MATCHER_BACKEND"] = "keywords"
    raw = service.profile_similarity(world.alice.id, service.client_texts(
        [world.alice.id, tom.id, sue.id, rhys.id]))
    assert raw == {tom.id: 0.0, sue.id: 0.0, rhys.id: 0.0}  # no shared word, no overlap


@contextmanager
def counted_statements() -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def statements_of(client, urls: list[str]) -> list[list[str]]:
    counted = []
    for url in urls:
        client.get(url)  # a first view of the week writes the slate; measure the next
        with counted_statements() as statements:
            assert client.get(url).status_code == 200
        counted.append(statements)
    return counted


def test_the_pages_read_only_my_pairs_and_do_not_grow_with_the_group(client, auth, world):
    give(world.group, world.bob, world.alice)
    give(world.group, world.organizer, world.bob)
    auth.login(world.alice)
    urls = [f"/g/{world.group.slug}/network/suggestions", f"/g/{world.group.slug}/"]
    small = statements_of(client, urls)
    people = add_members(world, 20)
    for giver, receiver in zip(people, people[1:], strict=False):
        give(world.group, giver, receiver)
    misses = network_cache.misses
    large = statements_of(client, urls)
    assert network_cache.misses == misses  # the whole network is never built for them
    assert [len(s) for s in large] == [len(s) for s in small]
    service.received_memo.clear()  # as in a fresh process: the member's pairs are read
    with counted_statements() as fresh:
        assert client.get(urls[0]).status_code == 200
    assert network_cache.misses == misses
    pairs = [s for s in fresh if "GROUP BY referrals.giver_id, referrals.receiver_id" in s]
    assert len(pairs) == 1
    assert "referrals.giver_id = " in pairs[0] and "referrals.receiver_id = " in pairs[0]


@contextmanager
def live_server(app) -> Iterator[int]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join(5)


def test_parallel_first_views_record_the_slate_once(app, client, auth, world):
    add_members(world, 5)
    auth.login(world.alice)
    cookie = client.get_cookie("session", domain="partner.test")
    statuses: list[int] = []
    barrier = threading.Barrier(6)

    def view(port: int, path: str) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        barrier.wait()
        connection.request("GET", path, headers={"Host": "partner.test",
                                                 "Cookie": f"session={cookie.value}"})
        statuses.append(connection.getresponse().status)
        connection.close()

    with live_server(app) as port:
        paths = [f"/g/{world.group.slug}/", f"/g/{world.group.slug}/network/suggestions"] * 3
        threads = [threading.Thread(target=view, args=(port, p)) for p in paths]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert statuses == [200] * 6
    db.session.rollback()
    rows = slate_rows(world.group.id)
    assert len(rows) == SLATE == len(set(rows))


@pytest.mark.parametrize("page", ["", "network/suggestions"])
def test_the_slate_is_written_after_the_page_is_rendered(app, client, auth, world,
                                                         monkeypatch, page):
    """bench/load.py: the dashboard wrote the slate first and committed after rendering,
    so on SQLite it held the only write lock through the whole page (seconds on a
    worker's first dashboard) and another worker's write failed: "database is locked",
    a 500. While the page renders, any other connection may write at once."""
    from partner_net.main import views as main_views
    from partner_net.network import views as network_views

    add_members(world, 4)
    auth.login(world.alice)
    seen: list[str] = []
    url = str(db.engine.url)

    def note_insert(_conn, _cursor, statement, *_args) -> None:
        if statement.startswith("INSERT INTO suggestion_slates"):
            seen.append("slate written")

    def rendering(real):
        def render(*args, **kwargs):
            seen.append("rendered")
            if db.engine.dialect.name == "sqlite":  # another worker writes, not waiting
                other = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0)
                try:
                    other.execute("BEGIN IMMEDIATE")
                    other.rollback()
                finally:
                    other.close()
            return real(*args, **kwargs)
        return render

    monkeypatch.setattr(main_views, "render_template", rendering(main_views.render_template))
    monkeypatch.setattr(network_views, "render_template",
                        rendering(network_views.render_template))
    event.listen(db.engine, "before_cursor_execute", note_insert)
    try:
        assert client.get(f"/g/{world.group.slug}/{page}").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", note_insert)
    assert seen == ["rendered", "slate written"]
    assert len(slate_rows(world.group.id)) == SLATE


def test_what_members_received_lately_is_never_stale(world):
    """The memo of received counts is keyed by the group's referrals version: a new
    referral is seen at once."""
    assert service.received_lately(world.group.id, NOW) == {}
    give(world.group, world.alice, world.bob)
    assert service.received_lately(world.group.id, NOW) == {world.bob.id: 1}
    give(world.group, world.alice, world.bob)
    assert service.received_lately(world.group.id, NOW) == {world.bob.id: 2}
