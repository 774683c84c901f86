"""The match page (/g/<slug>/match), its JSON, the give form's hint, and feedback."""

from __future__ import annotations

import http.client
import re
import threading
from pathlib import Path
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from partner_net.extensions import db
from partner_net.matching.data import matcher_encoder
from partner_net.models import MatchFeedback
from tests import factories, referral_factories

NEED = "our warehouse roof leaks after every storm"


@pytest.fixture
def app_config():
    return {"MATCHER_BACKEND": "onnx"}  # the default model, whatever else is installed


@pytest.fixture
def profiled(world):
    factories.make_profile(world.alice, "Owners of warehouses", keywords="flat roofing, slate",
                           frustration="Leaks after every storm.")
    factories.make_profile(world.bob, "Restaurants", keywords="business interruption, renewals")
    db.session.commit()
    return world


def page(client, world, group=None, **params):
    return client.get(f"/g/{(group or world.group).slug}/match", query_string=params)


def as_json(client, world, group=None, **params):
    return client.get(f"/g/{(group or world.group).slug}/match.json", query_string=params)


def tell(client, world, who, verdict="good", q=NEED, **extra):
    data = {"q": q, "member": who.id, "position": 1, "source": "page", "verdict": verdict}
    data.update(extra)
    return client.post(f"/g/{world.group.slug}/match/feedback", data=data)


def feedback_rows() -> list[MatchFeedback]:
    return list(db.session.scalars(sa.select(MatchFeedback).order_by(MatchFeedback.id)))


@pytest.mark.parametrize("path", ["/match", "/match.json"])
def test_anonymous_is_sent_to_sign_in(client, world, path):
    response = client.get(f"/g/{world.group.slug}{path}", query_string={"q": NEED})
    assert response.status_code == 302
    assert "/auth/signin" in response.headers["Location"]


@pytest.mark.parametrize("path", ["/match", "/match.json"])
def test_other_group_is_404(client, auth, world, path):
    auth.login(world.other_organizer)
    assert client.get(f"/g/{world.group.slug}{path}", query_string={"q": NEED}).status_code == 404


def test_member_sees_the_form_without_results_or_technical_copy(client, auth, world):
    auth.login(world.bob)
    response = page(client, world)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Who fits this need?" in html and 'name="q"' in html
    assert "Refer to" not in html
    assert "install" not in html.lower() and "embedding" not in html.lower()


def test_member_finds_the_roofer_and_sees_why(client, auth, profiled):
    auth.login(profiled.bob)
    html = page(client, profiled, q=NEED).get_data(as_text=True)
    assert "Alice Archer" in html
    assert "Why:</span> Their profile mentions “warehouse”, “roof”, “leaks”, “storm”" in html
    assert "<mark>Leaks</mark> after every <mark>storm</mark>." in html
    assert f"/referrals/new?to={profiled.alice.id}&amp;group={profiled.group.slug}" in html
    assert "Good fit" in html and "Wrong person" in html


def test_page_keeps_the_query_and_escapes_it(client, auth, world):
    auth.login(world.alice)
    html = page(client, world, q="<script>alert(1)</script> leaflets").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; leaflets" in html


@pytest.mark.parametrize(("q", "message"), [
    ("", "Type a few words about what the prospect needs."),
    ("   ", "Type a few words about what the prospect needs."),
    ("x" * 1001, "Keep it under 1,000 characters."),
    ("a\x00b", "Use one line of ordinary text"),
])
def test_page_validation(client, auth, world, q, message):
    auth.login(world.alice)
    response = page(client, world, q=q)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_json_ranks_the_group_and_fills_the_receiver(client, auth, profiled):
    auth.login(profiled.organizer)
    body = as_json(client, profiled, q=NEED).get_json()
    assert body["query"] == NEED
    first = body["results"][0]
    assert (first["id"], first["name"], first["category"], first["position"]) == (
        profiled.alice.id, "Alice Archer", "Roofer", 1)
    assert {"leaks", "storm"} <= set(first["matched"])
    assert first["sentence"] == "Leaks after every storm."
    slug = profiled.group.slug
    assert first["refer_url"] == f"/referrals/new?to={profiled.alice.id}&group={slug}"
    assert body["feedback_url"] == f"/g/{profiled.group.slug}/match/feedback"


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


def test_a_private_referral_changes_nothing_a_non_party_sees(client, auth, profiled):
    """Issue 8, item 5: a member who is not a party to a referral learns nothing from
    typing a rare word of its need: ranking and explanations are identical with and
    without it (until this change, "The group sent them similar needs once" appeared)."""
    rare = "zanzibar marquee flooded"
    auth.login(profiled.alice)
    before = (as_json(client, profiled, q=rare).get_json(),
              page(client, profiled, q=rare).get_data(as_text=True))
    for _ in range(3):
        referral = referral_factories.give(profiled.group, profiled.organizer, profiled.bob,
                                           need=rare)
        referral.status = "won"
    db.session.commit()
    after = (as_json(client, profiled, q=rare).get_json(),
             page(client, profiled, q=rare).get_data(as_text=True))
    assert after == before
    assert "similar needs" not in after[1] and "zanzibar" not in str(after[0]["results"])


def test_give_form_carries_the_hint_for_each_of_my_groups(client, auth, world):
    factories.join(world.other_group, world.alice)
    db.session.commit()
    auth.login(world.alice)
    html = client.get("/referrals/new").get_data(as_text=True)
    assert 'id="match-hint" hidden' in html
    assert f"/g/{world.group.slug}/match.json" in html
    assert f"/g/{world.other_group.slug}/match.json" in html
    assert "js/match.js" in html


# --- feedback -------------------------------------------------------------------------


def test_good_fit_is_recorded_once_with_the_words_typed(client, auth, profiled):
    auth.login(profiled.bob)
    response = tell(client, profiled, profiled.alice)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#results")
    same_need = "  OUR warehouse roof leaks after every  storm "
    again = tell(client, profiled, profiled.alice, verdict="wrong", q=same_need)
    assert again.status_code == 302
    [row] = feedback_rows()
    assert (row.group_id, row.asker_id, row.member_id, row.verdict, row.need, row.source,
            row.position, row.backend) == (profiled.group.id, profiled.bob.id, profiled.alice.id,
                                           "good", NEED, "page", 1, "onnx")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You already told us about Alice" in html
    assert "You said Alice is a good fit for this." in html


def test_feedback_from_the_give_form_keeps_no_need_text(client, auth, profiled):
    auth.login(profiled.bob)
    response = client.post(f"/g/{profiled.group.slug}/match/feedback", headers={
        "Accept": "application/json"}, data={"q": "Mrs Jones at 4 Elm Road: roof leaking",
                                            "member": profiled.alice.id, "position": 2,
                                            "source": "give", "verdict": "wrong"})
    assert response.status_code == 200
    assert response.get_json()["recorded"] is True
    [row] = feedback_rows()
    assert (row.need, row.source, row.verdict) == ("", "give", "wrong")
    assert "Jones" not in row.need_digest and len(row.need_digest) == 64


@pytest.mark.parametrize("fields", [
    {"member": "999999"}, {"member": "abc"}, {"member": str(2**40)}, {"verdict": "meh"},
    {"source": "api"}, {"position": "0"}, {"q": ""}, {"q": "x\x00y"},
])
def test_feedback_refuses_what_was_not_a_result(client, auth, profiled, fields):
    auth.login(profiled.bob)
    response = tell(client, profiled, profiled.alice, **fields)
    assert response.status_code == 400
    assert "could not be recorded" in response.get_data(as_text=True)
    assert feedback_rows() == []


def test_feedback_on_myself_or_another_groups_member_is_refused(client, auth, profiled):
    auth.login(profiled.bob)
    assert tell(client, profiled, profiled.bob).status_code == 400
    assert tell(client, profiled, profiled.other_organizer).status_code == 400
    assert feedback_rows() == []


def test_feedback_access(client, auth, profiled):
    assert tell(client, profiled, profiled.alice).status_code == 302  # to sign in
    auth.login(profiled.other_organizer)
    assert tell(client, profiled, profiled.alice).status_code == 404
    assert feedback_rows() == []


@pytest.mark.parametrize("app_config", [{"MATCHER_BACKEND": "onnx",
                                         "WTF_CSRF_ENABLED": True}])
def test_feedback_needs_the_csrf_token(client, auth, profiled):
    client.post("/auth/signin", data={"email": profiled.bob.email})  # no token: refused
    assert feedback_rows() == []
    response = client.post(f"/g/{profiled.group.slug}/match/feedback",
                           data={"q": NEED, "member": profiled.alice.id, "verdict": "good"})
    assert response.status_code in (302, 400)
    assert feedback_rows() == []


@pytest.mark.parametrize("app_config", [{"MATCHER_BACKEND": "onnx",
                                         "RATELIMIT_ENABLED": True,
                                         "MATCH_FEEDBACK_RATE_LIMIT": "2 per hour"}])
def test_feedback_is_rate_limited_per_member_keeping_the_results(client, auth, profiled):
    auth.login(profiled.bob)
    assert tell(client, profiled, profiled.alice, q="leaks one").status_code == 302
    assert tell(client, profiled, profiled.alice, q="leaks two").status_code == 302
    response = tell(client, profiled, profiled.alice, q="leaks three")
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "a lot of answers in a short time" in html
    assert 'value="leaks three"' in html
    assert len(feedback_rows()) == 2


def test_simultaneous_clicks_record_one_answer(app, profiled):
    """Eight requests at once from one session against a live server: one row."""
    path = f"/g/{profiled.group.slug}/match/feedback"
    form = {"q": NEED, "member": profiled.alice.id, "position": 1, "source": "page",
            "verdict": "good"}
    email = profiled.bob.email
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host = f"127.0.0.1:{server.server_port}"

    def post(path, body, cookie=""):
        connection = http.client.HTTPConnection(host, timeout=30)
        connection.request("POST", path, urlencode(body), {
            "Host": "partner.test", "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
        connection.close()
        return response

    try:
        signed_in = post("/auth/signin", {"email": email, "password": factories.PASSWORD})
        cookie = "; ".join(c.split(";")[0] for c in signed_in.headers.get_all("Set-Cookie"))
        statuses: list[int] = []
        barrier = threading.Barrier(8)

        def click():
            barrier.wait()
            statuses.append(post(path, form, cookie).status)

        clicks = [threading.Thread(target=click) for _ in range(8)]
        for t in clicks:
            t.start()
        for t in clicks:
            t.join()
    finally:
        server.shutdown()
    assert statuses == [302] * 8
    db.session.expire_all()
    assert len(feedback_rows()) == 1


@pytest.mark.parametrize(("backend", "key"), [
    ("auto", "onnx"), ("onnx", "onnx"), ("static", "static"), ("keywords", None),
    ("STATIC ", "static"), ("nonsense", "onnx")])
def test_the_configured_backend_is_the_one_used(app, backend, key):
    app.config["MATCHER_BACKEND"] = backend
    found = matcher_encoder()
    assert (found.key if found else None) == key


def test_profile_vectors_go_to_the_instance_folder_and_no_need_does(app, client, auth,
                                                                    profiled):
    from partner_net.domain import semantic

    auth.login(profiled.bob)
    assert page(client, profiled, q=NEED).status_code == 200
    store = matcher_encoder().store
    assert store.path == Path(app.instance_path) / "matcher_vectors.sqlite"
    assert store.path.exists()
    encoder = semantic.load_onnx()
    assert store.get(encoder.name, ["Leaks after every storm."], encoder.dimensions)
    assert store.get(encoder.name, [NEED], encoder.dimensions) == {}


@pytest.mark.parametrize("setting", ["off", "OFF "])
def test_the_vector_store_can_be_switched_off(app, setting):
    app.config["MATCHER_VECTOR_STORE"] = setting
    assert matcher_encoder().store is None
    app.config["MATCHER_VECTOR_STORE"] = None
    assert matcher_encoder().store is not None


def test_matcher_warm_fills_the_vector_store(app, runner, profiled):
    factories.make_profile(profiled.alice, "Cafe owners", industry="Hospitality",
                           segment="Owner-run, one site")
    db.session.commit()
    result = runner.invoke(args=["matcher-warm"])
    assert result.exit_code == 0, result.output
    assert re.search(r"[1-9]\d* profile sentences of [1-9]\d* groups embedded", result.output)
    encoder = matcher_encoder()
    assert encoder.store.get(encoder.name, ["Leaks after every storm."], encoder.dimensions)
    # whom she serves, as the suggestions compare it
    assert encoder.store.get(encoder.name, ["Cafe owners. Hospitality. Owner-run, one site"],
                             encoder.dimensions)
    app.config["MATCHER_BACKEND"] = "keywords"
    assert "nothing to embed" in runner.invoke(args=["matcher-warm"]).output
