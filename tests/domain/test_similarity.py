"""profile_similarity: do two members serve the same people? Same model as the matcher."""

from __future__ import annotations

import numpy as np
import pytest

from partner_net.domain import semantic
from partner_net.domain.matcher import Candidate, ClientProfile
from partner_net.domain.similarity import (
    client_texts,
    profile_similarity,
    similarity_matrix,
    similarity_row,
    whom_they_serve,
)

BROKER = Candidate(1, "Ines", category="Commercial insurance broker", profiles=(
    ClientProfile(title="Independent restaurants and cafés", industry="Hospitality"),))
TILLS = Candidate(2, "Tom", category="Card machine supplier", profiles=(
    ClientProfile(title="Owner-run bistros and takeaways", segment="Food service businesses"),))
SPEECH = Candidate(3, "Sue", category="Speech therapist", profiles=(
    ClientProfile(title="Parents of toddlers", segment="Families"),))
ROOFER = Candidate(4, "Rhys", category="Roofer", profiles=(
    ClientProfile(title="Homeowners with old slate roofs"),))
NOBODY = Candidate(5, "Nina", category="Consultant")


NO_TRANSFORMER = pytest.mark.skipif(not semantic.transformer_available(),
                                    reason="the 'transformer' extra is not installed")


@pytest.fixture(params=[semantic.ONNX, semantic.STATIC,
                        pytest.param(semantic.TRANSFORMER, marks=NO_TRANSFORMER)],
                scope="module")
def encoder(request):
    return {semantic.ONNX: semantic.load_onnx, semantic.STATIC: semantic.load_static,
            semantic.TRANSFORMER: semantic.load_transformer}[request.param]()


def test_serving_restaurant_owners_in_other_words_scores_higher_than_unrelated(encoder):
    together = profile_similarity(BROKER, TILLS, encoder)
    for unrelated in ((BROKER, SPEECH), (BROKER, ROOFER), (TILLS, SPEECH), (TILLS, ROOFER)):
        assert together > profile_similarity(*unrelated, encoder)


def test_range_symmetry_and_matrix_agree(encoder):
    group = [BROKER, TILLS, SPEECH, ROOFER, NOBODY]
    matrix = similarity_matrix(group, encoder)
    assert matrix.shape == (5, 5)
    assert np.allclose(matrix, matrix.T)
    assert ((matrix >= 0) & (matrix <= 1)).all()
    assert matrix[0, 1] == pytest.approx(profile_similarity(BROKER, TILLS, encoder), abs=1e-6)
    assert matrix[4].sum() == 0  # no ideal client, no similarity


def test_the_trade_is_left_out_only_clients_count():
    assert client_texts(BROKER) == ["Independent restaurants and cafés. Hospitality"]
    criteria = Candidate(6, "Ola", category="Plumber", referral_criteria="I refer landlords.")
    assert client_texts(criteria) == ["I refer landlords."]


def test_without_a_model_everything_is_zero(monkeypatch):
    monkeypatch.setattr("partner_net.domain.similarity.load", lambda: None)
    assert profile_similarity(BROKER, TILLS) == 0.0


def test_the_default_model_is_the_matchers():
    assert profile_similarity(BROKER, TILLS) == pytest.approx(
        profile_similarity(BROKER, TILLS, semantic.load()), abs=1e-6)


def test_one_row_is_the_matrix_row(encoder):
    group = [BROKER, TILLS, SPEECH, ROOFER, NOBODY]
    matrix = similarity_matrix(group, encoder)
    phrases = {c.member_id: client_texts(c) for c in group}
    for i, me in enumerate(group):
        row = similarity_row(me.member_id, phrases, encoder)
        assert sorted(row) == sorted(c.member_id for c in group if c is not me)
        for j, other in enumerate(group):
            if other is not me:
                assert row[other.member_id] == pytest.approx(matrix[i, j], abs=1e-5)


def test_a_row_takes_the_closest_pair_of_ideal_clients(encoder):
    phrases = {1: ["Owner-run bistros and takeaways"],
               2: ["Parents of toddlers", "Independent restaurants and cafés"],
               3: ["Parents of toddlers"], 4: []}
    row = similarity_row(1, phrases, encoder)
    assert row[2] > row[3]  # her second profile serves restaurant owners too
    assert row[4] == 0.0
    assert similarity_row(4, phrases, encoder) == {1: 0.0, 2: 0.0, 3: 0.0}


def test_whom_they_serve_falls_back_to_the_referral_criteria():
    assert whom_they_serve(["Landlords", " "], "I refer builders.") == ["Landlords"]
    assert whom_they_serve(["", " "], "I refer builders.") == ["I refer builders."]
    assert whom_they_serve([], " ") == []
