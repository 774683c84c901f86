"""The match page (/g/<slug>/match), its JSON, and the give form's hint."""

from __future__ import annotations

import pytest

from partner_net.extensions import db
from partner_net.matching import data
from partner_net.referrals.pipeline import Status
from tests import factories, referral_factories

NEED = "there's a damp patch over the kids' beds since the gale"


@pytest.fixture
def app_config():
    return {"MATCHER_EMBEDDINGS": "off"}  # fast and deterministic, extra or not


@pytest.fixture
def profiled(world):
    factories.make_profile(world.alice, "Owners of warehouses", keywords="flat roofing, slate",
                           frustration="Leaks after every storm")
    factories.make_profile(world.bob, "Restaurants", keywords="business interruption, renewals")
    db.session.commit()
    return world


def page(client, world, group=None, **params):
    return client.get(f"/g/{(group or world.group).slug}/match", query_string=params)


def as_json(client, world, group=None, **params):
    return client.get(f"/g/{(group or world.group).slug}/match.json", query_string=params)


@pytest.mark.parametrize("path", ["/match", "/match.json"])
def test_anonymous_is_sent_to_sign_in(client, world, path):
    response = client.get(f"/g/{world.group.slug}{path}", query_string={"q": NEED})
    assert response.status_code == 302
    assert "/auth/signin" in response.headers["Location"]


@pytest.mark.parametrize("path", ["/match", "/match.json"])
def test_other_group_is_404(client, auth, world, path):
    auth.login(world.other_organizer)
    assert client.get(f"/g/{world.group.slug}{path}", query_string={"q": NEED}).status_code == 404


def test_unknown_group_is_404(client, auth, world):
    auth.login(world.alice)
    assert client.get("/g/no-such-group/match").status_code == 404


def test_member_sees_the_form_without_results(client, auth, world):
    auth.login(world.bob)
    response = page(client, world)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Who fits this need?" in html
    assert 'name="q"' in html
    assert "Refer to" not in html


def test_member_finds_the_roofer_with_what_matched_highlighted(client, auth, profiled):
    auth.login(profiled.bob)
    html = page(client, profiled, q=NEED).get_data(as_text=True)
    assert "Alice Archer" in html
    assert "<mark>Roofer</mark> · Archer <mark>Roofing</mark>" in html
    assert "“damp”, “gale” point to roofing" in html
    refer = f"/referrals/new?to={profiled.alice.id}&amp;group={profiled.group.slug}"
    assert refer in html


def test_page_keeps_the_query_and_escapes_it(client, auth, world):
    auth.login(world.alice)
    html = page(client, world, q="<script>alert(1)</script> leaflets").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; leaflets" in html


@pytest.mark.parametrize(("q", "message"), [
    ("", "Type a few words about what the prospect needs."),
    ("   ", "Type a few words about what the prospect needs."),
    ("x" * 1001, "Keep it under 1,000 characters."),
])
def test_page_validation(client, auth, world, q, message):
    auth.login(world.alice)
    response = page(client, world, q=q)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize(("params", "message"), [
    ({}, "Type a few words about what the prospect needs."),
    ({"q": ""}, "Type a few words about what the prospect needs."),
    ({"q": "x" * 1001}, "Keep it under 1,000 characters."),
])
def test_json_validation(client, auth, world, params, message):
    auth.login(world.alice)
    response = as_json(client, world, **params)
    assert response.status_code == 400
    assert response.get_json() == {"error": message}


def test_json_ranks_the_group_and_fills_the_receiver(client, auth, profiled):
    auth.login(profiled.organizer)
    body = as_json(client, profiled, q=NEED).get_json()
    assert body["query"] == NEED
    assert "keywords" in body["backend"]
    first = body["results"][0]
    assert first["id"] == profiled.alice.id
    assert first["name"] == "Alice Archer"
    assert first["category"] == "Roofer"
    assert {"damp", "gale"} <= set(first["matched"])
    refer = f"/referrals/new?to={profiled.alice.id}&group={profiled.group.slug}"
    assert first["refer_url"] == refer


def test_json_leaves_out_me_other_groups_and_inactive_members(client, auth, world):
    roofers = {}
    for label in ("outsider", "inactive_member", "inactive_account", "other_group"):
        roofers[label] = factories.make_member(f"Rory {label}", category="Roofer")
    factories.join(world.group, roofers["inactive_member"], active=False)
    factories.join(world.group, roofers["inactive_account"])
    roofers["inactive_account"].active = False
    factories.join(world.other_group, roofers["other_group"])
    db.session.commit()
    auth.login(world.alice)  # a roofer herself
    body = as_json(client, world, q="need a roofer, roof is leaking").get_json()
    returned = {r["id"] for r in body["results"]}
    assert world.alice.id not in returned
    assert not returned & {m.id for m in roofers.values()}


def test_group_history_feeds_the_ranking_but_never_shows_the_past_need(client, auth, profiled):
    for _ in range(3):
        referral_factories.give(profiled.group, profiled.organizer, profiled.bob,
                                need="flooded cellar under the bakery")
    auth.login(profiled.alice)
    body = as_json(client, profiled, q="flooded cellar").get_json()
    assert body["results"][0]["id"] == profiled.bob.id
    assert "similar needs 3 times" in body["results"][0]["why"]
    assert "bakery" not in str(body)


def test_history_leaves_out_referrals_that_were_not_a_fit(app, profiled):
    kept = referral_factories.give(profiled.group, profiled.organizer, profiled.bob, need="a")
    dropped = referral_factories.give(profiled.group, profiled.organizer, profiled.alice,
                                      need="b")
    dropped.status = Status.NOT_A_FIT
    kept.status = Status.WON
    db.session.commit()
    history = data.group_history(profiled.group)
    assert [(h.need, h.receiver_id, h.won) for h in history] == [("a", profiled.bob.id, True)]


def test_give_form_carries_the_hint_for_each_of_my_groups(client, auth, world):
    factories.join(world.other_group, world.alice)
    db.session.commit()
    auth.login(world.alice)
    html = client.get("/referrals/new").get_data(as_text=True)
    assert 'id="match-hint" hidden' in html
    assert f"/g/{world.group.slug}/match.json" in html
    assert f"/g/{world.other_group.slug}/match.json" in html
    assert "js/match.js" in html
