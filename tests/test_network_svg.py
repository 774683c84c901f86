"""The drawings, as pure functions of names and counts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from partner_net.network.svg import (
    KINDS,
    Edge,
    Node,
    balance_kind,
    bars_svg,
    network_svg,
)

SVG = "{http://www.w3.org/2000/svg}"
EVIL = "<script>alert(1)</script>"


def nodes(n: int) -> list[Node]:
    return [Node(i, f"Member {i:02d}", given=i % 5, received=(i * 3) % 7) for i in range(1, n + 1)]


def parse(markup) -> ET.Element:
    """The SVG must be well-formed XML (it is inlined into HTML and printed)."""
    return ET.fromstring(str(markup))


@pytest.mark.parametrize(("given", "received", "kind"), [
    (0, 0, "balanced"), (1, 0, "gives"), (0, 1, "receives"), (3, 1, "gives"),
    (1, 3, "receives"), (5, 4, "gives"),  # 1 > 10% of 9
    (21, 19, "balanced"),  # 2 <= 10% of 40
    (25, 15, "gives"), (15, 25, "receives"),
])
def test_balance_kind(given, received, kind):
    assert balance_kind(given, received) == kind


def test_one_circle_per_member_coloured_by_balance():
    people = [Node(1, "Giver", 5, 1), Node(2, "Even", 2, 2), Node(3, "Taker", 0, 6)]
    root = parse(network_svg(people, [Edge(1, 3, 4), Edge(3, 2, 1)], "Net"))
    circles = root.findall(f".//{SVG}circle")
    assert len(circles) == 3
    assert [c.get("fill") for c in circles] == [KINDS["gives"][1], KINDS["balanced"][1],
                                                KINDS["receives"][1]]
    assert [c.get("class") for c in circles] == [
        "node node--gives", "node node--balanced", "node node--receives"]


def test_circles_grow_with_referrals_received():
    people = [Node(1, "A", 0, 0), Node(2, "B", 0, 2), Node(3, "C", 0, 8)]
    radii = [float(c.get("r")) for c in parse(network_svg(people, [], "t")).iter(f"{SVG}circle")]
    assert radii[0] < radii[1] < radii[2]


def test_arrows_are_thicker_with_more_referrals_and_titled():
    people = nodes(3)
    root = parse(network_svg(people, [Edge(1, 2, 1), Edge(2, 1, 4)], "t"))
    paths = root.findall(f".//{SVG}g[@class='edges']/{SVG}path")
    widths = {p.find(f"{SVG}title").text: float(p.get("stroke-width")) for p in paths}
    weak, strong = "Member 01 → Member 02: 1 referral", "Member 02 → Member 01: 4 referrals"
    assert widths[weak] < widths[strong]


def test_hover_titles_carry_the_figures():
    root = parse(network_svg([Node(1, "Dana", 3, 1), Node(2, "Eli", 0, 0)], [], "t"))
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert "Dana: gave 3, received 1 (net +2)" in titles
    assert "Eli: no referrals given or received in this period" in titles


def test_names_are_escaped_everywhere():
    people = [Node(1, EVIL, 2, 1), Node(2, 'Tom "T" & <b>', 1, 2)]
    edges = [Edge(1, 2, 2), Edge(2, 1, 1)]
    for markup in (network_svg(people, edges, f"Group {EVIL}"), bars_svg(people, EVIL)):
        text = str(markup)
        assert "<script>" not in text and "<b>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        parse(markup)  # still well-formed


def test_the_drawing_is_deterministic():
    people, edges = nodes(12), [Edge(1, 2, 3), Edge(4, 5, 1), Edge(6, 1, 2)]
    assert network_svg(people, edges, "t") == network_svg(people, edges, "t")


def test_eighty_members_stay_legible():
    """Labels no smaller than 12 px of the drawing, circles no closer than their size."""
    people = [Node(i, f"Firstname{i} Lastname{i}", i % 7, i % 5) for i in range(80)]
    edges = [Edge(i, (i * 7 + 3) % 80, 1 + i % 4) for i in range(80) if (i * 7 + 3) % 80 != i]
    root = parse(network_svg(people, edges, "t"))
    circles = root.findall(f".//{SVG}circle")
    assert len(circles) == 80
    xy = [(float(c.get("cx")), float(c.get("cy")), float(c.get("r"))) for c in circles]
    for (x1, y1, r1), (x2, y2, r2) in zip(xy, xy[1:] + xy[:1], strict=True):
        assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 > r1 + r2
    sizes = {t.get("font-size") for t in root.iter(f"{SVG}text")}
    assert sizes == {"12"}
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert all(len(label) <= 22 for label in labels)
    assert "Firstname10 Lastname10" in labels


def test_only_the_strongest_relationships_are_drawn():
    people = nodes(10)
    edges = [Edge(i, j, 1 + (i + j) % 3) for i in range(1, 11) for j in range(1, 11) if i != j]
    root = parse(network_svg(people, edges, "t", max_edges=5))
    paths = root.findall(f".//{SVG}g[@class='edges']/{SVG}path")
    assert len(paths) == 5
    assert all(re.search(r": 3 referrals$", p.find(f"{SVG}title").text) for p in paths)


def test_empty_group_draws_an_empty_ring():
    root = parse(network_svg([], [], "Nobody yet"))
    assert root.findall(f".//{SVG}circle") == []
    assert parse(bars_svg([], "t")).findall(f".//{SVG}rect") == []


def test_bars_go_from_biggest_giver_to_biggest_receiver():
    people = [Node(1, "Even", 2, 2), Node(2, "Taker", 0, 5), Node(3, "Giver", 6, 1)]
    root = parse(bars_svg(people, "Given and received"))
    rows = root.findall(f"{SVG}g")
    assert [r.find(f"{SVG}title").text.split(":")[0] for r in rows] == ["Giver", "Even", "Taker"]
    giver = rows[0]
    given = float(giver.find(f"{SVG}rect[@class='bar--given']").get("width"))
    got = float(giver.find(f"{SVG}rect[@class='bar--received']").get("width"))
    assert given == pytest.approx(6 * got)


def _contrast(a: str, b: str = "#ffffff") -> float:
    def lum(colour: str) -> float:
        rgb = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted([lum(a), lum(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_chart_colour_contrasts_with_white_and_the_ego_labels():
    """WCAG 1.4.11: graphical objects at least 3:1 against their background; the
    counts written in white inside the one-hop view's circles at least 4.5:1."""
    from partner_net.network.svg import PAIR_KINDS
    for _, colour in [*KINDS.values(), *PAIR_KINDS.values()]:
        assert _contrast(colour) >= 4.0, colour


def test_the_one_hop_view_colours_partners_as_its_legend_says():
    from partner_net.network.svg import PAIR_KINDS, Partner, ego_svg, pair_kind
    partners = [Partner(1, "Owed Olga", 3, 1), Partner(2, "Even Evan", 2, 2),
                Partner(3, "Ahead Ada", 0, 2)]
    root = parse(ego_svg("Me", partners, "t"))
    fills = [c.get("fill") for c in root.iter(f"{SVG}circle") if c.get("data-member")]
    assert fills == [PAIR_KINDS[pair_kind(p.gave_me, p.i_gave)][1] for p in partners]
    assert [pair_kind(p.gave_me, p.i_gave) for p in partners] == ["owed", "even", "ahead"]
    width = float(root.get("viewBox").split()[2])
    for text in root.iter(f"{SVG}text"):
        assert 0 <= float(text.get("x")) <= width


# --- drawn again after a change, from the earlier drawing's pieces ---------------------


def chapter(rng_seed: int = 4) -> tuple[list[Node], list[Edge]]:
    import random

    rng = random.Random(rng_seed)
    edges = {}
    for _ in range(400):
        g, r = rng.randrange(1, 31), rng.randrange(1, 31)
        if g != r:
            edges[g, r] = edges.get((g, r), 0) + 1
    return balanced_nodes(edges), [Edge(g, r, n) for (g, r), n in edges.items()]


def balanced_nodes(edges: dict) -> list[Node]:
    return [Node(i, f"Member {i:02d}", sum(n for (g, _), n in edges.items() if g == i),
                 sum(n for (_, r), n in edges.items() if r == i)) for i in range(1, 31)]


def changed(edges: list[Edge], *pairs: tuple[int, int]) -> tuple[list[Node], list[Edge]]:
    counts = {(e.giver, e.receiver): e.count for e in edges}
    for pair in pairs:
        counts[pair] = counts.get(pair, 0) + 1
    return balanced_nodes(counts), [Edge(g, r, n) for (g, r), n in counts.items()]


@pytest.mark.parametrize("pairs", [
    [(3, 4)],  # a referral: two members and a few arrows move
    [(1, 2), (2, 1), (5, 9)],
    [(7, 8)] * 40,  # the strongest arrow grows: every width changes
])
@pytest.mark.parametrize("focus", [None, 3])
def test_a_drawing_from_the_earlier_ones_pieces_equals_one_made_afresh(pairs, focus,
                                                                        monkeypatch):
    from partner_net.network import svg

    people, edges = chapter()
    parts: dict = {}
    network_svg(people, edges, "t", max_edges=60, focus=focus, link="?f={id}", parts=parts)
    people, edges = changed(edges, *pairs)
    written = []
    real = svg._edge
    monkeypatch.setattr(svg, "_edge", lambda *a: written.append(1) or real(*a))
    again = network_svg(people, edges, "t", max_edges=60, focus=focus, link="?f={id}",
                        earlier=parts)
    assert len(written) <= 60
    if len(pairs) == 1:
        assert len(written) < 30  # most arrows were taken from the earlier drawing
    monkeypatch.setattr(svg, "_edge", real)
    assert again == network_svg(people, edges, "t", max_edges=60, focus=focus,
                                link="?f={id}")


def test_ranked_edges_draw_what_sorting_them_draws():
    people, edges = chapter()
    ranked = sorted(edges, key=lambda e: (-e.count, e.giver, e.receiver))
    assert network_svg(people, ranked, "t", max_edges=50, ranked=True) == \
        network_svg(people, edges, "t", max_edges=50)


@pytest.mark.parametrize("pairs", [[(3, 4)], [(4, 3)] * 30])
def test_bars_from_the_earlier_ones_pieces_equal_bars_made_afresh(pairs):
    people, edges = chapter()
    parts: dict = {}
    bars_svg(people, "t", parts=parts)
    people, _ = changed(edges, *pairs)
    assert bars_svg(people, "t", earlier=parts) == bars_svg(people, "t")
