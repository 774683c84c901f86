"""The ASCII shortcut of partner_net.search folds as the general rule does."""

from __future__ import annotations

import pytest

from partner_net.search import _fold_char, _folded_with_offsets, fold


@pytest.mark.parametrize("text", ["Café Owner", "roof-leak ROOFER", "O'Brien & Sons", "ǅ ß İ",
                                  "".join(map(chr, range(128)))])
def test_ascii_folding_is_the_general_folding(text):
    assert fold(text) == "".join(_fold_char(c) for c in text)
    folded, origin = _folded_with_offsets(text)
    assert folded == fold(text)
    assert len(origin) == len(folded)
    if text.isascii():
        assert origin == list(range(len(text)))
