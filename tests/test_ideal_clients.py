"""Ideal-client profiles: add, edit, delete, reorder; only the owner touches them."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import IdealClientProfile
from tests import factories

FULL = {
    "title": "Independent restaurant owners",
    "industry": "Hospitality",
    "segment": "10-50 covers",
    "area": "Leeds",
    "frustration": "Their POS keeps failing on Friday nights.",
    "triggers": "They complain about card machines.",
    "value": "A till that never goes down.",
    "keywords": " POS ,  card   machines, pos,,Franchise ",
}


def titles(member) -> list[tuple[int, str]]:
    db.session.expire_all()
    return [(p.position, p.title) for p in member.ideal_clients]


@pytest.fixture
def three(world):
    for title in ("One", "Two", "Three"):
        factories.make_profile(world.alice, title)
    db.session.commit()
    return world.alice.ideal_clients


def test_anonymous_is_sent_to_sign_in(client, world, three):
    pid = three[0].id
    for method, url in [
        ("get", "/profile/clients/new"),
        ("post", "/profile/clients/new"),
        ("get", f"/profile/clients/{pid}"),
        ("post", f"/profile/clients/{pid}"),
        ("post", f"/profile/clients/{pid}/delete"),
        ("post", f"/profile/clients/{pid}/move"),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert "/auth/signin" in response.headers["Location"]
    assert len(titles(world.alice)) == 3


def test_add_with_every_field_and_tidied_keywords(client, auth, world):
    auth.login(world.alice)
    assert "Who they are" in client.get("/profile/clients/new").text
    response = client.post("/profile/clients/new", data=FULL)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/profile#ideal-clients")
    (profile,) = db.session.scalars(sa.select(IdealClientProfile)).all()
    assert profile.member_id == world.alice.id
    assert profile.position == 0
    assert profile.keywords == "POS, card machines, Franchise"
    assert profile.keyword_list == ["POS", "card machines", "Franchise"]
    for name in ("industry", "segment", "area", "frustration", "triggers", "value"):
        assert getattr(profile, name) == FULL[name]
    page = client.get("/profile").text
    assert "Independent restaurant owners" in page
    assert "added" in page


def test_new_profiles_go_last(client, auth, world, three):
    auth.login(world.alice)
    client.post("/profile/clients/new", data={"title": "Four"})
    assert titles(world.alice) == [(0, "One"), (1, "Two"), (2, "Three"), (3, "Four")]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Give this ideal client a short title."),
        ("title", "   ", "Give this ideal client a short title."),
        ("title", "t" * 121, "Keep the title under 120 characters."),
        ("industry", "i" * 121, "Keep the industry under 120 characters."),
        ("segment", "s" * 121, "Keep the segment under 120 characters."),
        ("area", "a" * 121, "Keep the area under 120 characters."),
        ("frustration", "f" * 2001, "Keep the frustration under 2000 characters."),
        ("triggers", "t" * 2001, "Keep the triggers under 2000 characters."),
        ("value", "v" * 2001, "Keep the value under 2000 characters."),
        ("keywords", "k" * 301, "Keep the keywords under 300 characters."),
    ],
)
def test_validation_messages_keep_what_was_typed(client, auth, world, field, value, message):
    auth.login(world.alice)
    response = client.post("/profile/clients/new", data={**FULL, field: value})
    assert response.status_code == 200
    assert message in response.text
    if field != "frustration":
        assert FULL["frustration"] in response.text
    assert titles(world.alice) == []


def test_edit(client, auth, world, three):
    auth.login(world.alice)
    pid = three[1].id
    page = client.get(f"/profile/clients/{pid}").text
    assert 'value="Two"' in page and "Edit ideal client" in page
    response = client.post(f"/profile/clients/{pid}", data={**FULL, "title": "Two, renamed"})
    assert response.status_code == 302
    assert titles(world.alice) == [(0, "One"), (1, "Two, renamed"), (2, "Three")]


def test_edit_error_keeps_input(client, auth, world, three):
    auth.login(world.alice)
    response = client.post(f"/profile/clients/{three[0].id}",
                           data={**FULL, "title": ""})
    assert response.status_code == 200
    assert "Give this ideal client a short title." in response.text
    assert FULL["triggers"] in response.text
    assert titles(world.alice)[0] == (0, "One")


def test_delete_keeps_positions_dense(client, auth, world, three):
    auth.login(world.alice)
    response = client.post(f"/profile/clients/{three[0].id}/delete")
    assert response.status_code == 302
    assert titles(world.alice) == [(0, "Two"), (1, "Three")]
    assert "deleted" in client.get("/profile").text


def test_delete_asks_for_confirmation(client, auth, world, three):
    auth.login(world.alice)
    page = client.get("/profile").text  # static/js/confirm.js asks (no inline handler: CSP)
    assert 'data-confirm="Delete the ideal client' in page
    assert "/static/js/confirm.js" in page


@pytest.mark.parametrize(
    ("index", "direction", "expected"),
    [
        (2, "up", ["One", "Three", "Two"]),
        (0, "down", ["Two", "One", "Three"]),
        (0, "up", ["One", "Two", "Three"]),  # already first: nothing moves
        (2, "down", ["One", "Two", "Three"]),  # already last
    ],
)
def test_reorder(client, auth, world, three, index, direction, expected):
    auth.login(world.alice)
    pid = three[index].id
    response = client.post(f"/profile/clients/{pid}/move", data={"direction": direction})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/profile#client-{pid}")
    assert titles(world.alice) == list(enumerate(expected))


def test_reorder_repairs_gaps_in_positions(client, auth, world):
    for title, position in (("A", 0), ("B", 5), ("C", 9)):
        factories.make_profile(world.alice, title, position=position)
    db.session.commit()
    auth.login(world.alice)
    pid = world.alice.ideal_clients[2].id
    client.post(f"/profile/clients/{pid}/move", data={"direction": "up"})
    assert titles(world.alice) == [(0, "A"), (1, "C"), (2, "B")]


def test_reorder_needs_a_direction(client, auth, world, three):
    auth.login(world.alice)
    pid = three[0].id
    assert client.post(f"/profile/clients/{pid}/move", data={"direction": "sideways"}
                       ).status_code == 400
    assert client.post(f"/profile/clients/{pid}/move").status_code == 400


def test_reorder_buttons_work_without_javascript(client, auth, world, three):
    auth.login(world.alice)
    page = client.get("/profile").text
    assert f'action="/profile/clients/{three[1].id}/move"' in page
    assert '<input type="hidden" name="direction" value="up">' in page


@pytest.mark.parametrize("who", ["bob", "organizer", "other_organizer", "outsider"])
def test_only_the_owner_may_touch_a_profile(client, auth, world, three, who):
    auth.login(getattr(world, who))
    pid = three[0].id
    assert client.get(f"/profile/clients/{pid}").status_code == 404
    assert client.post(f"/profile/clients/{pid}", data=FULL).status_code == 404
    assert client.post(f"/profile/clients/{pid}/delete").status_code == 404
    assert client.post(f"/profile/clients/{pid}/move",
                       data={"direction": "down"}).status_code == 404
    assert titles(world.alice) == [(0, "One"), (1, "Two"), (2, "Three")]


def test_missing_profile_is_404(client, auth, world):
    auth.login(world.alice)
    assert client.get("/profile/clients/999999").status_code == 404
    assert client.post("/profile/clients/999999/delete").status_code == 404
