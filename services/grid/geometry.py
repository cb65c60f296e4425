"""Plane geometry for grid boundaries, by hand: at county scale longitude/latitude can be treated
as plane coordinates for the question "do two grids overlap?". Shared borders and corners are
allowed (adjacent grids tile the territory, 无缝覆盖); any shared interior is an overlap."""
from __future__ import annotations

Point = tuple[float, float]
EPS = 1e-12


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _on_segment(p: Point, a: Point, b: Point) -> bool:
    return (abs(_cross(a, b, p)) <= EPS and min(a[0], b[0]) - EPS <= p[0] <= max(a[0], b[0]) + EPS
            and min(a[1], b[1]) - EPS <= p[1] <= max(a[1], b[1]) + EPS)


def _edges(ring: list[Point]):
    return zip(ring, ring[1:])


def _crosses(a: Point, b: Point, c: Point, d: Point) -> bool:
    """The segments cross at a single interior point of both (touching does not count)."""
    d1, d2, d3, d4 = _cross(c, d, a), _cross(c, d, b), _cross(a, b, c), _cross(a, b, d)
    return d1 * d2 < -EPS and d3 * d4 < -EPS


def strictly_inside(p: Point, ring: list[Point]) -> bool:
    if any(_on_segment(p, a, b) for a, b in _edges(ring)):
        return False
    inside = False
    for (x1, y1), (x2, y2) in _edges(ring):
        if (y1 > p[1]) != (y2 > p[1]) and p[0] < x1 + (p[1] - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _probes(ring: list[Point]) -> list[Point]:
    """Points of the ring's closure: vertices, edge midpoints, and the vertex average when it lies
    inside. One of them strictly inside the other polygon means shared interior; together they
    catch containment and identical or nested polygons whose edges never cross."""
    points = list(ring[:-1]) + [((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for a, b in _edges(ring)]
    n = len(ring) - 1
    centre = (sum(p[0] for p in ring[:-1]) / n, sum(p[1] for p in ring[:-1]) / n)
    return points + ([centre] if strictly_inside(centre, ring) else [])


def overlaps(first: list[Point], second: list[Point]) -> bool:
    """Whether two closed outer rings share interior area (holes are not considered)."""
    if any(_crosses(a, b, c, d) for a, b in _edges(first) for c, d in _edges(second)):
        return True
    return (any(strictly_inside(p, second) for p in _probes(first))
            or any(strictly_inside(p, first) for p in _probes(second)))
