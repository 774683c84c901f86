"""The matrix table written in Python (partner_net/network/matrix_table.py)."""

from __future__ import annotations

import re

from partner_net.domain.matrix import Matrix
from partner_net.network.matrix_table import level, matrix_table


def test_cells_shades_totals_and_cluster_lines():
    m = Matrix(order=[1, 2, 3], cluster={1: 1, 2: 1, 3: 2},
               counts={(1, 2): 4, (2, 1): 1, (3, 1): 2}, top=4)
    names = {1: "Ann", 2: "Bob", 3: "Cy"}
    html = str(matrix_table(m, names.__getitem__, {1: 4, 2: 1, 3: 2}, "12 months"))
    assert "Referrals given (rows) to each member (columns), 12 months" in html
    assert '<td class="matrix__cell matrix__cell--4" title="Ann → Bob: 4">4</td>' in html
    assert '<td class="matrix__cell matrix__cell--1" title="Bob → Ann: 1">1</td>' in html
    assert '<td class="matrix__cell matrix__cell--0 matrix__self"></td>' in html
    assert html.count('<tr class="matrix__new">') == 1  # Cy opens the second cluster
    assert re.findall(r'<td class="matrix__total">(\d+)</td>', html) == ["4", "1", "2"]


def test_names_are_escaped():
    m = Matrix(order=[1, 2], cluster={1: 1, 2: 1}, counts={(1, 2): 1}, top=1)
    names = {1: "<script>alert(1)</script>", 2: 'Bo "B" & co'}
    html = str(matrix_table(m, names.__getitem__, {}, "all time"))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "Bo &#34;B&#34; &amp; co" in html


def test_levels_match_the_quarters_of_the_top():
    assert [level(n, 8) for n in (0, 1, 2, 3, 4, 5, 6, 7, 8)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]
