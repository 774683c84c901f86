"""The give/receive matrix as an HTML table, written once per version of the group's
network (:attr:`partner_net.network.cache.GroupNetwork.matrix_table`).

At 80 members the table has 6,400 cells: through Jinja, one call per cell, it cost the
network page about 100 ms on every view. Written here with plain string joins it takes
a few milliseconds, and it is kept with the network, so a warm page only copies it.

Pure: no Flask, no database. Names go through :func:`markupsafe.escape`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from markupsafe import Markup, escape

from partner_net.domain.matrix import Matrix


def level(count: int, top: int) -> int:
    """The cell's shade, 0 (none) to 4 (the darkest: at least three quarters of the top)."""
    if not count:
        return 0
    if count * 4 <= top:
        return 1
    if count * 2 <= top:
        return 2
    if count * 4 <= top * 3:
        return 3
    return 4


def matrix_table(matrix: Matrix, name: Callable[[int], str], given: Mapping[int, int],
                 label: str) -> Markup:
    """The ``<table class="matrix">``: one row per giver, one column per receiver, in
    ``matrix.order``; ``given`` is each member's total given (the last column)."""
    order = matrix.order
    names = {m: str(escape(name(m))) for m in order}
    new = [matrix.starts_cluster(i) for i in range(len(order))]
    out = [
        '<table class="matrix">',
        f'<caption class="visually-hidden">Referrals given (rows) to each member (columns), '
        f'{escape(label)}</caption>',
        '<thead><tr><th scope="col"><span class="visually-hidden">Giver</span></th>',
    ]
    for i, member in enumerate(order):
        extra = " matrix__new" if new[i] else ""
        out.append(f'<th scope="col" class="matrix__col{extra}"><abbr title="{names[member]}">'
                   f'{i + 1}</abbr><span class="visually-hidden"> {names[member]}</span></th>')
    out.append('<th scope="col" class="matrix__total">Gave</th></tr></thead>\n<tbody>')
    counts, top = matrix.counts, matrix.top
    for row, giver in enumerate(order):
        out.append('<tr class="matrix__new">' if new[row] else "<tr>")
        out.append(f'<th scope="row" class="matrix__name"><span class="matrix__n">{row + 1}'
                   f'</span> {names[giver]}</th>')
        for column, receiver in enumerate(order):
            n = counts.get((giver, receiver), 0)
            classes = f"matrix__cell matrix__cell--{level(n, top)}"
            if new[column]:
                classes += " matrix__new"
            if giver == receiver:
                classes += " matrix__self"
            if n:
                out.append(f'<td class="{classes}" title="{names[giver]} → {names[receiver]}: '
                           f'{n}">{n}</td>')
            else:
                out.append(f'<td class="{classes}"></td>')
        out.append(f'<td class="matrix__total">{given.get(giver, 0)}</td></tr>\n')
    out.append("</tbody>\n</table>")
    return Markup("".join(out))
