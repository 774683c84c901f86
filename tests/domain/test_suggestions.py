"""Whom to refer first: each signal's direction, its exact value, and the sentence.

Direction tests pit a candidate named "Zed" against an otherwise identical "Abe": the
tie-break by name favours Abe, so Zed can only come first through the signal tested.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from partner_net.domain.reciprocity import PairAggregate
from partner_net.domain.suggestions import (
    RECENT_DAYS,
    WEIGHTS,
    PairCounts,
    Person,
    SuggestionInput,
    client_terms,
    jaccard,
    owed_signal,
    pair_counts,
    recency_signal,
    relationship_signal,
    score,
    suggest,
    tokens,
    under_served_signal,
)

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)
TODAY = NOW.date()
ME, ABE, ZED, EVE = 1, 2, 3, 4
ABE_P, ZED_P = Person(ABE, "Abe"), Person(ZED, "Zed")


def ranked(**kwargs) -> list[str]:
    kwargs.setdefault("candidates", [ABE_P, ZED_P])
    return [s.name for s in suggest(SuggestionInput(me=ME, now=NOW, **kwargs))]


def only(person: Person, **kwargs):
    (suggestion,) = suggest(SuggestionInput(me=ME, now=NOW, candidates=[person], **kwargs))
    return suggestion


def test_without_signals_the_tie_break_is_by_name():
    assert ranked() == ["Abe", "Zed"]


# --- direction of each signal ----------------------------------------------------------


def test_more_owed_ranks_higher():
    assert ranked(counts=PairCounts(received_from={ZED: 2, ABE: 1})) == ["Zed", "Abe"]
    counts = PairCounts(received_from={ZED: 3, ABE: 3}, given_to={ABE: 2, ZED: 1})
    assert ranked(counts=counts) == ["Zed", "Abe"]


def test_strategic_partner_ranks_higher():
    assert ranked(strategic=frozenset({ZED})) == ["Zed", "Abe"]


def test_ideal_client_overlap_ranks_higher():
    terms = {
        ME: client_terms("Restaurants", "restaurant owners, POS"),
        ZED: client_terms("Restaurants"),
        ABE: client_terms("Dentists"),
    }
    assert ranked(client_terms=terms) == ["Zed", "Abe"]


def test_recent_one_to_one_ranks_higher():
    recent, old = TODAY - timedelta(days=5), TODAY - timedelta(days=200)
    assert ranked(one_to_ones={ZED: [recent], ABE: [old]}) == ["Zed", "Abe"]
    assert ranked(one_to_ones={ZED: [old]}) == ["Zed", "Abe"]
    assert ranked(one_to_ones={ZED: [old, old], ABE: [old]}) == ["Zed", "Abe"]


def test_under_served_ranks_higher():
    counts = PairCounts(received_in_group={ABE: 4, ZED: 1, EVE: 4})
    assert ranked(counts=counts) == ["Zed", "Abe"]


def test_very_recent_referral_from_me_ranks_lower():
    counts = PairCounts(last_given={ABE: NOW - timedelta(days=1), ZED: NOW - timedelta(days=30)})
    assert ranked(counts=counts) == ["Zed", "Abe"]
    counts = PairCounts(last_given={ABE: NOW - timedelta(days=1), ZED: NOW - timedelta(days=10)})
    assert ranked(counts=counts) == ["Zed", "Abe"]


def test_recent_referral_lowers_only_a_little():
    """Abe referred me once and I referred someone else's lead to him yesterday: he
    still comes before Zed, with whom nothing happened."""
    counts = PairCounts(received_from={ABE: 1}, last_given={ABE: NOW - timedelta(hours=2)})
    assert ranked(counts=counts) == ["Abe", "Zed"]


def test_me_is_never_suggested():
    me = Person(ME, "Me")
    assert ranked(candidates=[me, ZED_P]) == ["Zed"]


# --- exact values and normalisation ---------------------------------------------------


def test_weights_live_in_one_place_and_sum_to_one():
    assert set(WEIGHTS) == {"owed", "strategic", "relationship", "under_served", "recency"}
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(("owed", "expected"), [(-2, 0.0), (0, 0.0), (1, 0.5), (3, 0.75)])
def test_owed_signal(owed, expected):
    assert owed_signal(owed) == pytest.approx(expected)


def test_relationship_signal_decays_with_a_90_day_half_life():
    assert relationship_signal([], TODAY) == 0.0
    assert relationship_signal([TODAY], TODAY) == pytest.approx(0.5)
    assert relationship_signal([TODAY - timedelta(days=90)], TODAY) == pytest.approx(1 / 3)
    assert relationship_signal([TODAY, TODAY], TODAY) == pytest.approx(2 / 3)
    assert relationship_signal([TODAY + timedelta(days=3)], TODAY) == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("received", "most", "expected"), [(0, 4, 1.0), (1, 4, 0.75), (4, 4, 0.0), (0, 0, 1.0)]
)
def test_under_served_signal(received, most, expected):
    assert under_served_signal(received, most) == pytest.approx(expected)


def test_recency_signal_falls_to_zero_after_the_window():
    assert recency_signal(None, NOW) == 0.0
    assert recency_signal(NOW, NOW) == 1.0
    assert recency_signal(NOW - timedelta(days=RECENT_DAYS / 2), NOW) == pytest.approx(0.5)
    assert recency_signal(NOW - timedelta(days=RECENT_DAYS), NOW) == 0.0
    assert recency_signal(NOW - timedelta(days=60), NOW) == 0.0


def test_score_is_the_weighted_sum_with_recency_inverted():
    signals = {"owed": 0.75, "strategic": 1.0, "relationship": 0.5, "under_served": 0.0,
               "recency": 0.5}
    expected = 0.35 * 0.75 + 0.30 * 1.0 + 0.15 * 0.5 + 0.10 * 0.0 + 0.10 * (1 - 0.5)
    assert score(signals) == pytest.approx(expected)
    top = {"owed": 1.0, "strategic": 1.0, "relationship": 1.0, "under_served": 1.0,
           "recency": 0.0}
    assert score(top) == pytest.approx(1.0)
    bottom = {"owed": 0.0, "strategic": 0.0, "relationship": 0.0, "under_served": 0.0,
              "recency": 1.0}
    assert score(bottom) == 0.0


def test_signals_of_one_suggestion_hand_computed():
    suggestion = only(
        Person(ZED, "Zed"),
        counts=PairCounts(
            received_from={ZED: 3}, given_to={ZED: 0},
            last_given={ZED: NOW - timedelta(days=7)},
            received_in_group={ZED: 1, ABE: 4},
        ),
        client_terms={ME: client_terms("restaurants, bars"), ZED: client_terms("restaurants")},
        one_to_ones={ZED: [TODAY]},
    )
    assert suggestion.signals == pytest.approx(
        {"owed": 0.75, "strategic": 0.5, "relationship": 0.5, "under_served": 0.75,
         "recency": 0.5}
    )
    assert suggestion.score == pytest.approx(
        0.35 * 0.75 + 0.30 * 0.5 + 0.15 * 0.5 + 0.10 * 0.75 + 0.10 * 0.5
    )


@pytest.mark.parametrize("seed", range(5))
def test_signals_and_scores_stay_within_zero_and_one(seed):
    rng = random.Random(seed)
    people = [Person(i, f"Member {i}") for i in range(2, 30)]
    words = ["restaurants", "dentists", "hotels", "bakeries", "lawyers", "gyms"]
    data = SuggestionInput(
        me=ME, now=NOW, candidates=people,
        counts=PairCounts(
            received_from={p.member_id: rng.randint(0, 9) for p in people},
            given_to={p.member_id: rng.randint(0, 9) for p in people},
            last_given={p.member_id: NOW - timedelta(days=rng.uniform(0, 40)) for p in people},
            received_in_group={p.member_id: rng.randint(0, 30) for p in people},
        ),
        strategic=frozenset(p.member_id for p in people if rng.random() < 0.2),
        client_terms={
            i: frozenset(rng.sample(words, rng.randint(0, 3))) for i in range(1, 30)
        },
        one_to_ones={
            p.member_id: [TODAY - timedelta(days=rng.randint(0, 400)) for _ in range(3)]
            for p in people
        },
    )
    for suggestion in suggest(data):
        assert 0.0 <= suggestion.score <= 1.0
        assert all(0.0 <= value <= 1.0 for value in suggestion.signals.values())


def test_ranking_is_deterministic_by_score_then_name_then_id():
    people = [Person(9, "bob"), Person(4, "Bob"), Person(7, "Ann"), Person(5, "Cy")]
    counts = PairCounts(received_from={5: 1})
    first = suggest(SuggestionInput(me=ME, now=NOW, candidates=people, counts=counts))
    assert [(s.name, s.member_id) for s in first] == [("Cy", 5), ("Ann", 7), ("Bob", 4),
                                                      ("bob", 9)]
    for seed in range(3):
        shuffled = people[:]
        random.Random(seed).shuffle(shuffled)
        again = suggest(SuggestionInput(me=ME, now=NOW, candidates=shuffled, counts=counts))
        assert again == first


def test_limit_cuts_the_list():
    people = [Person(i, f"M{i}") for i in range(2, 8)]
    assert len(suggest(SuggestionInput(me=ME, now=NOW, candidates=people), limit=3)) == 3


# --- the sentence ----------------------------------------------------------------------

DANA = 5
SHARED_TERMS = {
    ME: client_terms("Restaurant owners", "POS systems, cafes"),
    DANA: client_terms("restaurant owners"),
}
QUIET = PairCounts(received_from={DANA: 3}, received_in_group={DANA: 2, EVE: 2})


def test_sentence_owed_never_returned_with_a_pronoun():
    dana = only(Person(DANA, "Dana", "her"), counts=QUIET, client_terms=SHARED_TERMS)
    assert dana.sentence == (
        "Dana referred you 3 times and you have not referred her yet; "
        "you both serve restaurant owners."
    )
    assert [r.signal for r in dana.reasons] == ["owed", "strategic"]


def test_sentence_without_pronoun_repeats_the_name():
    dana = only(Person(DANA, "Dana"), counts=QUIET, client_terms=SHARED_TERMS)
    assert dana.sentence == (
        "Dana referred you 3 times and you have not referred Dana back yet; "
        "you both serve restaurant owners."
    )


def test_sentence_partly_returned_is_a_chance_to_give_back():
    counts = PairCounts(received_from={DANA: 5}, given_to={DANA: 2},
                        received_in_group={DANA: 2, EVE: 2})
    dana = only(Person(DANA, "Dana"), counts=counts)
    assert dana.sentence == (
        "Dana referred you 5 times and you referred Dana twice: a chance to give back."
    )


def test_sentence_strategic_partner_and_one_to_ones():
    counts = PairCounts(received_in_group={DANA: 2, EVE: 2})
    dana = only(
        Person(DANA, "Dana"), counts=counts, strategic=frozenset({DANA}),
        one_to_ones={DANA: [TODAY - timedelta(days=40), TODAY - timedelta(days=12)]},
    )
    assert dana.sentence == (
        "Dana is one of your strategic partners; "
        "you have had 2 one-to-ones with Dana, the last 12 days ago."
    )


def test_sentence_word_overlap_and_under_served():
    terms = {ME: client_terms("Hotels, restaurants"), DANA: client_terms("restaurant owners")}
    dana = only(Person(DANA, "Dana"), client_terms=terms,
                counts=PairCounts(received_in_group={EVE: 3}))
    assert dana.sentence == (
        "Your ideal clients overlap with Dana's (restaurant); "
        "nobody in the group has referred Dana lately."
    )


def test_sentence_single_one_to_one_and_few_referrals():
    counts = PairCounts(received_in_group={DANA: 1, EVE: 4})
    dana = only(Person(DANA, "Dana"), counts=counts, one_to_ones={DANA: [TODAY]})
    assert dana.sentence == (
        "You had a one-to-one with Dana today; Dana has had only 1 referral lately."
    )


def test_sentence_without_reasons_invites_a_one_to_one():
    dana = only(Person(DANA, "Dana"), counts=PairCounts(received_in_group={DANA: 4}))
    assert dana.reasons == []
    assert dana.sentence == "A chance to get to know Dana: book a one-to-one."


def test_sentences_never_speak_of_debts():
    rng = random.Random(4)
    people = [Person(i, f"Member {i}", rng.choice([None, "her", "him", "them"]))
              for i in range(2, 20)]
    counts = PairCounts(
        received_from={p.member_id: rng.randint(0, 5) for p in people},
        given_to={p.member_id: rng.randint(0, 5) for p in people},
    )
    for suggestion in suggest(SuggestionInput(me=ME, now=NOW, candidates=people, counts=counts)):
        lowered = suggestion.sentence.lower()
        assert "owe" not in lowered and "debt" not in lowered
        assert suggestion.sentence.endswith(".") and suggestion.sentence[0].isupper()


# --- plain-data helpers ----------------------------------------------------------------


def test_pair_counts_from_the_groups_aggregates():
    t1, t2 = NOW - timedelta(days=3), NOW - timedelta(days=1)
    counts = pair_counts(ME, [
        PairAggregate(ME, ZED, 2, last_at=t1), PairAggregate(ME, ZED, 1, last_at=t2),
        PairAggregate(ABE, ME, 4), PairAggregate(ABE, ZED, 1), PairAggregate(ME, ME, 1),
    ])
    assert counts.given_to == {ZED: 3}
    assert counts.received_from == {ABE: 4}
    assert counts.last_given == {ZED: t2}
    assert counts.received_in_group == {ZED: 4, ME: 4}


def test_client_terms_and_tokens():
    terms = client_terms("Restaurants", "POS systems;  Cafés / bars\nRestaurant Owners", "")
    assert terms == frozenset({"restaurants", "pos systems", "cafés", "bars", "restaurant owners"})
    assert tokens(terms) == frozenset({"restaurant", "pos", "system", "café", "bar"})
    assert tokens({"small business owners", "glass"}) == frozenset({"glass"})
    assert jaccard(frozenset(), frozenset()) == 0.0
    assert jaccard(frozenset("ab"), frozenset("bc")) == pytest.approx(1 / 3)



def test_the_sentence_names_the_partner_in_full_once_then_by_first_name():
    from partner_net.domain.suggestions import Person, Reason, sentence

    dana = Person(7, "Dana Lee")
    reasons = [Reason("strategic", "Dana Lee is one of your strategic partners"),
               Reason("relationship", "you had a one-to-one with Dana Lee 3 days ago")]
    assert sentence(dana, reasons) == (
        "Dana Lee is one of your strategic partners; you had a one-to-one with Dana 3 days ago.")
