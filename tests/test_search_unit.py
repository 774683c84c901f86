"""The directory's matching and ranking rules, tested without Flask or a database."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from partner_net.members import directory
from partner_net.members.directory import (
    categories_of,
    match_member,
    moved,
    normalise_keywords,
    search,
    snippet,
)
from partner_net.search import fold, highlight_terms, matches_all, query_terms
from partner_net.templating import highlight


def person(name: str, clients: list[dict] | None = None, **fields) -> SimpleNamespace:
    base = dict.fromkeys(["business", "category", "bio", "talkable_difference",
                          "referral_criteria"], "")
    profiles = [
        SimpleNamespace(**{**dict.fromkeys(directory.CLIENT_FIELDS, ""), **c})
        for c in clients or []
    ]
    return SimpleNamespace(name=name, ideal_clients=profiles, **{**base, **fields})


@pytest.fixture
def people() -> list[SimpleNamespace]:
    return [
        person("Dana Cook", category="Caterer", business="Cook & Co",
               talkable_difference="Weddings fed in under an hour."),
        person("Eve Lens", category="Photographer",
               clients=[{"title": "Wedding planners", "keywords": "events, venues"}]),
        person("Finn Hall", category="Venue manager", bio="I love a good wedding."),
        person("Gus Book", category="Bookkeeper", business="Café Numbers"),
    ]


# --- search.py ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("", []),
        (None, []),
        ("  Roof  roof ROOF ", ["roof"]),
        ("tax accountant", ["accountant", "tax"]),
        ("C++ developer.", ["developer", "c++"]),
        ("O'Brien", ["o'brien"]),
        ("café", ["cafe"]),
        ("a b c d e f g h i j", ["a", "b", "c", "d", "e", "f", "g", "h"]),
        ("<script>", ["script"]),
    ],
)
def test_query_terms(query, terms):
    assert query_terms(query) == terms


def test_fold_lowers_and_strips_accents():
    assert fold("Café ÅNGSTRÖM") == "cafe angstrom"


@pytest.mark.parametrize(
    ("text", "terms", "spans"),
    [
        ("Accountant", ["account"], [(0, 7)]),
        ("Chartered accountant", ["account"], [(10, 17)]),
        ("discount", ["count"], []),  # not the middle of a word
        ("Roof, roofing", ["roof"], [(0, 4), (6, 10)]),
        ("Café owners", ["cafe"], [(0, 4)]),
        ("Straße", ["strasse"], [(0, 6)]),  # folding changes the length; spans do not shift
        ("ßtrasse ok", ["ok"], [(8, 10)]),
        ("", ["x"], []),
        ("text", [], []),
    ],
)
def test_highlight_terms(text, terms, spans):
    assert highlight_terms(text, terms) == spans


def test_longer_terms_win_overlaps():
    assert highlight_terms("restaurants", ["rest", "restaurant"]) == [(0, 10)]


def test_matches_all():
    assert matches_all(["Roofer", "Leeds"], ["roof", "leed"])
    assert not matches_all(["Roofer", "Leeds"], ["roof", "york"])
    assert matches_all(["anything"], [])


def test_highlight_filter_escapes_user_text():
    out = highlight('<b onclick="x">Roof</b> & roofers', ["roof"])
    assert str(out) == (
        "&lt;b onclick=&#34;x&#34;&gt;<mark>Roof</mark>&lt;/b&gt; &amp; <mark>roof</mark>ers")
    assert str(highlight("<i>", [])) == "&lt;i&gt;"
    assert str(highlight(None, ["x"])) == ""


def test_highlighting_a_term_that_is_an_entity_name_stays_safe():
    # "amp" must not match inside the escaped "&amp;" and break the entity.
    assert str(highlight("R&D amplifiers", ["amp"])) == "R&amp;D <mark>amp</mark>lifiers"
    assert str(highlight("<lt>", ["lt"])) == "&lt;<mark>lt</mark>&gt;"


# --- directory.search ------------------------------------------------------------------

def names(hits) -> list[str]:
    return [h.member.name for h in hits]


def test_no_query_lists_everyone_alphabetically(people):
    assert names(search(reversed(people))) == ["Dana Cook", "Eve Lens", "Finn Hall", "Gus Book"]


def test_ranking_by_where_the_word_matched(people):
    people.append(person("Wendy Wedding", category="Florist"))
    hits = search(people, "wedding")
    # name (3) > ideal client (2) > talkable difference or bio (1, then alphabetical)
    assert names(hits) == ["Wendy Wedding", "Eve Lens", "Dana Cook", "Finn Hall"]
    assert [h.score for h in hits] == [3, 2, 1, 1]
    assert hits[1].matched_in == ["Ideal clients"]
    assert hits[0].matched_in == ["Name"]


def test_each_word_scores_by_its_best_place(people):
    hits = search(people, "cook weddings")
    assert names(hits) == ["Dana Cook"]
    assert hits[0].score == 3 + 1
    assert hits[0].matched_in == ["Name", "Business", "Profile text"]


def test_more_places_break_ties():
    a = person("Ann", clients=[{"title": "Dentists"}])
    b = person("Bea", clients=[{"title": "Dentists", "keywords": "dentists"}])
    assert names(search([a, b], "dentist")) == ["Bea", "Ann"]


def test_every_word_must_match(people):
    assert names(search(people, "wedding photographer")) == ["Eve Lens"]
    assert search(people, "wedding plumber") == []


def test_accents_are_ignored(people):
    assert names(search(people, "cafe")) == ["Gus Book"]
    assert names(search(people, "CAFÉ num")) == ["Gus Book"]


def test_category_filter_is_normalised(people):
    assert names(search(people, category="  venue   MANAGER")) == ["Finn Hall"]
    assert names(search(people, "wedding", category="Photographer")) == ["Eve Lens"]
    assert search(people, "cook", category="Photographer") == []
    assert names(search(people, category="")) == names(search(people))


def test_categories_of_dedupes_by_normalised_name(people):
    people.append(person("Hal", category="caterer "))
    people.append(person("Ida", category=""))
    assert categories_of(people) == ["Bookkeeper", "Caterer", "Photographer", "Venue manager"]


def test_snippet_comes_from_the_best_ideal_client_or_text_field():
    member = person(
        "Kim", talkable_difference="Plain talk about pensions.",
        clients=[{"title": "Small firms", "frustration": "Pension rules change every year."}],
    )
    hit = match_member(member, query_terms("pension rules"))
    assert (hit.snippet_label, hit.snippet) == (
        "Their frustration", "Pension rules change every year.")
    hit = match_member(member, [])
    assert (hit.snippet_label, hit.snippet) == ("Worth talking about", "Plain talk about pensions.")
    hit = match_member(member, ["kim"])  # matched in the name only: the usual snippet
    assert hit.snippet_label == "Worth talking about"


def test_snippet_falls_back_to_the_first_ideal_client():
    hit = match_member(person("Lou", clients=[{"title": "Dentists"}]), [])
    assert (hit.snippet_label, hit.snippet) == ("Serves", "Dentists")
    assert match_member(person("Max"), []).snippet == ""


def test_snippet_is_cut_around_the_first_match():
    text = " ".join(f"word{i}" for i in range(100)) + " target " + "tail " * 60
    cut = snippet(text, ["target"], width=80)
    assert cut.startswith("…") and cut.endswith("…")
    assert "target" in cut
    assert len(cut) <= 82
    assert not cut[1:].startswith(" ")
    assert snippet("short\n\ntext", ["x"]) == "short text"


def test_snippet_of_long_text_without_a_match_starts_at_the_beginning():
    cut = snippet("alpha " * 100, [], width=50)
    assert cut.startswith("alpha") and cut.endswith("…")


# --- small helpers ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (" POS ,  card   machines, pos,,Franchise ", "POS, card machines, Franchise"),
        ("", ""),
        (None, ""),
        (",,,", ""),
        ("Tax, tax, TAX, VAT", "Tax, VAT"),
    ],
)
def test_normalise_keywords(raw, clean):
    assert normalise_keywords(raw) == clean


@pytest.mark.parametrize(
    ("item", "offset", "order"),
    [("b", -1, "bac"), ("b", 1, "acb"), ("a", -1, "abc"), ("c", 1, "abc"), ("a", 5, "bca")],
)
def test_moved(item, offset, order):
    assert "".join(moved(list("abc"), item, offset)) == order
