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
    assert '<td class="matrix__cell matrix__cell--4" title="Ann &#8594; Bob: 4">4</td>' in html
    assert '<td class="matrix__cell matrix__cell--1" title="Bob &#8594; Ann: 1">1</td>' in html
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


def test_a_table_from_the_earlier_ones_rows_equals_one_made_afresh():
    from partner_net.network.matrix_table import table_pieces

    names = {1: "Ann", 2: "Bob", 3: "Cy"}
    counts = {(1, 2): 4, (2, 1): 1, (3, 1): 2}
    m = Matrix(order=[1, 2, 3], cluster={1: 1, 2: 1, 3: 2}, counts=counts, top=4)
    parts: dict = {}
    table_pieces(m, names.__getitem__, {1: 4, 2: 1, 3: 2}, "12 months", parts=parts)
    # Bob gives Cy one: Bob's row changes, the rest is taken from the earlier table.
    later = Matrix(m.order, m.cluster, {**counts, (2, 3): 1}, top=4)
    given = {1: 4, 2: 2, 3: 2}
    pieces = table_pieces(later, names.__getitem__, given, "12 months", earlier=parts,
                          changed={2})
    assert pieces[1] is parts[1, 4] and pieces[3] is parts[3, 2]  # Ann's and Cy's rows
    assert "".join(pieces) == matrix_table(later, names.__getitem__, given, "12 months")
    # The top count grows: every shade may change, nothing is taken.
    top = Matrix(m.order, m.cluster, {**counts, (3, 1): 9}, top=9)
    given = {1: 4, 2: 1, 3: 9}
    pieces = table_pieces(top, names.__getitem__, given, "12 months", earlier=parts,
                          changed={3})
    assert pieces[1] is not parts[1, 4]
    assert "".join(pieces) == matrix_table(top, names.__getitem__, given, "12 months")


def test_a_changed_row_written_from_its_earlier_cells_equals_one_made_afresh():
    """Told which cells changed, a changed giver's row keeps its other cells."""
    from partner_net.network.matrix_table import table_pieces

    names = {1: "Ann", 2: "Bob", 3: "Cy", 4: "Di"}
    counts = {(1, 2): 4, (2, 1): 1, (3, 1): 2, (2, 4): 3}
    m = Matrix(order=[2, 1, 4, 3], cluster={1: 1, 2: 1, 3: 2, 4: 2}, counts=counts, top=4)
    parts: dict = {}
    table_pieces(m, names.__getitem__, {1: 4, 2: 4, 3: 2}, "12 months", parts=parts)
    # Bob gives Cy one and one referral to Ann is withdrawn: two of Bob's cells move.
    later = Matrix(m.order, m.cluster, {(1, 2): 4, (3, 1): 2, (2, 4): 3, (2, 3): 1}, top=4)
    given = {1: 4, 2: 4, 3: 2}
    pieces = table_pieces(later, names.__getitem__, given, "12 months", earlier=parts,
                          changed={2}, cells=[(2, 3), (2, 1)])
    assert pieces[2] is parts[1, 4]  # Ann's row, as it was
    assert "".join(pieces) == matrix_table(later, names.__getitem__, given, "12 months")
