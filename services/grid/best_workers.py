"""Half-yearly best grid workers (优秀网格员): visitors ranked by merit = half their share of
weeks with the visiting quota met, half the mean rating score of the grid they mostly visit."""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.grid import rating, visits
from services.grid.models import Visit
from shared.contracts.grid import BestWorkerOut
from shared.principal import Principal

CST = timezone(timedelta(hours=8))


def bounds(half: str) -> tuple[datetime, datetime]:
    year, h = int(half[:4]), int(half[5])
    start = datetime(year, 1 if h == 1 else 7, 1, tzinfo=CST)
    end = datetime(year + (h == 2), 7 if h == 1 else 1, 1, tzinfo=CST)
    return start, end


def best(session: Session, principal: Principal | None, half: str, now: datetime, limit: int = 10
         ) -> list[BestWorkerOut]:
    start, end = bounds(half)
    until = min(end, max(start, now.astimezone(CST)))
    last_day = (until - timedelta(microseconds=1)).date() if until > start else start.date()
    weeks = (last_day - visits.week_of(start.date())).days // 7 + 1  # weeks begun so far
    rows = session.execute(sa.select(Visit.visitor, Visit.grid_id, Visit.household_id, Visit.visited_at)
                           .where(visits.visible(principal), Visit.visited_at >= start.astimezone(timezone.utc),
                                  Visit.visited_at < end.astimezone(timezone.utc))).all()
    quota = visits.quota(session)
    halves: dict[str, dict] = defaultdict(lambda: defaultdict(set))
    grids: dict[str, Counter] = defaultdict(Counter)
    homes: dict[str, set] = defaultdict(set)
    for visitor, grid_id, household_id, visited_at in rows:
        local = visits.aware(visited_at).astimezone(CST)
        halves[visitor][visits.week_of(local.date())].add((local.date(), local.hour >= 12))
        grids[visitor][grid_id] += 1
        homes[visitor].add(household_id)
    quarters = [f"{start.year}Q{(start.month - 1) // 3 + q}" for q in (1, 2)]
    scores: dict = defaultdict(list)
    for quarter in quarters:
        for g in rating.rate(session, principal, quarter, now)["grids"]:
            if g["score"] is not None:
                scores[g["grid_id"]].append(g["score"])
    out = []
    for visitor in halves:
        grid_id = grids[visitor].most_common(1)[0][0]
        met = sum(1 for days in halves[visitor].values() if len(days) >= quota)
        grid_scores = scores.get(str(grid_id))
        grid_score = round(sum(grid_scores) / len(grid_scores), 1) if grid_scores else None
        merit = round(50 * min(1.0, met / weeks) + 0.5 * (grid_score or 0), 1)
        out.append({"visitor": visitor, "grid_id": str(grid_id), "weeks": weeks, "weeks_met": met,
                    "households": len(homes[visitor]), "grid_score": grid_score, "merit": merit, "rank": 0})
    out.sort(key=lambda w: (-w["merit"], -w["households"], w["visitor"]))
    for rank, worker in enumerate(out, start=1):
        worker["rank"] = rank
    return out[:limit]
