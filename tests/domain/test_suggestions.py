"""Whom to refer first: each signal's direction, its exact value, the score, the sentence.

Direction tests pit a candidate named "Zed" against an otherwise identical "Abe": the
tie-break by name favours Abe, so Zed can only come first through the signal tested
(and, for a brake, Abe can only fall behind through it).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from partner_net.domain import suggestions
from partner_net.domain.exposure import SLATE, Exposure
from partner_net.domain.reciprocity import PairAggregate
from partner_net.domain.suggestions import (
    ACTIONABLE_FLOOR,
    BOND_WEIGHTS,
    BRAKES,
    RECENT_DAYS,
    REFERRAL_BOND,
    WEIGHTS,
    PairCounts,
    Person,
    Reason,
    SuggestionInput,
    bond,
    client_terms,
    contributions,
    owed_signal,
    pair_counts,
    recency_signal,
    relationship_signal,
    score,
    sentence,
    suggest,
    tokens,
    under_served_signals,
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


@pytest.fixture
def score_only(monkeypatch):
    """The whole list by the score (no slot for the strongest bond): what the
    direction tests of the score's signals pin."""
    monkeypatch.setattr(suggestions, "ANCHOR_SLOTS", 0)
    monkeypatch.setattr(suggestions, "SPREAD_SLOTS", 10**6)


def test_without_signals_the_tie_break_is_by_name():
    assert ranked() == ["Abe", "Zed"]


# --- direction of each signal ----------------------------------------------------------


@pytest.mark.usefixtures("score_only")
def test_more_owed_ranks_higher():
    assert ranked(counts=PairCounts(received_from={ZED: 2, ABE: 1})) == ["Zed", "Abe"]
    counts = PairCounts(received_from={ZED: 4, ABE: 3}, given_to={ABE: 1, ZED: 1})
    assert ranked(counts=counts) == ["Zed", "Abe"]


def test_a_strategic_partner_ranks_higher():
    assert ranked(strategic=frozenset({ZED})) == ["Zed", "Abe"]


def test_serving_the_same_people_ranks_higher():
    assert ranked(similarity={ZED: 0.4, ABE: 0.1}) == ["Zed", "Abe"]


def test_a_mark_counts_at_least_as_much_as_any_similarity():
    assert ranked(strategic=frozenset({ZED}), similarity={ABE: 0.99}) == ["Zed", "Abe"]


@pytest.mark.usefixtures("score_only")
def test_recent_one_to_one_ranks_higher():
    recent, old = TODAY - timedelta(days=5), TODAY - timedelta(days=200)
    assert ranked(one_to_ones={ZED: [recent], ABE: [old]}) == ["Zed", "Abe"]
    assert ranked(one_to_ones={ZED: [old]}) == ["Zed", "Abe"]
    assert ranked(one_to_ones={ZED: [old, old], ABE: [old]}) == ["Zed", "Abe"]


def test_under_served_ranks_higher():
    counts = PairCounts(received_in_group={ABE: 4, ZED: 1, EVE: 4})
    assert ranked(counts=counts, candidates=[ABE_P, ZED_P, Person(EVE, "Eve")])[0] == "Zed"


@pytest.mark.usefixtures("score_only")
def test_very_recent_referral_from_me_ranks_lower():
    counts = PairCounts(last_given={ABE: NOW - timedelta(days=1), ZED: NOW - timedelta(days=30)})
    assert ranked(counts=counts) == ["Zed", "Abe"]
    counts = PairCounts(last_given={ABE: NOW - timedelta(days=1), ZED: NOW - timedelta(days=10)})
    assert ranked(counts=counts) == ["Zed", "Abe"]


@pytest.mark.usefixtures("score_only")
def test_recent_referral_lowers_only_a_little():
    """Abe is my strategic partner and I referred him two hours ago: he still comes
    before Zed, with whom nothing happened; the brake only swaps near-ties."""
    counts = PairCounts(given_to={ABE: 1}, last_given={ABE: NOW - timedelta(hours=2)})
    assert ranked(counts=counts, strategic=frozenset({ABE})) == ["Abe", "Zed"]
    similar = {ABE: 0.3, ZED: 0.2}
    assert ranked(similarity=similar) == ["Abe", "Zed"]
    assert ranked(similarity=similar, counts=counts) == ["Zed", "Abe"]


def test_over_exposed_ranks_lower():
    """Abe was in every other viewer's slate for weeks; Zed in his fair share."""
    exposure = Exposure(shown={ABE: 40, ZED: 4}, slates=40, group_size=41)
    assert ranked(exposure=exposure) == ["Zed", "Abe"]


def test_exposure_within_budget_changes_nothing():
    exposure = Exposure(shown={ABE: 4, ZED: 0}, slates=40, group_size=41)
    assert exposure.signal(ABE) == 0.0
    assert ranked(exposure=exposure) == ["Abe", "Zed"]


@pytest.mark.usefixtures("score_only")
def test_a_strong_reason_outweighs_over_exposure():
    """The budget moves the marginal, not the member a viewer has most reason to refer."""
    exposure = Exposure(shown={ABE: 40}, slates=40, group_size=41)
    counts = PairCounts(received_from={ABE: 4})
    assert ranked(exposure=exposure, counts=counts, strategic=frozenset({ABE})) == ["Abe", "Zed"]


@pytest.mark.usefixtures("score_only")
def test_giving_back_counts_more_where_you_serve_the_same_people():
    counts = PairCounts(received_from={ABE: 2, ZED: 2})
    similar = only(ZED_P, counts=counts, strategic=frozenset({ZED}))
    unrelated = only(ABE_P, counts=counts)
    owed = WEIGHTS["owed"] * owed_signal(2)
    assert contributions(similar.signals)["owed"] == pytest.approx(owed)
    assert contributions(unrelated.signals)["owed"] == pytest.approx(ACTIONABLE_FLOOR * owed)


def test_me_is_never_suggested():
    me = Person(ME, "Me")
    assert ranked(candidates=[me, ZED_P]) == ["Zed"]


# --- exact values and normalisation ---------------------------------------------------


def test_weights_live_in_one_place():
    assert set(WEIGHTS) == {"owed", "strategic", "relationship", "under_served", "recency",
                            "exposure"}
    assert {"recency", "exposure"} == BRAKES
    assert all(w > 0 for w in WEIGHTS.values())


@pytest.mark.parametrize(("owed", "expected"), [(-2, 0.0), (0, 0.0), (1, 0.5), (3, 0.75)])
def test_owed_signal(owed, expected):
    assert owed_signal(owed) == pytest.approx(expected)


def test_relationship_signal_decays_with_a_90_day_half_life():
    assert relationship_signal([], TODAY) == 0.0
    assert relationship_signal([TODAY], TODAY) == pytest.approx(0.5)
    assert relationship_signal([TODAY - timedelta(days=90)], TODAY) == pytest.approx(1 / 3)
    assert relationship_signal([TODAY, TODAY], TODAY) == pytest.approx(2 / 3)
    assert relationship_signal([TODAY + timedelta(days=3)], TODAY) == pytest.approx(0.5)


def test_under_served_is_the_members_place_from_the_bottom():
    """(more - fewer) / others, floored at 0: 1.0 for the least referred, 0.0 from the
    middle up; ties count on neither side."""
    signals = under_served_signals({2: 5, 3: 1, 4: 1, 5: 9}, [1, 2, 3, 4, 5])
    assert signals == pytest.approx({1: 1.0, 2: 0.0, 3: 0.25, 4: 0.25, 5: 0.0})
    assert under_served_signals({}, [1, 2, 3]) == {1: 0.0, 2: 0.0, 3: 0.0}
    assert under_served_signals({7: 3}, [7]) == {7: 0.0}


def test_recency_signal_falls_to_zero_after_the_window():
    assert recency_signal(None, NOW) == 0.0
    assert recency_signal(NOW, NOW) == 1.0
    assert recency_signal(NOW - timedelta(days=RECENT_DAYS / 2), NOW) == pytest.approx(0.5)
    assert recency_signal(NOW - timedelta(days=RECENT_DAYS), NOW) == 0.0
    assert recency_signal(NOW - timedelta(days=60), NOW) == 0.0


def test_score_adds_the_reasons_and_subtracts_the_brakes():
    signals = {"owed": 0.75, "strategic": 0.5, "relationship": 0.5, "under_served": 0.25,
               "recency": 0.5, "exposure": 0.2}
    act = ACTIONABLE_FLOOR + (1 - ACTIONABLE_FLOOR) * 0.5
    expected = (WEIGHTS["owed"] * 0.75 * act + WEIGHTS["strategic"] * 0.5
                + WEIGHTS["relationship"] * 0.5 + WEIGHTS["under_served"] * 0.25 * act
                - WEIGHTS["recency"] * 0.5 - WEIGHTS["exposure"] * 0.2)
    assert score(signals) == pytest.approx(expected)


def test_signals_of_one_suggestion_hand_computed():
    suggestion = only(
        Person(ZED, "Zed"),
        counts=PairCounts(
            received_from={ZED: 3}, given_to={ZED: 0},
            last_given={ZED: NOW - timedelta(days=7)},
            received_in_group={ZED: 1, ABE: 4},
        ),
        similarity={ZED: 0.5},
        one_to_ones={ZED: [TODAY]},
        exposure=Exposure(shown={ZED: 20}, slates=20, group_size=31),
    )
    # Me (0 received) and Zed (1) and Abe (4) make the group: one has more than Zed,
    # one has fewer, so Zed's place is neutral.
    assert suggestion.signals == pytest.approx(
        {"owed": 0.75, "strategic": 0.4, "relationship": 0.5, "under_served": 0.0,
         "recency": 0.5, "exposure": 1.0}
    )


@pytest.mark.parametrize("seed", range(5))
def test_signals_stay_within_zero_and_one_and_the_sentence_names_the_top_reason(seed):
    rng = random.Random(seed)
    people = [Person(i, f"Member {i}") for i in range(2, 30)]
    data = SuggestionInput(
        me=ME, now=NOW, candidates=people,
        counts=PairCounts(
            received_from={p.member_id: rng.randint(0, 9) for p in people},
            given_to={p.member_id: rng.randint(0, 9) for p in people},
            last_given={p.member_id: NOW - timedelta(days=rng.uniform(0, 40)) for p in people},
            received_in_group={p.member_id: rng.randint(0, 30) for p in people},
        ),
        strategic=frozenset(p.member_id for p in people if rng.random() < 0.2),
        similarity={p.member_id: rng.random() ** 2 for p in people},
        one_to_ones={
            p.member_id: [TODAY - timedelta(days=rng.randint(0, 400)) for _ in range(3)]
            for p in people if rng.random() < 0.5
        },
        exposure=Exposure({p.member_id: rng.randint(0, 30) for p in people}, 30, 29),
    )
    rows = suggest(data)
    slate = suggestions.ANCHOR_SLOTS + suggestions.SPREAD_SLOTS
    # Slot 1: the strongest bond; then the best scores; then by bond, then score.
    assert rows[0].by_bond and bond(rows[0].signals) == max(bond(s.signals) for s in rows)
    spread = rows[1:slate]
    assert [s.score for s in spread] == sorted((s.score for s in spread), reverse=True)
    assert min(s.score for s in spread) >= max(s.score for s in rows[slate:])
    rest = [bond(s.signals) for s in rows[slate:]]
    assert rest == sorted(rest, reverse=True)
    for suggestion in rows:
        assert all(0.0 <= value <= 1.0 for value in suggestion.signals.values())
        shares = contributions(suggestion.signals)
        positive = {name: v for name, v in shares.items() if name not in BRAKES and v > 0}
        if suggestion.by_bond:
            # Placed by the bond: the working relationship is the true top reason.
            assert suggestion.top_reason == "relationship"
            positive.pop("relationship")
            assert [r.signal for r in suggestion.reasons[1:]] == sorted(
                positive, key=lambda n: (-round(positive[n], 9), list(WEIGHTS).index(n)))
            continue
        assert [r.signal for r in suggestion.reasons] == sorted(
            positive, key=lambda n: (-round(positive[n], 9), list(WEIGHTS).index(n)))
        if positive:
            assert suggestion.top_reason == max(positive, key=positive.get)


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


# --- the exposure budget over weeks ------------------------------------------------------


def test_nobody_is_suggested_to_everyone_week_after_week():
    """Thirty viewers who all have the same mild reason for member 99 (under-served)
    and nothing to tell the others apart: without the budget 99 is in every slate every
    week; with it, 99's share settles near the budget and the others take turns."""
    from partner_net.domain.exposure import ExposureLog

    viewers = list(range(1, 31))
    group = [*viewers, 99]
    received = dict.fromkeys(viewers, 3)  # 99 received nothing

    def slates(budget: bool) -> list[int]:
        log, shown_per_week = ExposureLog(), []
        for week in range(8):
            monday = TODAY + timedelta(weeks=week)
            count = 0
            for viewer in viewers:
                exposure = log.exposure(viewer, monday, len(group)) if budget else Exposure()
                data = SuggestionInput(
                    me=viewer, now=NOW + timedelta(weeks=week),
                    candidates=[Person(p, f"M{p:03d}") for p in group if p != viewer],
                    counts=PairCounts(received_in_group=received), exposure=exposure)
                slate = [s.member_id for s in suggest(data, limit=SLATE)]
                log.record(viewer, monday, slate)
                count += 99 in slate
            shown_per_week.append(count)
        return shown_per_week

    assert slates(budget=False) == [30] * 8
    with_budget = slates(budget=True)
    assert max(with_budget[2:]) < 30
    assert sum(with_budget[4:]) / 4 <= 0.6 * 30
    assert min(with_budget) > 0  # still suggested: the budget is a brake, not a ban


# --- the sentence ----------------------------------------------------------------------

DANA = 5
SHARED_TERMS = {
    ME: client_terms("Restaurant owners", "POS systems, cafes"),
    DANA: client_terms("restaurant owners"),
}
QUIET = PairCounts(received_from={DANA: 3}, received_in_group={DANA: 2, EVE: 2})


def test_sentence_owed_never_returned_with_a_pronoun():
    dana = only(Person(DANA, "Dana", "her"), counts=QUIET, client_terms=SHARED_TERMS,
                similarity={DANA: 0.2})
    assert dana.sentence == (
        "Dana referred you 3 times and you have not referred her yet; "
        "you both serve restaurant owners."
    )
    assert [r.signal for r in dana.reasons] == ["owed", "strategic"]
    closer = only(Person(DANA, "Dana", "her"), counts=QUIET, client_terms=SHARED_TERMS,
                  similarity={DANA: 0.6})
    assert closer.sentence == ("You both serve restaurant owners; "
                               "Dana referred you 3 times and you have not referred her yet.")


def test_sentence_without_pronoun_repeats_the_name():
    dana = only(Person(DANA, "Dana"), counts=QUIET)
    assert dana.sentence == "Dana referred you 3 times and you have not referred Dana back yet."


@pytest.mark.usefixtures("score_only")
def test_sentence_partly_returned_is_a_chance_to_give_back():
    counts = PairCounts(received_from={DANA: 9}, given_to={DANA: 1},
                        received_in_group={DANA: 2, EVE: 2})
    dana = only(Person(DANA, "Dana"), counts=counts)
    assert dana.sentence.startswith(
        "Dana referred you 9 times and you referred Dana once: a chance to give back; "
    )


@pytest.mark.usefixtures("score_only")
def test_sentence_strategic_partner_and_one_to_ones():
    dana = only(
        Person(DANA, "Dana"), strategic=frozenset({DANA}),
        one_to_ones={DANA: [TODAY - timedelta(days=40), TODAY - timedelta(days=12)]},
    )
    assert dana.sentence == (
        "Dana is one of your strategic partners; "
        "you have had 2 one-to-ones with Dana, the last 12 days ago."
    )


@pytest.mark.parametrize(("similarity", "words"), [
    (0.7, "Dana serves people much like yours (restaurant)"),
    (0.3, "your ideal clients overlap with Dana's (restaurant)"),
    (0.1, "your ideal clients have something in common with Dana's (restaurant)"),
])
def test_sentence_says_how_alike_the_clients_are(similarity, words):
    terms = {ME: client_terms("Hotels, restaurants"), DANA: client_terms("restaurant owners")}
    dana = only(Person(DANA, "Dana"), client_terms=terms, similarity={DANA: similarity})
    assert dana.sentence == words[0].upper() + words[1:] + "."


@pytest.mark.usefixtures("score_only")
def test_sentence_under_served_first_when_it_adds_most():
    counts = PairCounts(received_in_group={EVE: 3, 6: 2})
    people = [Person(DANA, "Dana"), Person(EVE, "Eve"), Person(6, "Fay")]
    rows = suggest(SuggestionInput(me=ME, now=NOW, candidates=people, counts=counts,
                                   one_to_ones={DANA: [TODAY - timedelta(days=300)]}))
    dana = next(s for s in rows if s.name == "Dana")
    assert dana.top_reason == "under_served"
    assert dana.sentence == ("Nobody in the group has referred Dana lately; "
                             "you had a one-to-one with Dana 10 months ago.")


@pytest.mark.usefixtures("score_only")
def test_sentence_few_referrals_says_fewer_than_most():
    counts = PairCounts(received_in_group={DANA: 1, EVE: 4, 6: 5})
    people = [Person(DANA, "Dana"), Person(EVE, "Eve"), Person(6, "Fay")]
    rows = suggest(SuggestionInput(me=ME, now=NOW, candidates=people, counts=counts,
                                   one_to_ones={DANA: [TODAY]}))
    dana = next(s for s in rows if s.name == "Dana")
    assert dana.sentence == (
        "You had a one-to-one with Dana today; "
        "Dana has had only 1 referral lately, fewer than most of the group."
    )


def test_sentence_without_reasons_invites_a_one_to_one():
    dana = only(Person(DANA, "Dana"), counts=PairCounts(received_in_group={DANA: 4}))
    assert dana.reasons == []
    assert dana.sentence == "A chance to get to know Dana: book a one-to-one."


def test_brakes_are_never_reasons():
    dana = only(Person(DANA, "Dana"), counts=PairCounts(
        received_from={DANA: 1}, last_given={DANA: NOW}),
        exposure=Exposure({DANA: 30}, 30, 31))
    assert [r.signal for r in dana.reasons] == ["owed"]


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


def test_the_sentence_names_the_partner_in_full_once_then_by_first_name():
    dana = Person(7, "Dana Lee")
    reasons = [Reason("strategic", "Dana Lee is one of your strategic partners"),
               Reason("relationship", "you had a one-to-one with Dana Lee 3 days ago")]
    assert sentence(dana, reasons) == (
        "Dana Lee is one of your strategic partners; you had a one-to-one with Dana 3 days ago.")


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


# --- the working relationship and the slate's three parts -------------------------------


def test_relationship_counts_referrals_given_as_a_working_relationship():
    assert relationship_signal([], TODAY, referrals=0) == 0.0
    # Each referral given adds REFERRAL_BOND: two make 1.0, so 1 / (1 + 1).
    assert relationship_signal([], TODAY, referrals=2) == pytest.approx(
        2 * REFERRAL_BOND / (2 * REFERRAL_BOND + 1))
    assert relationship_signal([TODAY], TODAY, referrals=2) == pytest.approx(
        (1 + 2 * REFERRAL_BOND) / (2 + 2 * REFERRAL_BOND))
    more = [relationship_signal([], TODAY, referrals=n) for n in range(6)]
    assert more == sorted(more) and len(set(more)) == 6


@pytest.mark.usefixtures("score_only")
def test_more_referrals_given_rank_higher_in_the_score():
    assert ranked(counts=PairCounts(given_to={ZED: 3, ABE: 1})) == ["Zed", "Abe"]


def test_a_mark_comes_before_the_most_similar_partner():
    """Similarity reaches at most SIMILARITY_CAP: a mark always wins, whatever the
    calibration makes of the most similar partners."""
    assert suggestions.SIMILARITY_CAP < 1.0
    assert ranked(strategic=frozenset({ZED}), similarity={ABE: 1.0}) == ["Zed", "Abe"]


def test_slot_one_is_the_strongest_working_relationship():
    """Zed is the one m refers most; Abe and Eve have better scores (Eve is the least
    referred, Abe gave m most): Zed still takes slot 1, they take slots 2 and 3."""
    eve, fay = Person(EVE, "Eve"), Person(6, "Fay")
    counts = PairCounts(given_to={ZED: 6}, received_from={ABE: 3},
                        received_in_group={ZED: 9, ABE: 5, 6: 5})
    rows = suggest(SuggestionInput(me=ME, now=NOW, candidates=[ABE_P, ZED_P, eve, fay],
                                   counts=counts))
    assert rows[0].name == "Zed" and {s.name for s in rows[1:3]} == {"Eve", "Abe"}
    assert rows[0].by_bond and not rows[1].by_bond and not rows[2].by_bond
    assert rows[0].top_reason == "relationship"
    assert rows[0].sentence.startswith("You referred Zed 6 times this year: a working relationship")


def test_after_the_slate_the_list_follows_the_bond():
    people = [Person(i, f"M{i}") for i in range(2, 9)]
    counts = PairCounts(given_to={7: 1, 8: 3}, received_in_group=dict.fromkeys(range(4, 9), 5))
    rows = suggest(SuggestionInput(me=ME, now=NOW, candidates=people, counts=counts))
    slate = suggestions.ANCHOR_SLOTS + suggestions.SPREAD_SLOTS
    assert rows[0].member_id == 8
    assert {s.member_id for s in rows[1:slate]} == {2, 3}  # the least referred
    assert rows[slate].member_id == 7 and rows[slate].by_bond  # the next bond, after the slate
    assert [s.member_id for s in rows[slate + 1:]] == sorted(
        s.member_id for s in rows[slate + 1:])  # no bond: by score, then name


def test_exposure_keeps_a_hub_out_of_slot_one():
    """Zed and Abe are equally strong partners; Zed is in every other viewer's slate, so
    Abe takes slot 1 (the brake weighs in the bond too)."""
    counts = PairCounts(given_to={ZED: 4, ABE: 4})
    exposure = Exposure(shown={ZED: 40}, slates=40, group_size=41)
    rows = suggest(SuggestionInput(me=ME, now=NOW, candidates=[ABE_P, ZED_P], counts=counts,
                                   exposure=exposure))
    assert rows[0].name == "Abe"
    assert bond(rows[0].signals) - bond(rows[1].signals) == pytest.approx(
        BOND_WEIGHTS["exposure"] * exposure.signal(ZED))
    # ... and Zed loses it only to an equal bond: a much stronger one keeps it.
    counts = PairCounts(given_to={ZED: 12, ABE: 1})
    rows = suggest(SuggestionInput(me=ME, now=NOW, candidates=[ABE_P, ZED_P], counts=counts,
                                   exposure=Exposure(shown={ZED: 12}, slates=40,
                                                     group_size=41)))
    assert rows[0].name == "Zed"


def test_no_bond_no_anchor():
    """Nobody m worked with: the list is the score's, as before."""
    counts = PairCounts(received_in_group={ABE: 4, ZED: 1, EVE: 4})
    rows = suggest(SuggestionInput(me=ME, now=NOW, counts=counts,
                                   candidates=[ABE_P, ZED_P, Person(EVE, "Eve")]))
    assert not any(s.by_bond for s in rows)
    assert [s.score for s in rows] == sorted((s.score for s in rows), reverse=True)


def test_slot_one_names_the_working_relationship_first_even_beside_a_mark():
    """Dana is marked (the larger share of her score) and m referred her once: she holds
    slot 1 by the bond, so the sentence starts with the relationship."""
    dana = only(Person(DANA, "Dana"), strategic=frozenset({DANA}),
                counts=PairCounts(given_to={DANA: 1}))
    assert dana.by_bond
    shares = contributions(dana.signals)
    assert shares["strategic"] > shares["relationship"]
    assert [r.signal for r in dana.reasons] == ["relationship", "strategic"]
    assert dana.sentence == ("You referred Dana once this year: a working relationship; "
                             "Dana is one of your strategic partners.")


def test_sentence_one_to_ones_and_referrals_together():
    dana = only(Person(DANA, "Dana"), counts=PairCounts(given_to={DANA: 2}),
                one_to_ones={DANA: [TODAY - timedelta(days=3)]})
    assert dana.sentence == ("You had a one-to-one with Dana 3 days ago, "
                             "and you referred them twice this year.")
