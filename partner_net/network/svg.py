"""Draw the referral network and the given/received chart as inline SVG.

Pure functions of plain data: no Flask, no database. Every piece of text that comes
from a member (a name) goes through :func:`markupsafe.escape`; the drawings carry
member names and counts only, never anything about a prospect.

The network uses a circular layout, members in name order clockwise from the top, so
it is deterministic, names can be found, and labels stay legible at 80 members (each
label is written along its radius, outside the ring). Arrows curve to the right of
their direction, so A -> B and B -> A are two separate arcs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from markupsafe import Markup, escape

#: Balance kinds, their legend text and colour (blue / grey / orange: colour-blind safe,
#: and each at least 3:1 against white, WCAG 1.4.11; tests/test_network_svg.py checks).
KINDS: dict[str, tuple[str, str]] = {
    "gives": ("Gives more than receives", "#1f6fb2"),
    "balanced": ("Balanced: gave and received the same, give or take 10%", "#767f8c"),
    "receives": ("Receives more than gives", "#c0600b"),
}
#: A member is balanced when |net| is at most this share of their referrals. Exactly
#: what the legend says: a member who gave 0 and received 1 receives more than gives.
BALANCE_SHARE = 0.1
#: The strongest relationships drawn; the rest are left out to keep the picture legible.
MAX_EDGES = 300
LABEL_CHARS = 22
FONT = 12


class Node(NamedTuple):
    """One member (a named tuple: drawings after a change look every member up by it)."""

    id: int
    name: str
    given: int
    received: int

    @property
    def net(self) -> int:
        return self.given - self.received


class Edge(NamedTuple):
    """One arrow. The drawings read any (giver, receiver, count) triple."""

    giver: int
    receiver: int
    count: int


def balance_kind(given: int, received: int) -> str:
    """"gives", "balanced" or "receives" (the node's colour)."""
    net = given - received
    if abs(net) <= BALANCE_SHARE * (given + received):
        return "balanced"
    return "gives" if net > 0 else "receives"


def _plural(n: int, word: str = "referral") -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else str(n)


def _short(name: str, limit: int = LABEL_CHARS) -> str:
    """The name cut to ``limit`` characters (the full name is in the hover title)."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _f(x: float) -> str:
    return f"{x:.1f}"


def node_title(node: Node) -> str:
    if node.given == node.received == 0:
        return f"{node.name}: no referrals given or received in this period"
    return (f"{node.name}: gave {node.given}, received {node.received} "
            f"(net {_signed(node.net)})")


# --- the network ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Geometry:
    ring: float
    max_radius: float
    centre: float
    size: float


def _geometry(n: int, longest_label: int) -> _Geometry:
    """Ring radius from the number of members (about 24 px of arc each, at least 210),
    circle sizes from the arc each member gets, and room outside for the labels."""
    ring = max(210.0, n * 24.0 / (2 * math.pi))
    arc = 2 * math.pi * ring / max(n, 1)
    max_radius = max(6.0, min(18.0, arc * 0.42))
    label_room = FONT * 0.58 * min(longest_label, LABEL_CHARS) + 10
    centre = ring + max_radius + 8 + label_room
    return _Geometry(ring, max_radius, centre, 2 * centre)


#: What one drawing wrote, element by element (see ``parts`` below).
Parts = MutableMapping[object, object]


def network_svg(nodes: Sequence[Node], edges: Sequence[Edge], title: str,
                max_edges: int = MAX_EDGES, focus: int | None = None,
                link: str | None = None, parts: Parts | None = None,
                earlier: Mapping[object, object] | None = None, ranked: bool = False) -> Markup:
    """The whole network: one ``circle.node`` per member, one ``path.edge`` per arrow.

    ``focus``: that member's arrows stand out and the rest fade. ``link``: a URL with
    ``{id}`` in it; each member becomes a link to it (to focus on them), for the mouse
    (the page's own form does it for the keyboard).

    ``parts``, when given, receives every member and arrow as written: a member keyed by
    all it depends on, an arrow by its (giver, receiver, count) with its arc apart from
    its ends (and the circles' sizes); ``earlier`` (another drawing's ``parts``) lends
    those that are the same again, and the arcs of arrows whose ends' circles changed
    size, so after a change only what it moved is written anew (the result is the same
    either way). ``ranked``: ``edges`` are already strongest first, ties by
    giver then receiver id, and every member in them is in ``nodes``.
    """
    members = tuple((n.id, n.name) for n in nodes)
    frame = earlier.get("frame") if earlier else None
    if frame is None or frame[0] != members:  # the ring: where each member sits
        frame = (members, *_frame(nodes))
    _, geo, angles, point, names, labels = frame
    top_received = max((n.received for n in nodes), default=0)
    radius = {
        n.id: 4.0 + (geo.max_radius - 4.0) * math.sqrt(n.received / top_received)
        if top_received else 4.0
        for n in nodes
    }
    if ranked:
        drawn = list(edges[:max_edges])
        top_count = drawn[0][2] if drawn else 1
    else:
        drawn = sorted((e for e in edges if e[0] in point and e[1] in point),
                       key=lambda e: (-e[2], e[0], e[1]))[:max_edges]
        top_count = max((e[2] for e in drawn), default=1)
    # Everything a member's or an arrow's markup depends on beyond its own key.
    layout = ("network", members, top_count, focus, link)
    if parts is not None:
        parts["layout"], parts["frame"] = layout, frame
    if earlier is None or earlier.get("layout") != layout:
        earlier = {}
    size = _f(geo.size)
    out = [
        f'<svg class="network" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}"'
        # An image, unless its members are links (an image's parts can't be interactive).
        f' role="{"group" if link else "img"}" aria-labelledby="network-title">',
        f'<title id="network-title">{escape(title)}</title>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7"'
        ' markerHeight="7" markerUnits="userSpaceOnUse" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#5b6676"/></marker></defs>',
        '<g class="edges">',
    ]
    if focus is not None:  # the focused member's arrows last, on top of the faded rest
        drawn.sort(key=lambda e: focus in (e[0], e[1]))
    else:
        drawn.reverse()  # weakest first, so the strong ones sit on top
    before = earlier.get("radius", {})
    moved = {m for m, r in radius.items() if before.get(m) != r}  # circles that changed
    if parts is not None:
        parts["radius"] = radius
    for edge in drawn:  # (giver, receiver, count): the key of its arrow
        found = earlier.get(edge)
        if found is None:
            arrow = _edge(edge, point, names, top_count, focus)
            found = (arrow, _placed(arrow, radius[edge[0]], radius[edge[1]]))
        elif edge[0] in moved or edge[1] in moved:  # the same arc, its ends moved
            found = (found[0], _placed(found[0], radius[edge[0]], radius[edge[1]]))
        if parts is not None:
            parts[edge] = found
        out.append(found[1])
    out.append('</g><g class="nodes">')
    for node in nodes:
        key = (node, radius[node.id])
        drawn_node = earlier.get(key)
        if drawn_node is None:
            placed = labels.get(node.id)
            if placed is None:  # where the member sits and their label: the ring's
                placed = labels[node.id] = _place(node, point[node.id], angles[node.id], geo)
            drawn_node = _node(node, placed, radius[node.id], focus)
            if link:
                href = escape(link.replace("{id}", str(node.id)))
                drawn_node = f'<a href="{href}" tabindex="-1">{drawn_node}</a>'
        if parts is not None:
            parts[key] = drawn_node
        out.append(drawn_node)
    out.append("</g></svg>")
    return Markup("".join(out))


def _frame(nodes: Sequence[Node]) -> tuple[_Geometry, dict, dict, dict, dict]:
    """The ring's geometry, each member's angle and place on it, the names (escaped), and
    room for each member's circle position and label (:func:`_place`, made when first
    drawn and kept while the ring is the same)."""
    geo = _geometry(len(nodes), max((len(n.name) for n in nodes), default=0))
    angles = {node.id: -math.pi / 2 + 2 * math.pi * i / max(len(nodes), 1)
              for i, node in enumerate(nodes)}
    point = {
        node_id: (geo.centre + geo.ring * math.cos(a), geo.centre + geo.ring * math.sin(a))
        for node_id, a in angles.items()
    }
    return geo, angles, point, {n.id: str(escape(n.name)) for n in nodes}, {}  # escaped once


class _Arrow(NamedTuple):
    """An arrow's markup but for its two ends, which move with the size of the circles
    they touch: ``head`` M start ``middle`` end ``tail``, each end a point plus the
    radius (and a gap) along a unit vector towards the control point."""

    head: str
    middle: str
    tail: str
    start: tuple[float, float, float, float]  # x, y, unit x, unit y
    end: tuple[float, float, float, float]


def _edge(edge: Edge, point: dict, names: dict, top_count: int,
          focus: int | None = None) -> _Arrow:
    giver, receiver, count = edge
    (x1, y1), (x2, y2) = point[giver], point[receiver]
    dx, dy = x2 - x1, y2 - y1
    # Control point: a fifth of the length to the right of the direction of travel.
    cx, cy = (x1 + x2) / 2 - dy * 0.2, (y1 + y2) / 2 + dx * 0.2
    share = count / top_count
    width = 0.7 + 5.0 * share
    opacity = 0.12 + 0.6 * share
    # "&#8594;" (→) as a reference: a page of only Latin-1 characters is a string of one
    # byte per character, joined and encoded several times faster than one of two.
    label = f"{names[giver]} &#8594; {names[receiver]}: {_plural(count)}"  # names escaped
    css = "edge"
    if focus is not None:
        if focus in (giver, receiver):
            css, opacity = "edge edge--focus", max(opacity, 0.85)
        else:
            css, opacity = "edge edge--faded", 0.06
    return _Arrow(
        f'<path class="{css}" d="M', f" Q{_f(cx)},{_f(cy)} ",
        f'" fill="none" stroke="#5b6676" stroke-width="{width:.2f}"'
        f' stroke-opacity="{opacity:.2f}" marker-end="url(#arrow)">'
        f"<title>{label}</title></path>",
        _unit(x1, y1, cx, cy), _unit(x2, y2, cx, cy))


def _placed(arrow: _Arrow, giver_radius: float, receiver_radius: float) -> str:
    """The arrow with its ends just outside the two circles (:func:`_towards`' points,
    computed in the same order, so the same to the last bit)."""
    x, y, ux, uy = arrow.start
    start = giver_radius + 1
    ex, ey, vx, vy = arrow.end
    end = receiver_radius + 2
    return (f"{arrow.head}{x + ux * start:.1f},{y + uy * start:.1f}{arrow.middle}"
            f"{ex + vx * end:.1f},{ey + vy * end:.1f}{arrow.tail}")


def _unit(x: float, y: float, tx: float, ty: float) -> tuple[float, float, float, float]:
    """(x, y) and the unit vector from it towards (tx, ty)."""
    dx, dy = tx - x, ty - y
    length = math.hypot(dx, dy) or 1.0
    return x, y, dx / length, dy / length


def _towards(x: float, y: float, tx: float, ty: float, distance: float) -> tuple[float, float]:
    """The point ``distance`` from (x, y) in the direction of (tx, ty)."""
    dx, dy = tx - x, ty - y
    length = math.hypot(dx, dy) or 1.0
    return x + dx / length * distance, y + dy / length * distance


def _place(node: Node, at: tuple[float, float], angle: float, geo: _Geometry
           ) -> tuple[float, float, str, str]:
    """What of a member's drawing the ring fixes: its centre, and its label along the
    radius (the same whatever their figures)."""
    x, y = at
    label_at = geo.ring + geo.max_radius + 6
    lx, ly = geo.centre + label_at * math.cos(angle), geo.centre + label_at * math.sin(angle)
    degrees = math.degrees(angle)
    left = math.cos(angle) < -1e-9
    rotate, anchor = (degrees + 180, "end") if left else (degrees, "start")
    return x, y, f'cx="{_f(x)}" cy="{_f(y)}"', (
        f'<text x="{_f(lx)}" y="{_f(ly)}" dy="0.35em" text-anchor="{anchor}"'
        f' font-size="{FONT}" transform="rotate({rotate:.2f} {_f(lx)} {_f(ly)})">'
        f"{escape(_short(node.name))}</text>")


def _node(node: Node, placed: tuple[float, float, str, str], r: float,
          focus: int | None = None) -> str:
    x, y, centre, label = placed
    kind = balance_kind(node.given, node.received)
    focused = ' member--focus" font-weight="700' if focus == node.id else ""
    ring = (f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r + 4)}" fill="none" stroke="#1d2430"'
            ' stroke-width="2.5"/>' if focus == node.id else "")
    return (
        f'<g class="member member--{kind}{focused}"><title>{escape(node_title(node))}</title>'
        f'{ring}<circle class="node node--{kind}" {centre} r="{_f(r)}"'
        f' fill="{KINDS[kind][1]}" data-member="{node.id}"/>{label}</g>'
    )


# --- the diverging bar chart -------------------------------------------------------


def bars_svg(nodes: Sequence[Node], title: str, parts: Parts | None = None,
             earlier: Mapping[object, str] | None = None) -> Markup:
    """Given (right, blue) against received (left, orange), one row per member.

    Rows go from the biggest givers (net) to the biggest receivers, ties by name.
    ``parts`` and ``earlier``: as for :func:`network_svg`, row by row.
    """
    rows = sorted(nodes, key=lambda n: (-n.net, n.name.casefold(), n.id))
    width, name_w, number_w, row_h, head = 420.0, 128.0, 26.0, 24.0, 30.0
    half = (width - name_w - 2 * number_w) / 2
    axis = name_w + number_w + half
    top = max((max(n.given, n.received) for n in rows), default=0) or 1
    height = head + row_h * len(rows) + 6
    out = [
        f'<svg class="bars" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(width)} '
        f'{_f(height)}" role="img" aria-labelledby="bars-title">',
        f'<title id="bars-title">{escape(title)}</title>',
        f'<text class="bars__head" x="{_f(axis - 6)}" y="18" text-anchor="end"'
        f' font-size="{FONT}" fill="{KINDS["receives"][1]}">&#9664; received</text>',
        f'<text class="bars__head" x="{_f(axis + 6)}" y="18" font-size="{FONT}"'
        f' fill="{KINDS["gives"][1]}">given &#9654;</text>',
    ]
    earlier = earlier or {}
    fixed = (axis, _f(name_w - 6), _f(row_h - 10), _f(axis))  # the same on every row
    for i, node in enumerate(rows):
        key = (i, node, top)  # the row's place, its figures and the scale: all it shows
        row = earlier.get(key)
        if row is None:  # moved or changed: the member's row apart from its place
            drawn = earlier.get((node, top)) or _bar(node, half, top, fixed)
            row = _bar_at(drawn, head + i * row_h, row_h)
        else:
            drawn = earlier.get((node, top))
        if parts is not None:
            parts[key] = row
            parts[node, top] = drawn
        out.append(row)
    out.append(
        f'<line x1="{_f(axis)}" y1="{_f(head - 4)}" x2="{_f(axis)}" y2="{_f(height)}"'
        ' stroke="#1d2430" stroke-width="1"/></svg>'
    )
    return Markup("".join(out))


def _bar(node: Node, half: float, top: int, fixed: tuple[float, str, str, str]
         ) -> tuple[str, ...]:
    """A member's row but for its height on the chart (:func:`_bar_at` places it): the
    text between the row's vertical positions. A change moves many rows up or down."""
    axis, name_x, height, axis_x = fixed
    got = half * node.received / top
    gave = half * node.given / top
    return (
        f'<g class="bar"><title>{escape(node_title(node))}</title>'
        f'<text x="{name_x}" y="',
        f'" dy="0.35em" text-anchor="end"'
        f' font-size="{FONT}">{escape(_short(node.name, 17))}</text>'
        f'<rect class="bar--received" x="{_f(axis - got)}" y="',
        f'" width="{_f(got)}" height="{height}" fill="{RECEIVES}"/>'
        f'<rect class="bar--given" x="{axis_x}" y="',
        f'" width="{_f(gave)}" height="{height}" fill="{GIVES}"/>'
        f'<text x="{_f(axis - got - 4)}" y="',
        f'" dy="0.35em" text-anchor="end"'
        f' font-size="11" class="bars__n">{node.received}</text>'
        f'<text x="{_f(axis + gave + 4)}" y="',
        f'" dy="0.35em" font-size="11"'
        f' class="bars__n">{node.given}</text></g>',
    )


#: The bars' colours.
RECEIVES, GIVES = KINDS["receives"][1], KINDS["gives"][1]


def _bar_at(drawn: tuple[str, ...], y: float, row_h: float) -> str:
    mid, low = _f(y + row_h / 2), _f(y + 5)
    a, b, c, d, e, f = drawn
    return f"{a}{mid}{b}{low}{c}{low}{d}{mid}{e}{mid}{f}"


# --- one member and their partners (the phone's one-hop view) -----------------------

#: The colour of a partner in the one-hop view: the balance between the two of you.
PAIR_KINDS: dict[str, tuple[str, str]] = {
    "owed": ("Referred you more than you referred them", KINDS["receives"][1]),
    "even": ("You referred each other equally", KINDS["balanced"][1]),
    "ahead": ("You referred them more", KINDS["gives"][1]),
}
#: Partners drawn around the member; the ranked list under it has them all.
EGO_PARTNERS = 10


@dataclass(frozen=True, slots=True)
class Partner:
    id: int
    name: str
    gave_me: int
    i_gave: int


def pair_kind(gave_me: int, i_gave: int) -> str:
    """"owed", "even" or "ahead": the partner's colour in the one-hop view."""
    if gave_me == i_gave:
        return "even"
    return "owed" if gave_me > i_gave else "ahead"


def _first_and_initial(name: str) -> str:
    words = name.split()
    short = f"{words[0]} {words[-1][0]}." if len(words) > 1 else name
    return _short(short, 12)


def ego_svg(me: str, partners: Sequence[Partner], title: str) -> Markup:
    """The member in the middle, up to :data:`EGO_PARTNERS` partners around, one arrow
    each way with its count. Sized to the width of a phone: no rotated labels, nothing
    to scroll."""
    shown = list(partners)[:EGO_PARTNERS]
    size, centre, ring = 340.0, 170.0, 112.0
    top = max((max(p.gave_me, p.i_gave) for p in shown), default=1) or 1
    parts = [
        f'<svg class="ego" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(size)} {_f(size)}"'
        ' role="img" aria-labelledby="ego-title">',
        f'<title id="ego-title">{escape(title)}</title>',
        '<defs><marker id="ego-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6"'
        ' markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#5b6676"/>'
        '</marker></defs>',
    ]
    n = max(len(shown), 1)
    for i, partner in enumerate(shown):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        px, py = centre + ring * math.cos(angle), centre + ring * math.sin(angle)
        kind = pair_kind(partner.gave_me, partner.i_gave)
        label = (f"{partner.name}: referred you {partner.gave_me}, "
                 f"you referred them {partner.i_gave}")
        parts.append(f'<g class="partner partner--{kind}"><title>{escape(label)}</title>')
        for count, (x1, y1, x2, y2), bend in (
                (partner.i_gave, (centre, centre, px, py), 1),
                (partner.gave_me, (px, py, centre, centre), 1)):
            if not count:
                continue
            dx, dy = x2 - x1, y2 - y1
            cx, cy = (x1 + x2) / 2 - dy * 0.12 * bend, (y1 + y2) / 2 + dx * 0.12 * bend
            sx, sy = _towards(x1, y1, cx, cy, 24 if (x1, y1) == (centre, centre) else 15)
            ex, ey = _towards(x2, y2, cx, cy, 27 if (x2, y2) == (centre, centre) else 18)
            parts.append(
                f'<path d="M{_f(sx)},{_f(sy)} Q{_f(cx)},{_f(cy)} {_f(ex)},{_f(ey)}" fill="none"'
                f' stroke="#5b6676" stroke-width="{1.2 + 3.5 * count / top:.2f}"'
                ' marker-end="url(#ego-arrow)"/>')
        parts.append(
            f'<circle class="node node--{kind}" cx="{_f(px)}" cy="{_f(py)}" r="13"'
            f' fill="{PAIR_KINDS[kind][1]}" data-member="{partner.id}"/>'
            f'<text x="{_f(px)}" y="{_f(py)}" dy="0.35em" text-anchor="middle" font-size="11"'
            f' font-weight="700" fill="#fff">{partner.gave_me}:{partner.i_gave}</text>')
        # The name under the circle (over it in the top half), centred: it stays inside
        # the drawing on both sides, so nothing is cut on a phone.
        ly = py + 27 if py > centre - 20 else py - 19
        parts.append(
            f'<text class="partner__name" x="{_f(px)}" y="{_f(ly)}" text-anchor="middle"'
            f' font-size="12">{escape(_first_and_initial(partner.name))}</text></g>')
    parts.append(
        f'<circle cx="{_f(centre)}" cy="{_f(centre)}" r="22" fill="#0f5f5c"/>'
        f'<text x="{_f(centre)}" y="{_f(centre)}" dy="0.35em" text-anchor="middle"'
        f' font-size="12" font-weight="700" fill="#fff">{escape(_short(me, 6))}</text>'
        "</svg>")
    return Markup("".join(parts))
