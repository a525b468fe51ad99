"""Generalising boundaries without opening gaps between neighbours: Douglas-Peucker on the arcs
polygons share (the way TopoJSON does it), in metres of a projected coordinate system.

Each ring is cut at its junctions, the points where the rings that share it stop running
together; an arc two neighbours share is simplified once and both get the same result, so
their common edge stays common. A ring that would shrink below a triangle keeps its points.

Why not shapely/topojson: the publisher's layers are topologically clean (a shared edge has
the same vertices in both polygons), which is all this needs, and the refresh is the only
place that simplifies; a GEOS build in the lock for one rarely run command is not worth it.
"""

from collections.abc import Sequence

import numpy as np

Ring = np.ndarray  # (n, 2), closed: the first point repeated last
Key = tuple[int, int]
_GRID = 100  # points closer than 1 cm are one point (keys in centimetres)


def _key(point: np.ndarray) -> Key:
    return (round(float(point[0]) * _GRID), round(float(point[1]) * _GRID))


def douglas_peucker(points: np.ndarray, tolerance: float) -> np.ndarray:
    """The points of an open line kept at `tolerance`; its two ends always stay."""
    if len(points) < 3 or tolerance <= 0:
        return points
    keep = np.zeros(len(points), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        start, end = points[first], points[last]
        segment = end - start
        length = float(np.hypot(*segment))
        inner = points[first + 1:last] - start
        if length == 0:
            distances = np.hypot(inner[:, 0], inner[:, 1])
        else:
            distances = np.abs(segment[0] * inner[:, 1] - segment[1] * inner[:, 0]) / length
        index = int(np.argmax(distances))
        if distances[index] > tolerance:
            middle = first + 1 + index
            keep[middle] = True
            stack.extend([(first, middle), (middle, last)])
    return points[keep]


def _junctions(rings: Sequence[Ring]) -> set[Key]:
    """Points shared by rings that do not agree on their neighbours there: where a common edge
    begins or ends (and where three areas meet)."""
    neighbours: dict[Key, set[frozenset[Key]]] = {}
    for ring in rings:
        keys = [_key(point) for point in ring[:-1]]
        count = len(keys)
        for index, key in enumerate(keys):
            pair = frozenset((keys[index - 1], keys[(index + 1) % count]))
            neighbours.setdefault(key, set()).add(pair)
    return {key for key, pairs in neighbours.items() if len(pairs) > 1}


def simplify_rings(rings: Sequence[Ring], tolerance: float) -> list[Ring]:
    """Every ring simplified at `tolerance` metres, shared edges alike in all rings."""
    if tolerance <= 0:
        return [np.asarray(ring, dtype=float) for ring in rings]
    rings = [np.asarray(ring, dtype=float) for ring in rings]
    junctions = _junctions(rings)
    done: dict[tuple[Key, ...], np.ndarray] = {}
    result = []
    for ring in rings:
        points = ring[:-1]
        keys = [_key(point) for point in points]
        cuts = [index for index, key in enumerate(keys) if key in junctions]
        if not cuts:
            # A ring no other ring touches: cut it at its first point and the point farthest
            # from it, so that neither half is a closed loop.
            far = int(np.argmax(np.hypot(*(points - points[0]).T)))
            cuts = sorted({0, far})
        start = cuts[0]
        order = np.r_[np.arange(start, len(points)), np.arange(0, start + 1)]
        walked, walked_keys = points[order], [keys[index] for index in order]
        positions = [index - start if index >= start else index - start + len(points)
                     for index in cuts] + [len(points)]
        pieces = []
        for first, last in zip(positions, positions[1:], strict=False):
            arc_keys = tuple(walked_keys[first:last + 1])
            reverse = arc_keys[::-1]
            if arc_keys in done:
                pieces.append(done[arc_keys])
            elif reverse in done:
                pieces.append(done[reverse][::-1])
            else:
                simplified = douglas_peucker(walked[first:last + 1], tolerance)
                done[arc_keys] = simplified
                pieces.append(simplified)
        rebuilt = np.vstack([pieces[0]] + [piece[1:] for piece in pieces[1:]])
        result.append(rebuilt if len(rebuilt) >= 4 else ring)
    return result
