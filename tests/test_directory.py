"""The group directory (/g/<slug>/members) and a member's page."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.members.views import group_members
from tests import factories


@pytest.fixture
def profiled(world):
    """Profiles and text that the searches below look for."""
    world.alice.talkable_difference = "I send a drone video of your roof before I quote."
    world.alice.referral_criteria = "are renovating a listed building"
    factories.make_profile(
        world.alice, "Landlords with old terraces", industry="Property",
        frustration="Leaks every winter and builders who never call back.",
        keywords="slate, gutters",
    )
    world.bob.talkable_difference = "Insurance explained in plain words."
    factories.make_profile(world.bob, "Restaurant owners", industry="Hospitality",
                           triggers="A new lease or a kitchen fire.")
    world.organizer.bio = "Accounts for roofers and builders."
    db.session.commit()
    return world


def directory(client, world, **params):
    return client.get(f"/g/{world.group.slug}/members", query_string=params)


def names_in(html: str) -> list[str]:
    """Member names in result order (the highlight marks removed)."""
    found = re.findall(r'class="person__name"[^>]*>(.*?)</a>', html)
    return [re.sub(r"</?mark>", "", name) for name in found]


# --- Access --------------------------------------------------------------------------

def test_anonymous_is_sent_to_sign_in(client, world):
    for url in (f"/g/{world.group.slug}/members",
                f"/g/{world.group.slug}/members/{world.alice.id}",
                f"/g/{world.group.slug}/members/{world.alice.id}.vcf"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/auth/signin" in response.headers["Location"]


@pytest.mark.parametrize("who", ["alice", "organizer"])
def test_group_members_and_organizers_see_the_directory(client, auth, world, who):
    auth.login(getattr(world, who))
    response = directory(client, world)
    assert response.status_code == 200
    assert names_in(response.text) == ["Alice Archer", "Bob Baker", "Olivia Organizer"]
    assert "3 members in North Star" in response.text


@pytest.mark.parametrize("who", ["other_organizer", "outsider"])
def test_other_groups_directory_is_404(client, auth, world, who):
    auth.login(getattr(world, who))
    assert directory(client, world).status_code == 404
    assert client.get(f"/g/{world.group.slug}/members/{world.alice.id}").status_code == 404
    assert client.get(f"/g/{world.group.slug}/members/{world.alice.id}.vcf").status_code == 404


def test_unknown_group_is_404(client, auth, world):
    auth.login(world.alice)
    assert client.get("/g/no-such-group/members").status_code == 404


def test_a_deactivated_membership_loses_the_directory(client, auth, world):
    auth.login(world.alice)
    factories.join(world.other_group, world.alice)  # still allowed to sign in
    world.alice.memberships[0].active = False
    db.session.commit()
    assert directory(client, world).status_code == 404


def test_only_active_members_of_this_group_are_listed(client, auth, world):
    world.bob.memberships[0].active = False
    gone = factories.make_member("Gina Gone", category="Florist")
    factories.join(world.group, gone)
    gone.active = False
    db.session.commit()
    auth.login(world.alice)
    text = directory(client, world).text
    assert names_in(text) == ["Alice Archer", "Olivia Organizer"]
    assert "Oscar Other" not in text  # the other group's organizer
    assert "Nina Nobody" not in text
    assert "Florist" not in text  # a deactivated member's category is not offered


def test_members_and_profiles_load_in_two_queries(app, world, profiled):
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    db.session.expire_all()
    group = db.session.get(type(world.group), world.group.id)  # loaded before counting
    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        members = group_members(group)
        assert [len(m.ideal_clients) for m in members] == [1, 1, 0]
        [p.keywords for m in members for p in m.ideal_clients]
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 2, statements


# --- Search --------------------------------------------------------------------------

def test_prefix_of_word_case_insensitive(client, auth, profiled):
    auth.login(profiled.alice)
    text = directory(client, profiled, q="LANDL").text
    assert names_in(text) == ["Alice Archer"]
    assert "<mark>Landl</mark>ords" in text
    assert re.search(r"<strong>1</strong> of 3 members matches\s*“LANDL”", text)


def test_the_middle_of_a_word_does_not_match(client, auth, profiled):
    auth.login(profiled.alice)
    assert names_in(directory(client, profiled, q="andlord").text) == []


def test_every_word_must_match(client, auth, profiled):
    auth.login(profiled.alice)
    assert names_in(directory(client, profiled, q="roof leaks").text) == ["Alice Archer"]
    assert names_in(directory(client, profiled, q="roof restaurant").text) == []


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("archer", ["Alice Archer"]),  # name
        ("roofer", ["Alice Archer", "Olivia Organizer"]),  # category, then a bio
        ("baker cover", ["Bob Baker"]),  # business
        ("drone", ["Alice Archer"]),  # talkable difference
        ("listed", ["Alice Archer"]),  # referral criteria
        ("property", ["Alice Archer"]),  # ideal client industry
        ("winter", ["Alice Archer"]),  # frustration
        ("gutters", ["Alice Archer"]),  # keywords
        ("kitchen", ["Bob Baker"]),  # triggers
        ("hospitality", ["Bob Baker"]),  # industry
        ("accounts", ["Olivia Organizer"]),  # bio
    ],
)
def test_every_profile_field_is_searched(client, auth, profiled, query, who):
    auth.login(profiled.alice)
    assert names_in(directory(client, profiled, q=query).text) == who


def test_ranking_puts_name_and_category_above_ideal_clients_above_text(client, auth, profiled):
    # "roof": Alice's category "Roofer" (3); the organizer's bio mentions roofers (1).
    auth.login(profiled.alice)
    assert names_in(directory(client, profiled, q="roof").text) == [
        "Alice Archer", "Olivia Organizer"]
    # "builders": Alice's ideal client (2) beats the organizer's bio (1).
    assert names_in(directory(client, profiled, q="builders").text) == [
        "Alice Archer", "Olivia Organizer"]
    profiled.bob.category = "Builders' insurance"
    db.session.commit()
    assert names_in(directory(client, profiled, q="builders").text) == [
        "Bob Baker", "Alice Archer", "Olivia Organizer"]


def test_results_show_a_highlighted_snippet_and_where_it_matched(client, auth, profiled):
    auth.login(profiled.bob)
    text = directory(client, profiled, q="kitchen").text
    assert "When they need me:</span> A new lease or a <mark>kitchen</mark> fire." in text
    assert "Found in ideal clients" in text


def test_without_a_query_the_talkable_difference_is_shown(client, auth, profiled):
    auth.login(profiled.bob)
    text = directory(client, profiled).text
    assert "I send a drone video of your roof before I quote." in text
    assert "<mark>" not in text


def test_html_in_profiles_comes_out_escaped(client, auth, world):
    world.bob.bio = '<img src=x onerror="alert(1)"> roofing <script>alert(2)</script>'
    world.bob.talkable_difference = "<b>bold</b> claims"
    db.session.commit()
    auth.login(world.alice)
    text = directory(client, world, q="roofing").text
    assert "<img src=x" not in text and "<script>alert(2)" not in text
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; <mark>roofing</mark>" in text
    text = directory(client, world, q="script").text  # the tag name itself, highlighted safely
    assert "&lt;<mark>script</mark>&gt;" in text
    text = directory(client, world, q="bold").text
    assert "&lt;b&gt;<mark>bold</mark>&lt;/b&gt; claims" in text
    page = client.get(f"/g/{world.group.slug}/members/{world.bob.id}").text
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert "<b>bold</b>" not in page


def test_a_query_of_html_is_escaped_in_the_page(client, auth, world):
    auth.login(world.alice)
    text = directory(client, world, q='"><script>alert(1)</script>').text
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_category_filter(client, auth, profiled):
    auth.login(profiled.alice)
    text = directory(client, profiled).text
    assert re.findall(r'<option value="([^"]*)"', text) == [
        "", "Accountant", "Commercial insurance", "Roofer"]
    text = directory(client, profiled, category="commercial insurance").text
    assert names_in(text) == ["Bob Baker"]
    assert '<option value="Commercial insurance" selected>' in text
    assert names_in(directory(client, profiled, category="Roofer", q="drone").text) == [
        "Alice Archer"]
    assert names_in(directory(client, profiled, category="Roofer", q="kitchen").text) == []


def test_empty_state_offers_to_show_everyone(client, auth, profiled):
    auth.login(profiled.alice)
    text = directory(client, profiled, q="zeppelin").text
    assert names_in(text) == []
    assert "No member matches that." in text
    assert "<strong>0</strong> of 3 members match" in text


def test_results_link_to_member_pages(client, auth, profiled):
    auth.login(profiled.alice)
    text = directory(client, profiled, q="baker").text
    assert f'href="/g/{profiled.group.slug}/members/{profiled.bob.id}"' in text


# --- Member page ---------------------------------------------------------------------

def test_member_page_shows_everything(client, auth, profiled):
    bob = profiled.bob
    bob.phone = "+44 20 7946 0958"
    bob.website = "https://baker.example.com/"
    bob.bio = "First paragraph.\n\nSecond paragraph."
    bob.referral_criteria = "own a van"
    factories.make_profile(bob, "Second client kind", position=1)
    db.session.commit()
    auth.login(profiled.alice)
    text = client.get(f"/g/{profiled.group.slug}/members/{bob.id}").text
    assert "<h1>Bob Baker</h1>" in text
    assert "Commercial insurance" in text and "Baker Cover" in text
    assert 'href="tel:+442079460958"' in text
    assert f'href="mailto:{bob.email}"' in text
    assert 'href="https://baker.example.com/"' in text and ">baker.example.com<" in text
    assert "<p>First paragraph.</p><p>Second paragraph.</p>" in text
    assert 'class="quote member-quote">Insurance explained in plain words.</blockquote>' in text
    assert "own a van" in text
    assert "A new lease or a kitchen fire." in text
    assert text.index("Restaurant owners") < text.index("Second client kind")
    assert f'href="/g/{profiled.group.slug}/members/{bob.id}.vcf"' in text
    assert "Save contact" in text
    assert "Edit my profile" not in text


def test_my_own_page_links_to_editing(client, auth, world):
    auth.login(world.alice)
    text = client.get(f"/g/{world.group.slug}/members/{world.alice.id}").text
    assert "Edit my profile" in text


def test_organizer_sees_member_pages(client, auth, world):
    auth.login(world.organizer)
    assert client.get(f"/g/{world.group.slug}/members/{world.bob.id}").status_code == 200


def test_members_of_other_groups_are_404(client, auth, world):
    auth.login(world.alice)
    for member in (world.other_organizer, world.outsider):
        assert client.get(f"/g/{world.group.slug}/members/{member.id}").status_code == 404
        assert client.get(f"/g/{world.group.slug}/members/{member.id}.vcf").status_code == 404
    assert client.get(f"/g/{world.group.slug}/members/999999").status_code == 404


@pytest.mark.parametrize("how", ["membership", "account"])
def test_deactivated_members_are_404(client, auth, world, how):
    if how == "membership":
        world.bob.memberships[0].active = False
    else:
        world.bob.active = False
    db.session.commit()
    auth.login(world.alice)
    assert client.get(f"/g/{world.group.slug}/members/{world.bob.id}").status_code == 404
    assert client.get(f"/g/{world.group.slug}/members/{world.bob.id}.vcf").status_code == 404


def test_member_page_with_an_empty_profile(client, auth, world):
    auth.login(world.alice)
    assert client.get(f"/g/{world.group.slug}/members/{world.outsider.id}").status_code == 404
    factories.join(world.group, world.outsider)
    db.session.commit()
    text = client.get(f"/g/{world.group.slug}/members/{world.outsider.id}").text
    assert "Nina has not described an ideal client yet." in text
    assert "tel:" not in text
