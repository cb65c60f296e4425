"""Quarterly grid rating (红蓝黄): a weighted score from the grid's own figures, explained per
grid. Each metric is a share in 0..1; a metric with nothing to measure (no cases, no households)
is left out and the remaining weights are rescaled, so a quiet grid is neither punished nor
rewarded for it. score = 100 · Σ wᵢ·mᵢ / Σ wᵢ; red ≥ red_at, yellow < yellow_below, else blue."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.grid import figures
from services.grid.models import Grid, Resident, StaffingSetting, Visit
from services.grid.residents import QUARTER as FRESH_FOR
from shared.contracts.grid import DEFAULT_RATING, DEFAULT_STAFFING_MODEL, QuarterRating, RatingConfigIn
from shared.errors import ValidationFailed
from shared.principal import Principal
from shared.scope import scope_clause

CST = timezone(timedelta(hours=8))


def bounds(quarter: str) -> tuple[datetime, datetime]:
    year, q = int(quarter[:4]), int(quarter[5])
    start = datetime(year, 3 * (q - 1) + 1, 1, tzinfo=CST)
    end = datetime(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1, tzinfo=CST)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def config(session: Session) -> dict:
    row = session.scalar(sa.select(StaffingSetting))
    return (row.rating if row and row.rating else None) or DEFAULT_RATING


def set_config(session: Session, data: RatingConfigIn) -> dict:
    if data.yellow_below > data.red_at:
        raise ValidationFailed([{"field": "yellowBelow", "message": "yellowBelow: must not exceed redAt",
                                 "message_zh": "yellowBelow：不能高于 redAt"}])
    if sum(data.weights.values()) <= 0 or any(w < 0 or w > 100 for w in data.weights.values()):
        raise ValidationFailed([{"field": "weights", "message": "weights: each 0..100, not all zero",
                                 "message_zh": "weights：每项0到100，且不能全为0"}])
    value = {"weights": dict(data.weights), "red_at": data.red_at, "yellow_below": data.yellow_below}
    row = session.scalar(sa.select(StaffingSetting))
    if row is None:
        session.add(StaffingSetting(model=DEFAULT_STAFFING_MODEL, rating=value))
    else:
        row.rating = value
    return value


def _share(part: int, whole: int) -> float | None:
    return None if whole <= 0 else max(0.0, min(1.0, part / whole))


def _grouped(session: Session, query) -> dict:
    return dict(session.execute(query).tuples().all())


def rate(session: Session, principal: Principal | None, quarter: str, now: datetime) -> QuarterRating:
    start, end = bounds(quarter)
    reference = min(now, end)  # a running quarter is judged as of now
    cfg = config(session)
    grids = session.scalars(sa.select(Grid).where(
        Grid.retired_at.is_(None) | (Grid.retired_at >= start),  # merged away after it began
        scope_clause(principal, street=Grid.street_id, community=Grid.community_id, grid=Grid.id))).all()
    case_rows = figures.of_quarter(session, quarter)
    visited = _grouped(session, sa.select(Visit.grid_id, sa.func.count(sa.distinct(Visit.household_id)))
                       .where(Visit.visited_at >= start, Visit.visited_at < end).group_by(Visit.grid_id))
    people = _grouped(session, sa.select(Resident.grid_id, sa.func.count()).group_by(Resident.grid_id))
    fresh = _grouped(session, sa.select(Resident.grid_id, sa.func.count())
                     .where(Resident.updated_at >= reference - FRESH_FOR).group_by(Resident.grid_id))
    out = []
    for grid in grids:
        f = case_rows.get(grid.id)
        reported, closed, overdue, rated, unhappy = ((f.reported, f.closed, f.overdue, f.rated, f.unsatisfied)
                                                     if f else (0, 0, 0, 0, 0))
        measured = {
            "case_handling": (_share(closed, reported), f"closed {closed} of {reported} cases (办结)"),
            "timeliness": (None if reported <= 0 else 1 - _share(overdue, reported),
                           f"{overdue} overdue of {reported} cases (超时督办)"),
            "satisfaction": (None if rated <= 0 else 1 - _share(unhappy, rated),
                             f"{unhappy} unsatisfied of {rated} rated (不满意)"),
            "visit_coverage": (_share(visited.get(grid.id, 0), grid.household_count),
                               f"visited {visited.get(grid.id, 0)} of {grid.household_count} households (走访覆盖)"),
            "registry_freshness": (_share(fresh.get(grid.id, 0), people.get(grid.id, 0)),
                                   f"{fresh.get(grid.id, 0)} of {people.get(grid.id, 0)} records up to date (台账更新)"),
        }
        metrics = [{"name": name, "value": None if value is None else round(value, 4),
                    "weight": cfg["weights"].get(name, 0), "detail": detail}
                   for name, (value, detail) in measured.items()]
        counted = [m for m in metrics if m["value"] is not None and m["weight"] > 0]
        total = sum(m["weight"] for m in counted)
        score = round(100 * sum(m["weight"] * m["value"] for m in counted) / total, 1) if total else None
        colour = (None if score is None else "red" if score >= cfg["red_at"]
                  else "yellow" if score < cfg["yellow_below"] else "blue")
        out.append({"grid_id": str(grid.id), "grid_name": grid.name, "community_id": str(grid.community_id),
                    "score": score, "colour": colour, "rank": None, "metrics": metrics})
    out.sort(key=lambda g: (g["score"] is None, -(g["score"] or 0), g["grid_name"]))
    for rank, grid in enumerate((g for g in out if g["score"] is not None), start=1):
        grid["rank"] = rank
    return {"quarter": quarter, "weights": dict(cfg["weights"]), "red_at": cfg["red_at"],
            "yellow_below": cfg["yellow_below"], "grids": out}
