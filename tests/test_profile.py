"""A member's own profile page (/profile)."""

from __future__ import annotations

import pytest

from partner_net.extensions import db
from tests import factories

VALID = {
    "name": "Alice Archer",
    "business": "Archer Roofing",
    "category": "Roofer",
    "phone": "+44 (0)20 7946-0958",
    "website": "archer-roofing.example.com",
    "bio": "Twenty years on roofs.",
    "talkable_difference": "I send you a drone video of your roof before I quote.",
    "referral_criteria": "are buying an old house",
}


def post_profile(client, **changes):
    return client.post("/profile", data={**VALID, **changes})


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get("/profile")
    assert response.status_code == 302
    assert "/auth/signin" in response.headers["Location"]
    assert "/auth/signin" in client.post("/profile", data=VALID).headers["Location"]


@pytest.mark.parametrize("who", ["alice", "organizer", "other_organizer", "outsider"])
def test_any_signed_in_member_sees_their_own_profile(client, auth, world, who):
    member = getattr(world, who)
    auth.login(member)
    response = client.get("/profile")
    assert response.status_code == 200
    assert member.email in response.text
    assert f'value="{member.name}"' in response.text


def test_saving_updates_every_field_and_normalises_the_website(client, auth, world):
    auth.login(world.alice)
    response = post_profile(client)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/profile")
    db.session.refresh(world.alice)
    assert world.alice.website == "https://archer-roofing.example.com"
    assert world.alice.phone == VALID["phone"]
    assert world.alice.talkable_difference == VALID["talkable_difference"]
    assert world.alice.referral_criteria == VALID["referral_criteria"]
    assert world.alice.bio == VALID["bio"]
    assert "Your profile is saved." in client.get("/profile").text


def test_optional_fields_may_be_emptied(client, auth, world):
    auth.login(world.alice)
    blank = dict.fromkeys(["business", "category", "phone", "website", "bio",
                           "talkable_difference", "referral_criteria"], "")
    assert post_profile(client, **blank).status_code == 302
    db.session.refresh(world.alice)
    assert (world.alice.category, world.alice.phone, world.alice.website) == ("", "", "")


def test_http_website_is_kept_as_given(client, auth, world):
    auth.login(world.alice)
    post_profile(client, website="http://old.example.org/roofs?a=1")
    db.session.refresh(world.alice)
    assert world.alice.website == "http://old.example.org/roofs?a=1"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "   ", "Enter your name."),
        ("name", "x" * 121, "Keep your name under 120 characters."),
        ("phone", "call me maybe", "Use only digits, spaces and + ( ) - . in a phone number."),
        ("phone", "12345", "A phone number has between 6 and 20 digits."),
        ("phone", "1" * 21, "A phone number has between 6 and 20 digits."),
        ("phone", "+1 555 <b>", "Use only digits, spaces and + ( ) - . in a phone number."),
        ("website", "not a website", "Enter a web address like example.com"),
        ("website", "javascript:alert(1)", "Enter a web address like example.com"),
        ("website", "ftp://example.com", "Enter a web address like example.com"),
        ("website", "https://nodot", "Enter a web address like example.com"),
        ("website", "example.com:99999", "Enter a web address like example.com"),
        ("talkable_difference", "x" * 501,
         "Keep your talkable difference under 500 characters."),
        ("category", "c" * 121, "Keep the category under 120 characters."),
        ("bio", "b" * 4001, "Keep your bio under 4000 characters."),
    ],
)
def test_validation_messages_keep_what_was_typed(client, auth, world, field, value, message):
    auth.login(world.alice)
    response = post_profile(client, **{field: value})
    assert response.status_code == 200
    assert message in response.text
    assert "everything you typed is kept" in response.text
    assert VALID["talkable_difference"] in response.text or field == "talkable_difference"
    db.session.refresh(world.alice)
    assert world.alice.talkable_difference == ""  # nothing saved


@pytest.mark.parametrize("phone", ["020 7946 0958", "+1 (555) 010-9999", "555.010.9999", "123456"])
def test_valid_phone_numbers(client, auth, world, phone):
    auth.login(world.alice)
    assert post_profile(client, phone=phone).status_code == 302


def test_taken_exclusive_category_names_the_seat_holder(client, auth, world):
    auth.login(world.alice)
    response = post_profile(client, category="  commercial   INSURANCE ")
    assert response.status_code == 200
    assert "Bob Baker (Baker Cover) already holds" in response.text
    assert "North Star has one seat per category" in response.text
    assert VALID["talkable_difference"] in response.text  # nothing typed is lost
    db.session.refresh(world.alice)
    assert world.alice.category == "Roofer"


def test_category_of_a_member_in_another_group_is_free(client, auth, world):
    auth.login(world.alice)
    assert post_profile(client, category="Printer").status_code == 302  # Oscar is elsewhere
    db.session.refresh(world.alice)
    assert world.alice.category == "Printer"


def test_category_is_free_when_the_group_is_not_exclusive(client, auth, world):
    world.group.exclusive_categories = False
    db.session.commit()
    auth.login(world.alice)
    assert post_profile(client, category="Commercial insurance").status_code == 302


def test_category_held_by_a_deactivated_member_is_free(client, auth, world):
    world.bob.memberships[0].active = False
    db.session.commit()
    auth.login(world.alice)
    assert post_profile(client, category="Commercial insurance").status_code == 302


def test_keeping_a_shared_category_is_not_a_new_conflict(client, auth, world):
    """Two members already sharing a seat (e.g. before the rule) can still save."""
    world.alice.category = "Commercial insurance"
    db.session.commit()
    auth.login(world.alice)
    assert post_profile(client, category="commercial insurance").status_code == 302


def test_conflicts_in_each_exclusive_group_are_all_shown(client, auth, world):
    factories.join(world.other_group, world.alice)
    db.session.commit()
    auth.login(world.alice)
    response = post_profile(client, category="Printer")
    assert "Oscar Other" in response.text
    response = post_profile(client, category="Accountant")
    assert "Olivia Organizer (Ledger &amp; Co) already holds" in response.text


def test_category_suggestions_come_from_my_groups(client, auth, world):
    auth.login(world.alice)
    text = client.get("/profile").text
    assert '<option value="Commercial insurance">' in text
    assert '<option value="Printer">' not in text  # South Cross is not Alice's group


def test_profile_lists_ideal_clients_in_order(client, auth, world):
    factories.make_profile(world.alice, "Second", position=1)
    factories.make_profile(world.alice, "First", position=0)
    db.session.commit()
    auth.login(world.alice)
    text = client.get("/profile").text
    assert text.index("First") < text.index("Second")
    assert "Move up" in text and "Move down" in text


def test_html_in_profile_fields_is_escaped_on_the_form(client, auth, world):
    auth.login(world.alice)
    post_profile(client, bio='<script>alert("x")</script>')
    text = client.get("/profile").text
    assert '<script>alert("x")</script>' not in text
    assert "&lt;script&gt;" in text


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_profile_post_needs_the_csrf_token(client, auth, world, app_config):
    # Sign in by hand: the sign-in form needs a token too.
    page = client.get("/auth/signin").text
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/auth/signin", data={"email": world.alice.email,
                                      "password": factories.PASSWORD, "csrf_token": token})
    assert client.post("/profile", data=VALID).status_code == 400
    db.session.refresh(world.alice)
    assert world.alice.bio == ""
    page = client.get("/profile").text
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert client.post("/profile", data={**VALID, "csrf_token": token}).status_code == 302
    db.session.refresh(world.alice)
    assert world.alice.bio == VALID["bio"]
