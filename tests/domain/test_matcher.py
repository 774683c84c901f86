"""The matcher on small fixtures: ranking, what it reports as matched, the levers."""

from __future__ import annotations

import time

import numpy as np
import pytest

from partner_net.domain import embeddings
from partner_net.domain.matcher import (
    Candidate,
    ClientProfile,
    HistoryItem,
    Options,
    build_index,
    rank,
    read_need,
    stem,
    summary,
    words,
)

ROOFER = Candidate(
    1, "Rhys Roof", category="Roofer", business="Rhys Roofing",
    profiles=(ClientProfile(title="Owners of warehouses", keywords="flat roofing, slate, gutters",
                            frustration="Leaks onto stock after storms"),),
)
PLUMBER = Candidate(
    2, "Pat Pipes", category="Plumber", business="Pat's Plumbing & Heating",
    profiles=(ClientProfile(title="Care homes and schools", keywords="boiler, heating, leaks"),),
)
BROKER = Candidate(
    3, "Ines Cover", category="Commercial insurance broker", business="Cover Co",
    referral_criteria="I refer businesses whose premises just changed.",
    profiles=(ClientProfile(title="Restaurants and bars",
                            keywords="business interruption, renewals",
                            frustration="Premiums rising at every renewal"),),
)
PRINTER = Candidate(
    4, "Gwen Print", category="Printer", business="Quay Print",
    profiles=(ClientProfile(title="Marketing teams", keywords="brochures, leaflets, banners"),),
)
GROUP = (ROOFER, PLUMBER, BROKER, PRINTER)


def ids(matches) -> list[int]:
    return [m.member_id for m in matches]


@pytest.fixture(scope="module")
def index():
    return build_index(GROUP)


def test_words_fold_accents_and_possessives():
    assert words("The Café's kids’ beds") == ["the", "cafe", "kids", "beds"]


@pytest.mark.parametrize(("a", "b"), [
    ("roofer", "roofing"), ("roofs", "roof"), ("leaking", "leaks"), ("tiles", "tiling"),
    ("dripping", "drip"), ("printers", "printing"),
])
def test_stem_brings_variants_together(a, b):
    assert stem(a) == stem(b)


def test_category_words_rank_the_member_first(index):
    assert ids(rank("need a printer for brochures", index))[0] == PRINTER.member_id


def test_everyday_words_reach_the_trade_through_the_lexicon(index):
    matches = rank("there's a damp patch over the kids' beds since the gale", index)
    assert matches[0].member_id == ROOFER.member_id
    hit = matches[0].concepts[0]
    assert hit.label == "roofing"
    assert set(hit.cues) == {"damp", "gale"}
    assert {"damp", "gale"} <= set(matches[0].matched)


def test_without_the_lexicon_the_same_need_finds_nobody(index):
    plain = build_index(GROUP, Options(lexicon=False))
    assert rank("there's a damp patch over the kids' beds since the gale", plain) == []


def test_matched_words_are_reported_as_typed_and_profile_terms_for_highlighting(index):
    match = rank("Leaking boiler at the school", index)[0]
    assert match.member_id == PLUMBER.member_id
    assert "Leaking" in match.words and "boiler" in match.words
    assert any(t.lower().startswith("boiler") for t in match.terms)
    assert match.evidence and "boiler" in match.evidence[0].text
    assert "“boiler”" in summary(match)


def test_the_taco_place_policy_goes_to_the_insurance_broker(index):
    matches = rank("the taco place's policy went up forty percent", index)
    assert matches[0].member_id == BROKER.member_id


def test_nothing_in_common_gives_no_matches(index):
    assert rank("zzz qqq", index) == []


def test_order_is_stable_for_ties():
    twins = (Candidate(8, "bea", category="Printer"), Candidate(7, "Ann", category="Printer"))
    assert ids(rank("printer", build_index(twins))) == [7, 8]


def test_limit_and_min_share(index):
    everyone = rank("leak", index)
    assert len(everyone) >= 2
    assert len(rank("leak", index, limit=1)) == 1
    top = everyone[0].score
    assert all(m.score >= top * 0.99 for m in rank("leak", index, min_share=0.99))


def test_history_boosts_who_won_similar_needs(index):
    need = "water everywhere in the cellar"
    before = rank(need, index)
    history = [HistoryItem("water everywhere in the basement", BROKER.member_id, won=True)] * 3
    after = rank(need, index, history=history)
    broker = next(m for m in after if m.member_id == BROKER.member_id)
    assert broker.similar_past == 3
    assert broker.signals["history"] == 1.0
    assert BROKER.member_id not in ids(before)[:1]
    assert ids(after)[0] == BROKER.member_id


def test_won_history_counts_more_than_open_history(index):
    need = "printed menus for the bistro"
    history = [HistoryItem("printed menus for a bistro", ROOFER.member_id, won=False),
               HistoryItem("printed menus for a bistro", PLUMBER.member_id, won=True)]
    by_id = {m.member_id: m for m in rank(need, index, history=history)}
    assert by_id[PLUMBER.member_id].signals["history"] > by_id[ROOFER.member_id].signals["history"]


def test_history_of_unrelated_needs_or_other_members_is_ignored(index):
    history = [HistoryItem("a wedding cake", ROOFER.member_id, won=True),
               HistoryItem("leaflets", 999, won=True)]
    matches = rank("leaflets and banners", index, history=history)
    assert all(m.similar_past == 0 for m in matches)
    assert matches[0].member_id == PRINTER.member_id


class FakeEncoder:
    """Two dimensions: 'roof-ness' and 'print-ness', by keyword."""

    def encode(self, texts):
        rows = []
        for text in texts:
            t = text.lower()
            v = np.array([1.0 if "roof" in t or "rain" in t else 0.05,
                          1.0 if "print" in t or "flyer" in t else 0.05])
            rows.append(v / np.linalg.norm(v))
        return np.stack(rows)


def test_an_encoder_adds_meaning_where_no_word_matches():
    index = build_index(GROUP)
    matches = rank("rainy week", index, encoder=FakeEncoder(),
                   weights={"words": 0.0, "concepts": 0.0, "meaning": 1.0})
    assert matches[0].member_id == ROOFER.member_id
    assert matches[0].signals["meaning"] == 1.0


def test_without_an_encoder_there_is_no_meaning_signal(index):
    matches = rank("leaflets", index)
    assert "meaning" not in matches[0].signals


def test_embeddings_fall_back_when_the_extra_is_missing(monkeypatch):
    monkeypatch.setattr(embeddings.importlib.util, "find_spec", lambda name: None)
    embeddings.load_encoder.cache_clear()
    try:
        assert embeddings.available() is False
        assert embeddings.active("auto") is False
        assert embeddings.load_encoder() is None
        assert "keywords" in embeddings.describe() and "embeddings' extra" in embeddings.describe()
    finally:
        embeddings.load_encoder.cache_clear()


def test_embeddings_can_be_switched_off(monkeypatch):
    assert embeddings.active("off") is False
    monkeypatch.setenv(embeddings.ENV_SWITCH, "off")
    assert embeddings.active("auto") is False


@pytest.mark.skipif(not embeddings.available(), reason="the 'embeddings' extra is not installed")
def test_the_real_model_ranks_the_roofer_first():  # pragma: no cover - optional extra
    encoder = embeddings.load_encoder()
    assert encoder is not None
    matches = rank("rain is coming through the roof", build_index(GROUP), encoder=encoder)
    assert matches[0].member_id == ROOFER.member_id


def test_read_need_counts_phrase_cues_more():
    need = read_need("locked out of the office")
    assert need.concepts["locks"] >= 1.5


def test_fast_enough_for_eighty_members():
    members = [Candidate(i, f"Member {i}", category=c.category, business=c.business,
                         referral_criteria=c.referral_criteria, profiles=c.profiles * 2)
               for i, c in enumerate(GROUP * 20, start=1)]
    index = build_index(members)
    rank("warm up", index)
    start = time.perf_counter()
    for _ in range(10):
        rank("there's a damp patch over the kids' beds since the gale", index)
    assert (time.perf_counter() - start) / 10 < 0.05  # 20 ms on a quiet machine; slack for CI
