"""Grid boundaries (网格边界) as GeoJSON Polygons, checked by hand (no GIS dependency), and the
household-size flag used for rebalancing (每格300–500户)."""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.grid.geometry import overlaps
from services.grid.models import Grid
from shared.contracts.grid import GRID_SIZE_MAX, GRID_SIZE_MIN, GridBoundaryIn
from shared.errors import Conflict, NotFound, ValidationFailed

FIELD = "boundary"


def _refuse(message: str, message_zh: str) -> ValidationFailed:
    return ValidationFailed([{"field": FIELD, "message": f"{FIELD}: {message}",
                              "message_zh": f"{FIELD}：{message_zh}"}])


def _signed_area(ring: list[list[float]]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:])) / 2


def check_polygon(polygon: GridBoundaryIn) -> dict:
    """The polygon as plain GeoJSON, or ValidationFailed saying which ring is wrong and why."""
    for number, ring in enumerate(polygon.coordinates):
        where, where_zh = f"ring {number}", f"第{number + 1}个环"
        if len(ring) < 4:
            raise _refuse(f"{where} needs at least 4 positions", f"{where_zh}至少需要4个点")
        for position in ring:
            if len(position) not in (2, 3):
                raise _refuse(f"{where}: a position is [longitude, latitude]", f"{where_zh}：坐标应为[经度, 纬度]")
            lon, lat = position[0], position[1]
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise _refuse(f"{where}: coordinate out of range", f"{where_zh}：坐标超出范围")
        if ring[0][:2] != ring[-1][:2]:
            raise _refuse(f"{where} does not close (first and last positions differ)",
                          f"{where_zh}未闭合（首尾坐标不同）")
        if abs(_signed_area(ring)) < 1e-12:
            raise _refuse(f"{where} encloses no area", f"{where_zh}面积为零")
    return {"type": "Polygon", "coordinates": polygon.coordinates}


def size_flag(household_count: int) -> str | None:
    if household_count > GRID_SIZE_MAX:
        return "over"
    if household_count < GRID_SIZE_MIN:
        return "under"
    return None


def _outer(boundary: dict) -> list[tuple[float, float]]:
    return [(p[0], p[1]) for p in boundary["coordinates"][0]]


def _refuse_overlap(session: Session, grid: Grid, ring: list[tuple[float, float]]) -> None:
    """Grids of one kind must not overlap; a specialized grid (a school, a market) may lie inside
    a community grid."""
    others = session.scalars(sa.select(Grid).where(Grid.kind == grid.kind, Grid.id != grid.id,
                                                   Grid.boundary.is_not(None)))
    for other in others:
        if other.boundary and overlaps(ring, _outer(other.boundary)):
            raise Conflict(f"the boundary overlaps grid {other.name!r}", f"边界与网格“{other.name}”重叠",
                           field=FIELD, details={"grid_id": str(other.id)})


def set_boundary(session: Session, grid_id: uuid.UUID, polygon: GridBoundaryIn) -> Grid:
    checked = check_polygon(polygon)
    grid = session.get(Grid, (session.info["tenant"], grid_id))
    if grid is None:
        raise NotFound("grid", "网格", grid_id, field="gridId")
    _refuse_overlap(session, grid, _outer(checked))
    grid.boundary = checked
    return grid
