"""The give/receive matrix as an HTML table, written once per version of the group's
network (:attr:`partner_net.network.cache.GroupNetwork.matrix_table`).

At 80 members the table has 6,400 cells: through Jinja, one call per cell, it cost the
network page about 100 ms on every view. Written here with plain string joins it takes
a few milliseconds, and it is kept with the network, so a warm page only copies it.
After a change, the rows it did not touch are taken from the previous version's table
(``earlier``), so a new version writes one or two rows, not 80.

Pure: no Flask, no database. Names go through :func:`markupsafe.escape`; the arrow is
written "&#8594;", so the table is a string of one byte per character.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, MutableMapping

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
    return Markup("".join(table_pieces(matrix, name, given, label)))


def table_pieces(matrix: Matrix, name: Callable[[int], str], given: Mapping[int, int],
                 label: str, parts: MutableMapping[object, Markup] | None = None,
                 earlier: Mapping[object, Markup] | None = None,
                 changed: Collection[int] = (),
                 cells: Collection[tuple[int, int]] = ()) -> list[Markup]:
    """:func:`matrix_table` in pieces: its head, one piece per row, its end. A page
    writes them one after the other: joined, the table is one string of ~0.9 MB at 80
    members, made again after every change and copied again by the template's escaping.

    ``parts``, when given, receives each row as written. ``earlier``: the ``parts`` of
    the table of an earlier version whose counts differ from ``matrix``'s only in the
    rows of the givers in ``changed``; its other rows are used again when nothing else
    they show (order, clusters, names, the top count, the total) changed. ``cells``: the
    (giver, receiver) cells whose counts changed, when known: a changed giver's row is
    then its earlier cells with just those written again (a giver's row is 80 cells)."""
    order = matrix.order
    names = {m: str(escape(name(m))) for m in order}
    new = [matrix.starts_cluster(i) for i in range(len(order))]
    layout = (tuple(order), tuple(new), tuple(names.values()), matrix.top, label)
    if parts is not None:
        parts["layout"] = layout
    if earlier is None or earlier.get("layout") != layout:
        earlier = {}
    head = earlier.get("head") or Markup(_head(order, names, new, label))
    if parts is not None:
        parts["head"] = head
    out = [head]
    moved: dict[int, list[int]] = {}
    if earlier:
        for giver, receiver in cells:
            moved.setdefault(giver, []).append(receiver)
    column_of = {m: i for i, m in enumerate(order)} if moved else {}
    for row, giver in enumerate(order):
        total = given.get(giver, 0)
        key = (giver, total)
        text = None if giver in changed else earlier.get(key)
        row_cells = earlier.get(("cells", giver))
        if text is None:
            if row_cells is not None and giver in moved:  # the same row but a few cells
                row_cells = list(row_cells)
                for receiver in moved[giver]:
                    column = column_of[receiver]
                    row_cells[column] = _cell(matrix, giver, receiver, names, new[column])
            else:
                row_cells = [_cell(matrix, giver, receiver, names, new[column])
                             for column, receiver in enumerate(order)]
            text = Markup(_row(row, giver, names, new, row_cells, total))
        if parts is not None:
            parts[key] = text
            parts["cells", giver] = row_cells
        out.append(text)
    out.append(END)
    return out


END = Markup("</tbody>\n</table>")


def _head(order: list[int], names: Mapping[int, str], new: list[bool], label: str) -> str:
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
    return "".join(out)


def _row(row: int, giver: int, names: Mapping[int, str], new: list[bool], cells: list[str],
         total: int) -> str:
    return "".join(['<tr class="matrix__new">' if new[row] else "<tr>",
                    f'<th scope="row" class="matrix__name"><span class="matrix__n">{row + 1}'
                    f'</span> {names[giver]}</th>', *cells,
                    f'<td class="matrix__total">{total}</td></tr>\n'])


def _cell(matrix: Matrix, giver: int, receiver: int, names: Mapping[int, str],
          new: bool) -> str:
    n = matrix.counts.get((giver, receiver), 0)
    classes = f"matrix__cell matrix__cell--{level(n, matrix.top)}"
    if new:
        classes += " matrix__new"
    if giver == receiver:
        classes += " matrix__self"
    if n:
        return (f'<td class="{classes}" title="{names[giver]} &#8594; '
                f'{names[receiver]}: {n}">{n}</td>')
    return f'<td class="{classes}"></td>'
