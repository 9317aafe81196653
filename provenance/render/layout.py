"""Where each node is drawn: deterministic positions for the HTML view and the GEXF files.

Two layouts, chosen by size (:data:`LAYERED_MAX_NODES`):

* **flow layout** for graphs a reader takes in at a glance. Columns follow the flow of
  information: the root article on the right, the pages it cites to its left, their
  sources further left, so every chain reads left to right and ends at the root. A node's
  column is its longest hop count from a root (cycles are broken where the search first
  returns to a page on its own path), nodes within a column are ordered to reduce edge
  crossings (barycentre sweeps), and spaced so that no two nodes, and no two labels,
  overlap. Very tall columns are folded into several.
* **force layout** for larger graphs, where the browser's physics would take tens of
  seconds (and networkx's spring layout takes about 10 s at 1,000 nodes): Fruchterman-
  Reingold forces computed with numpy, the repulsion between all pairs through a
  particle mesh (an FFT convolution on a grid), the repulsion between near pairs
  exactly, so a step costs about linear time. It starts from a balloon tree (each page
  near the page that cited it, every subtree in a disc sized to its pages), so its few
  steps only untangle cross links; then the picture is scaled until the typical node has
  room, and the remaining overlaps are pushed apart. About 1.5 s for 10k nodes and 50k
  edges.

Both depend only on the graph (nodes sorted by their text, no clocks, no random
numbers), so the same graph always gives the same positions. Coordinates are in canvas
units (a node's ``size`` is its radius in the same units), y pointing up as in Gephi;
the HTML view flips y for the canvas.
"""

from __future__ import annotations

import itertools
import math
from collections import deque
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

Position = tuple[float, float]

# Up to this many nodes the flow layout is used: beyond it columns fold many times and
# the picture is better served by a force layout (which also stays fast at 10k nodes).
LAYERED_MAX_NODES = 300

# --- flow layout ---------------------------------------------------------------------------

# Labels are drawn centred below their node. A label's width is estimated from its
# length: system-ui glyphs average about 0.55 of the font size for mixed-case Latin
# text; 0.6 keeps a margin for wider scripts and bold fallbacks.
LABEL_CHAR_WIDTH = 0.6
LABEL_LINE_HEIGHT = 1.3
# Clear space between the widest labels of two neighbouring columns, and between a label
# and the next node down, in canvas units.
COLUMN_MARGIN = 48.0
ROW_MARGIN = 18.0
# Columns never come closer than this, so that an edge between them is long enough to
# show its arrow head.
MIN_COLUMN_GAP = 150.0
# A column holds at most this many nodes; a longer rank is folded into several columns
# (so a root citing 200 pages does not become one column 20,000 units tall).
COLUMN_MAX_NODES = 16
# Barycentre ordering: right-to-left and left-to-right passes; crossings stop improving
# after a handful on graphs of this size.
ORDERING_SWEEPS = 6
# The graph panel of the view is about as tall as it is wide, and a flow layout is
# usually much wider than tall: rows are spread apart (never closer) until the picture is
# at most this much wider than tall, by at most MAX_ROW_STRETCH, which spends otherwise
# empty space on clearer edges and easier clicks.
TARGET_ASPECT = 1.4
MAX_ROW_STRETCH = 2.0
# A node with no placed neighbour still has a wish (the middle of the column), but a much
# weaker one than the nodes pulled towards their neighbours.
UNANCHORED_WEIGHT = 1e-3

# --- force layout --------------------------------------------------------------------------

# Ideal edge length: room for two average nodes and a short label between them.
FORCE_EDGE_LENGTH = 90.0
# Steps of the force layout; the balloon start is already untangled, so few are needed.
FORCE_ITERATIONS = 60
# Largest move of a node in the first and in the last step, in edge lengths (cooling
# runs linearly between them).
FORCE_START_TEMPERATURE = 3.0
FORCE_END_TEMPERATURE = 0.05
# The repulsion mesh has about one cell per node, within these bounds (cells per side);
# pairs closer than NEAR_CELLS cells, which the mesh blurs, are computed exactly.
MESH_MIN_CELLS = 32
MESH_MAX_CELLS = 256
NEAR_CELLS = 2.0
# After the forces, the whole layout is scaled so the median node has this many
# diameters (plus NODE_GAP) of room to its nearest neighbour, scaling by at most
# MAX_SPREAD.
SPREAD_SPACING = 1.6
MAX_SPREAD = 8.0
# Then overlapping nodes are pushed apart until this much clear space separates any two
# discs (in canvas units), in at most SEPARATION_ROUNDS rounds; an overlap smaller than
# SEPARATION_TOLERANCE (invisible on screen) ends the rounds.
NODE_GAP = 4.0
SEPARATION_ROUNDS = 60
SEPARATION_TOLERANCE = 0.5
# Children of a page sit on an arc around it; this is the share of the full circle that
# faces away from the page's own parent (the rest keeps the way back clear).
BALLOON_ARC = 1.5 * math.pi


def layout(
    nodes: Sequence[str],
    edges: Iterable[tuple[str, str]],
    *,
    roots: Iterable[str] = (),
    radius: Mapping[str, float] | None = None,
    labels: Mapping[str, str] | None = None,
    font: float = 24.0,
) -> dict[str, Position]:
    """Positions of ``nodes``; ``edges`` point the way information flowed (source ->
    user), ``roots`` are the start pages (drawn on the right), ``radius`` the drawn radius
    of each node and ``labels`` the text drawn below it (in a font of ``font`` units)."""
    ordered = sorted(set(nodes))
    if not ordered:
        return {}
    known = set(ordered)
    flow = sorted({(u, v) for u, v in edges if u != v and u in known and v in known})
    radii = {node: float((radius or {}).get(node, 10.0)) for node in ordered}
    start = [node for node in sorted(set(roots)) if node in known]
    if len(ordered) <= LAYERED_MAX_NODES:
        texts = labels or {}
        widths = {node: len(texts.get(node, "")) * font * LABEL_CHAR_WIDTH for node in ordered}
        return flow_layout(ordered, flow, start, radii, widths, font * LABEL_LINE_HEIGHT)
    return force_layout(ordered, flow, start, radii)


def _rounded(x: float, y: float) -> Position:
    # Two decimals: stable text in the files, and far below a pixel.
    return (round(x, 2) + 0.0, round(y, 2) + 0.0)


# --- flow layout ---------------------------------------------------------------------------


def flow_layout(
    nodes: Sequence[str],
    flow: Sequence[tuple[str, str]],
    roots: Sequence[str],
    radius: Mapping[str, float],
    label_width: Mapping[str, float],
    label_height: float,
) -> dict[str, Position]:
    """The columned layout described in the module notes (``nodes`` sorted)."""
    cited: dict[str, list[str]] = {node: [] for node in nodes}  # link direction
    linked: dict[str, set[str]] = {node: set() for node in nodes}
    used = set()
    for source, user in flow:
        cited[user].append(source)
        linked[source].add(user)
        linked[user].add(source)
        used.add(source)
    # Sorted, so that sums of positions add up in the same order whatever the hash seed.
    neighbours = {node: sorted(others) for node, others in linked.items()}
    # Start from the roots, then from pages nothing used (tops of other stories), then
    # from whatever a cycle kept unreached.
    starts = [*roots, *(node for node in nodes if node not in used), *nodes]
    rank, discovery = _ranks(cited, starts)

    layers: list[list[str]] = [[] for _ in range(max(rank.values()) + 1)]
    for node in discovery:
        layers[rank[node]].append(node)
    _order_layers(layers, rank, neighbours)

    columns = [
        column
        for layer in layers
        for column in _fold(layer, COLUMN_MAX_NODES)
        if column  # an empty layer cannot happen, but an empty column must not count
    ]
    x = _column_xs(columns, radius, label_width)
    y = _column_ys(columns, neighbours, radius, label_height)
    stretch = _row_stretch(x, y.values(), max(label_width.values(), default=0.0))
    y = {node: value * stretch for node, value in y.items()}
    # Screen y grows downwards; the layout's y grows upwards like Gephi's.
    return {
        node: _rounded(x[index], -y[node])
        for index, column in enumerate(columns)
        for node in column
    }


def _ranks(
    cited: Mapping[str, list[str]], starts: Iterable[str]
) -> tuple[dict[str, int], list[str]]:
    """Each node's column (longest path from a start over the edges a depth-first search
    keeps, back edges dropped) and the order the search met the nodes."""
    on_path, done = 1, 2
    state: dict[str, int] = {}
    kept: dict[str, list[str]] = {node: [] for node in cited}
    discovery: list[str] = []
    finished: list[str] = []
    for start in starts:
        if start in state:
            continue
        state[start] = on_path
        discovery.append(start)
        stack = [(start, iter(sorted(cited[start])))]
        while stack:
            node, pending = stack[-1]
            for target in pending:
                if state.get(target) == on_path:
                    continue  # a back edge: the cycle is cut here
                kept[node].append(target)
                if target not in state:
                    state[target] = on_path
                    discovery.append(target)
                    stack.append((target, iter(sorted(cited[target]))))
                    break
            else:
                state[node] = done
                finished.append(node)
                stack.pop()
    rank = dict.fromkeys(cited, 0)
    for node in reversed(finished):  # reverse finishing order: a topological order
        for target in kept[node]:
            rank[target] = max(rank[target], rank[node] + 1)
    return rank, discovery


def _order_layers(
    layers: list[list[str]], rank: Mapping[str, int], neighbours: Mapping[str, list[str]]
) -> None:
    """Reorder each layer in place by the mean position of its neighbours in the layers
    already ordered (alternating directions, ending with a root-outwards pass)."""

    def place(layer: list[str]) -> dict[str, float]:
        middle = (len(layer) - 1) / 2
        return {node: index - middle for index, node in enumerate(layer)}

    position: dict[str, float] = {}
    for layer in layers:
        position.update(place(layer))
    passes = [range(1, len(layers)), range(len(layers) - 2, -1, -1)] * ORDERING_SWEEPS
    passes.append(range(1, len(layers)))
    for sweep, indices in enumerate(passes):
        outwards = sweep % 2 == 0
        for index in indices:
            layer = layers[index]

            def barycentre(node: str, index: int = index, outwards: bool = outwards) -> float:
                side = [
                    position[other]
                    for other in neighbours[node]
                    if (rank[other] < index if outwards else rank[other] > index)
                ]
                return sum(side) / len(side) if side else position[node]

            keys = {node: (barycentre(node), position[node]) for node in layer}
            layer.sort(key=lambda node: (*keys[node], node))
            position.update(place(layer))


def _fold(layer: list[str], limit: int) -> list[list[str]]:
    count = math.ceil(len(layer) / limit)
    if count <= 1:
        return [layer]
    per_column = math.ceil(len(layer) / count)
    return [layer[start : start + per_column] for start in range(0, len(layer), per_column)]


def _column_xs(
    columns: Sequence[Sequence[str]],
    radius: Mapping[str, float],
    label_width: Mapping[str, float],
) -> list[float]:
    """x of each column, the first at 0 and the others to its left, each far enough from
    its neighbour that neither nodes nor labels touch."""
    widths = [
        max(max(label_width[node], 2 * radius[node]) for node in column) for column in columns
    ]
    xs = [0.0]
    for index in range(1, len(columns)):
        gap = max(MIN_COLUMN_GAP, (widths[index - 1] + widths[index]) / 2 + COLUMN_MARGIN)
        xs.append(xs[-1] - gap)
    return xs


def _row_stretch(xs: Sequence[float], ys: Iterable[float], label_width: float) -> float:
    """How much to spread the rows apart (1.0 or more): see ``TARGET_ASPECT``."""
    heights = list(ys)
    height = max(heights) - min(heights)
    width = max(xs) - min(xs) + label_width
    if height <= 0 or width <= 0:
        return 1.0
    return max(1.0, min(MAX_ROW_STRETCH, width / (height * TARGET_ASPECT)))


def _column_ys(
    columns: Sequence[Sequence[str]],
    neighbours: Mapping[str, list[str]],
    radius: Mapping[str, float],
    label_height: float,
) -> dict[str, float]:
    """Screen y of every node: each column keeps its order and spacing and sits as close
    as it can to the mean height of each node's neighbours (three passes: leftwards over
    placed neighbours, then rightwards and leftwards again over all of them)."""
    y: dict[str, float] = {}
    order = list(range(len(columns)))
    for indices in (order, order[::-1], order):
        for index in indices:
            column = columns[index]
            wishes: list[float | None] = []
            for node in column:
                placed = [
                    y[other] for other in neighbours[node] if other in y and other not in column
                ]
                wishes.append(sum(placed) / len(placed) if placed else None)
            gaps = [
                radius[a] + label_height + ROW_MARGIN + radius[b]
                for a, b in itertools.pairwise(column)
            ]
            for node, value in zip(column, _pack(wishes, gaps), strict=True):
                y[node] = value
    return y


def _pack(wishes: Sequence[float | None], gaps: Sequence[float]) -> list[float]:
    """Values ``y`` in the given order with ``y[i+1] - y[i] >= gaps[i]``, as close as
    possible (least squares) to ``wishes``; ``None`` wishes pull weakly to the middle.

    With ``z[i] = y[i] - offset[i]`` the gaps become ``z`` non-decreasing, which is
    isotonic regression: solved exactly by pooling adjacent violators.
    """
    offsets = [0.0]
    for gap in gaps:
        offsets.append(offsets[-1] + gap)
    known = [wish for wish in wishes if wish is not None]
    middle = sum(known) / len(known) if known else 0.0
    targets: list[float] = []
    weights: list[float] = []
    for wish, offset in zip(wishes, offsets, strict=True):
        targets.append((middle if wish is None else wish) - offset)
        weights.append(UNANCHORED_WEIGHT if wish is None and known else 1.0)
    blocks: list[list[float]] = []  # [weighted mean, weight, count]
    for target, weight in zip(targets, weights, strict=True):
        blocks.append([target, weight, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, weight_sum, count = blocks.pop()
            previous = blocks[-1]
            total = previous[1] + weight_sum
            previous[0] = (previous[0] * previous[1] + mean * weight_sum) / total
            previous[1] = total
            previous[2] += count
    values: list[float] = []
    for mean, _, count in blocks:
        values.extend([mean] * int(count))
    return [value + offset for value, offset in zip(values, offsets, strict=True)]


# --- force layout --------------------------------------------------------------------------

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def force_layout(
    nodes: Sequence[str],
    flow: Sequence[tuple[str, str]],
    roots: Sequence[str],
    radius: Mapping[str, float],
) -> dict[str, Position]:
    """The force layout described in the module notes (``nodes`` sorted)."""
    index = {node: position for position, node in enumerate(nodes)}
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in flow})
    first = np.array([a for a, _ in pairs], dtype=np.int64)
    second = np.array([b for _, b in pairs], dtype=np.int64)
    # Nodes larger than the ideal edge length get proportionally more room.
    spacing = max(FORCE_EDGE_LENGTH, 2.5 * max(radius.values(), default=0.0))
    positions = _balloon_start(nodes, flow, roots, spacing)
    positions = _relax(positions, first, second, spacing)
    radii = np.array([radius[node] for node in nodes], dtype=np.float64)
    positions = _separate(_spread(positions, radii), radii)
    return {
        node: _rounded(float(x), float(y)) for node, (x, y) in zip(nodes, positions, strict=True)
    }


def _balloon_start(
    nodes: Sequence[str],
    flow: Sequence[tuple[str, str]],
    roots: Sequence[str],
    spacing: float,
) -> FloatArray:
    """A balloon tree over the breadth-first tree from the roots (link direction): each
    subtree gets a disc whose area grows with its size, children on an arc around their
    parent facing away from the grandparent."""
    cited: dict[str, list[str]] = {node: [] for node in nodes}
    used = set()
    for source, user in flow:
        cited[user].append(source)
        used.add(source)
    parent: dict[str, str | None] = {}
    children: dict[str | None, list[str]] = {None: []}
    order: list[str] = []
    for start in [*roots, *(node for node in nodes if node not in used), *nodes]:
        if start in parent:
            continue
        parent[start] = None
        children[None].append(start)
        queue = deque([start])
        while queue:
            node = queue.popleft()
            order.append(node)
            children[node] = []
            for target in sorted(cited[node]):
                if target not in parent:
                    parent[target] = node
                    children[node].append(target)
                    queue.append(target)
    size = dict.fromkeys(order, 1)
    for visited in reversed(order):
        up = parent[visited]
        if up is not None:
            size[up] += size[visited]

    def disc(node: str) -> float:
        return spacing * 0.5 * math.sqrt(size[node])

    where: dict[str, tuple[float, float]] = {}
    heading: dict[str | None, float] = {None: 0.0}
    centre: dict[str | None, tuple[float, float]] = {None: (0.0, 0.0)}
    hubs: list[str | None] = [None, *order]
    for hub in hubs:
        kids = sorted(children.get(hub, []), key=lambda kid: (-size[kid], kid))
        if not kids:
            continue
        demand = [disc(kid) for kid in kids]
        total = sum(demand)
        arc = 2 * math.pi if hub is None else BALLOON_ARC
        # The circle is wide enough for the children's discs side by side along the arc.
        distance = max(spacing, total * 2 / arc, (disc(hub) if hub is not None else 0.0))
        if hub is None and len(kids) == 1:
            distance = 0.0
        cx, cy = centre[hub]
        angle = heading[hub] - arc / 2
        for kid, share in zip(kids, demand, strict=True):
            step = arc * share / total
            theta = angle + step / 2
            angle += step
            point = (cx + distance * math.cos(theta), cy + distance * math.sin(theta))
            where[kid] = point
            centre[kid] = point
            heading[kid] = theta
    return np.array([where[node] for node in nodes], dtype=np.float64)


def _relax(positions: FloatArray, first: IntArray, second: IntArray, spacing: float) -> FloatArray:
    """Fruchterman-Reingold steps: attraction ``d^2/k`` along edges, repulsion ``k^2/d``
    between all pairs, the far part through a mesh (:class:`_Mesh`), the near part exact."""
    count = len(positions)
    if count < 2:
        return positions
    k = spacing
    x = positions[:, 0].copy()
    y = positions[:, 1].copy()
    mesh = _Mesh(_mesh_size(count))
    for step in range(FORCE_ITERATIONS):
        fraction = step / max(1, FORCE_ITERATIONS - 1)
        temperature = k * (
            FORCE_START_TEMPERATURE + (FORCE_END_TEMPERATURE - FORCE_START_TEMPERATURE) * fraction
        )
        move_x, move_y = mesh.field(x, y)
        move_x *= k * k
        move_y *= k * k
        if len(first):
            dx = x[first] - x[second]
            dy = y[first] - y[second]
            pull = np.sqrt(dx * dx + dy * dy) / k
            dx *= pull
            dy *= pull
            move_x -= np.bincount(first, dx, minlength=count)
            move_x += np.bincount(second, dx, minlength=count)
            move_y -= np.bincount(first, dy, minlength=count)
            move_y += np.bincount(second, dy, minlength=count)
        # Near pairs, which the mesh blurs: exact repulsion within NEAR_CELLS mesh cells.
        reach = mesh.spacing * NEAR_CELLS
        near_a, near_b = _near_pairs(x, y, reach)
        if len(near_a):
            dx = x[near_a] - x[near_b]
            dy = y[near_a] - y[near_b]
            squared = dx * dx + dy * dy
            close = squared < reach * reach
            near_a, near_b = near_a[close], near_b[close]
            dx, dy, squared = dx[close], dy[close], squared[close]
            # Two nodes on the same spot: push them apart along a fixed direction.
            same = squared < 1e-9
            if same.any():
                angle = near_a[same].astype(np.float64)
                dx[same] = np.cos(angle)
                dy[same] = np.sin(angle)
                squared[same] = 1.0
            push = (k * k) / squared
            dx *= push
            dy *= push
            move_x += np.bincount(near_a, dx, minlength=count)
            move_x -= np.bincount(near_b, dx, minlength=count)
            move_y += np.bincount(near_a, dy, minlength=count)
            move_y -= np.bincount(near_b, dy, minlength=count)
        length = np.sqrt(move_x * move_x + move_y * move_y)
        scale = np.minimum(length, temperature) / np.maximum(length, 1e-12)
        x += move_x * scale
        y += move_y * scale
    result: FloatArray = np.column_stack((x - x.mean(), y - y.mean()))
    return result


def _spread(positions: FloatArray, radii: FloatArray) -> FloatArray:
    """The layout scaled up (never down) so that the typical node has room around it:
    the median distance to the nearest node becomes at least ``SPREAD_SPACING`` node
    diameters. Many cross links pull a force layout tighter than its ideal edge length;
    scaling keeps its shape and leaves :func:`_separate` only local overlaps to fix."""
    count = len(positions)
    if count < 2:
        return positions
    target = SPREAD_SPACING * (2 * float(np.median(radii)) + NODE_GAP)
    x, y = positions[:, 0], positions[:, 1]
    near_a, near_b = _near_pairs(x, y, target)
    nearest = np.full(count, np.inf)
    if len(near_a):
        distance = np.hypot(x[near_a] - x[near_b], y[near_a] - y[near_b])
        np.minimum.at(nearest, near_a, distance)
        np.minimum.at(nearest, near_b, distance)
    typical = float(np.median(nearest))
    if not typical < target:
        return positions
    factor = min(MAX_SPREAD, target / max(typical, 1e-9))
    centre = positions.mean(axis=0)
    spread: FloatArray = (positions - centre) * factor + centre
    return spread


def _separate(positions: FloatArray, radii: FloatArray) -> FloatArray:
    """Push overlapping nodes apart until every two are at least their radii plus
    ``NODE_GAP`` apart (or ``SEPARATION_ROUNDS`` have passed): each round moves both
    nodes of an overlapping pair half the missing distance, away from each other."""
    count = len(positions)
    if count < 2:
        return positions
    x = positions[:, 0].copy()
    y = positions[:, 1].copy()
    reach = 2 * float(radii.max()) + NODE_GAP
    for _ in range(SEPARATION_ROUNDS):
        near_a, near_b = _near_pairs(x, y, reach)
        if not len(near_a):
            break
        dx = x[near_a] - x[near_b]
        dy = y[near_a] - y[near_b]
        distance = np.sqrt(dx * dx + dy * dy)
        missing = radii[near_a] + radii[near_b] + NODE_GAP - distance
        overlapping = missing > SEPARATION_TOLERANCE
        if not overlapping.any():
            break
        near_a, near_b = near_a[overlapping], near_b[overlapping]
        dx, dy = dx[overlapping], dy[overlapping]
        distance, missing = distance[overlapping], missing[overlapping]
        # Two nodes on the same spot: apart along a fixed direction.
        same = distance < 1e-9
        if same.any():
            angle = near_a[same].astype(np.float64)
            dx[same] = np.cos(angle)
            dy[same] = np.sin(angle)
            distance[same] = 1.0
        share = missing / (2 * distance)
        dx *= share
        dy *= share
        x += np.bincount(near_a, dx, minlength=count) - np.bincount(near_b, dx, minlength=count)
        y += np.bincount(near_a, dy, minlength=count) - np.bincount(near_b, dy, minlength=count)
    result: FloatArray = np.column_stack((x, y))
    return result


def _mesh_size(count: int) -> int:
    """Cells per side of the repulsion mesh: about one node per cell, a power of two."""
    side = 2 ** math.ceil(math.log2(max(1.0, math.sqrt(count))))
    return int(min(MESH_MAX_CELLS, max(MESH_MIN_CELLS, side)))


class _Mesh:
    """The far part of the repulsion, ``sum_j (p - p_j) / |p - p_j|^2`` at every node, by
    the particle-mesh method: nodes spread over a square grid (cloud in cell), the grid
    convolved with the force kernel by FFT (zero-padded: no wrap-around), the field read
    back at the nodes with the same weights (so a node does not push itself)."""

    def __init__(self, cells: int) -> None:
        self.cells = cells
        self.spacing = 1.0
        offsets = np.arange(2 * cells, dtype=np.float64)
        offsets[offsets >= cells] -= 2 * cells
        dx, dy = np.meshgrid(offsets, offsets, indexing="ij")
        squared = dx * dx + dy * dy
        squared[0, 0] = 1.0
        kernel_x = dx / squared
        kernel_y = dy / squared
        kernel_x[0, 0] = kernel_y[0, 0] = 0.0
        self.kernel_x = np.fft.rfft2(kernel_x)
        self.kernel_y = np.fft.rfft2(kernel_y)

    def field(self, x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
        cells = self.cells
        side = 2 * cells
        low_x, low_y = float(x.min()), float(y.min())
        extent = max(float(x.max()) - low_x, float(y.max()) - low_y)
        self.spacing = max(extent, 1.0) / (cells - 1)
        grid_x = (x - low_x) / self.spacing
        grid_y = (y - low_y) / self.spacing
        corner_x = np.clip(np.floor(grid_x).astype(np.int64), 0, cells - 2)
        corner_y = np.clip(np.floor(grid_y).astype(np.int64), 0, cells - 2)
        fraction_x = grid_x - corner_x
        fraction_y = grid_y - corner_y
        corners = []
        for ox, oy in ((0, 0), (1, 0), (0, 1), (1, 1)):
            weight = (fraction_x if ox else 1 - fraction_x) * (fraction_y if oy else 1 - fraction_y)
            corners.append(((corner_x + ox) * side + (corner_y + oy), weight))
        mass = np.zeros(side * side)
        for flat, weight in corners:
            mass += np.bincount(flat, weight, minlength=mass.size)
        spectrum = np.fft.rfft2(mass.reshape(side, side))
        field_x = np.fft.irfft2(spectrum * self.kernel_x, s=(side, side)).ravel()
        field_y = np.fft.irfft2(spectrum * self.kernel_y, s=(side, side)).ravel()
        result_x = np.zeros_like(x)
        result_y = np.zeros_like(y)
        for flat, weight in corners:
            result_x += field_x[flat] * weight
            result_y += field_y[flat] * weight
        # Grid units to layout units: the force falls off as 1 / distance.
        return result_x / self.spacing, result_y / self.spacing


# Each unordered pair of neighbouring cells once: the cell itself and four of its eight
# neighbours.
_HALF_NEIGHBOURHOOD = ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1))


def _near_pairs(x: FloatArray, y: FloatArray, cell: float) -> tuple[IntArray, IntArray]:
    """Index pairs ``(a, b)``, ``a != b``, each unordered pair once, of nodes in the same
    or neighbouring grid cells of side ``cell`` (a superset of the pairs closer than
    ``cell``)."""
    cell_x = np.floor(x / cell).astype(np.int64)
    cell_y = np.floor(y / cell).astype(np.int64)
    cell_x -= cell_x.min() - 1  # every cell and its neighbours have positive coordinates
    cell_y -= cell_y.min() - 1
    height = int(cell_y.max()) + 2
    key = cell_x * height + cell_y
    # A dense table of cells: the caller's cells are a fixed fraction of the extent, so
    # there are at most a few tens of thousands of them.
    cells = (int(cell_x.max()) + 2) * height
    order = np.argsort(key, kind="stable")
    population = np.bincount(key, minlength=cells)
    first_in_cell = np.cumsum(population) - population
    node = np.arange(len(x), dtype=np.int64)
    firsts: list[IntArray] = []
    seconds: list[IntArray] = []
    for dx, dy in _HALF_NEIGHBOURHOOD:
        wanted = key + (dx * height + dy)
        low = first_in_cell[wanted]
        counts = population[wanted]
        total = int(counts.sum())
        if total == 0:
            continue
        a = np.repeat(node, counts)
        run_start = np.repeat(np.cumsum(counts) - counts, counts)
        b = order[np.repeat(low, counts) + (np.arange(total) - run_start)]
        if (dx, dy) == (0, 0):
            keep = a < b
            a, b = a[keep], b[keep]
        firsts.append(a)
        seconds.append(b)
    if not firsts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(firsts), np.concatenate(seconds)
