"""The fallback profile similarity: TF-IDF cosine of whom members serve."""

from __future__ import annotations

import pytest

from partner_net.domain.client_similarity import tfidf_similarity

TEXTS = {
    1: "Restaurant owners; cafés and bars opening a second site",
    2: "Restaurants and bars: owners who need a bookkeeper",
    3: "Dentists and GP surgeries",
    4: "",
}


def test_serving_the_same_people_scores_higher_than_not():
    similar = tfidf_similarity(1, TEXTS)
    assert set(similar) == {2, 3, 4}
    assert similar[2] > similar[3] == 0.0
    assert similar[4] == 0.0
    assert all(0.0 <= v <= 1.0 for v in similar.values())


def test_identical_profiles_score_one_and_it_is_symmetric():
    texts = {1: "Landlords with rental flats", 2: "Landlords with rental flats", 3: "Vets"}
    assert tfidf_similarity(1, texts)[2] == pytest.approx(1.0)
    assert tfidf_similarity(1, TEXTS)[2] == pytest.approx(tfidf_similarity(2, TEXTS)[1])


def test_rare_shared_words_count_more_than_common_ones():
    texts = {1: "owners of vineyards and shops", 2: "vineyards", 3: "shops", 4: "shops",
             5: "shops"}
    similar = tfidf_similarity(1, texts)
    assert similar[2] > similar[3]


def test_a_member_without_a_profile_is_similar_to_nobody():
    assert tfidf_similarity(4, TEXTS) == {1: 0.0, 2: 0.0, 3: 0.0}
    assert tfidf_similarity(9, {1: "x"}) == {1: 0.0}
