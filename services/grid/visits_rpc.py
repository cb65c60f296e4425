"""RPC entrypoints of door-to-door visits and the quarterly rating, mixed into GridService."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

from services.grid import best_workers, rating, visits
from shared import keyset
from shared.contracts.grid import HALF_YEAR, QUARTER, RatingConfigIn, VisitIn, VisitQuotaIn
from shared.contracts.validation import parse_id, validate
from shared.errors import ValidationFailed
from shared.nameko_ext import rpc
from shared.scope import require_role

VISITORS = ("grid_worker", "community_staff", "street_staff", "county_admin")
READERS = VISITORS + ("command_center", "dashboard")


def _week(value) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed([{"field": "weekStart", "message": "weekStart: not a date (YYYY-MM-DD)",
                                 "message_zh": "weekStart：日期格式应为 YYYY-MM-DD"}]) from None


def _moment(value, field: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed([{"field": field, "message": f"{field}: not a time (ISO 8601)",
                                 "message_zh": f"{field}：时间格式应为 ISO 8601"}]) from None


class VisitsRpc:
    @rpc
    def record_visit(self, visit):
        require_role(self.principal, *VISITORS)
        data = validate(VisitIn, visit)
        session = self.db.session
        with session.begin():
            return visits.visit_out(visits.record(session, self.principal, data, datetime.now(timezone.utc)))

    @rpc
    def list_visits(self, limit=50, household_id=None, grid_id=None, after=None, visitor=None, since=None,
                    until=None):
        """Newest first. ``after`` is a cursor ``<visited_at ISO>|<id>`` of the last visit seen."""
        require_role(self.principal, *READERS)
        rows = visits.list_visits(
            self.db.session, self.principal, limit=max(1, min(int(limit), 101)),
            household_id=parse_id(household_id, "householdId") if household_id else None,
            grid_id=parse_id(grid_id, "gridId") if grid_id else None, after=keyset.time_cursor(after or None),
            visitor=visitor or None, since=_moment(since, "since"), until=_moment(until, "until"))
        return [visits.visit_out(r) for r in rows]

    @rpc
    def weekly_visiting(self, week_start, grid_id=None):
        require_role(self.principal, *READERS)
        return visits.weekly(self.db.session, self.principal, week_start=_week(week_start),
                             grid_id=parse_id(grid_id, "gridId") if grid_id else None)

    @rpc
    def set_visit_quota(self, half_days):
        require_role(self.principal, "county_admin")
        data = validate(VisitQuotaIn, {"half_days": half_days})
        session = self.db.session
        with session.begin():
            return visits.set_quota(session, data.half_days)


class RatingRpc:
    @rpc
    def grid_rating(self, quarter):
        require_role(self.principal, *READERS)
        if not isinstance(quarter, str) or not re.match(QUARTER, quarter):
            raise ValidationFailed([{"field": "quarter", "message": "quarter: like 2026Q4",
                                     "message_zh": "quarter：格式如 2026Q4"}])
        with self.db.session.begin():
            return rating.rate(self.db.session, self.principal, quarter, datetime.now(timezone.utc))

    @rpc
    def set_rating_config(self, config):
        require_role(self.principal, "county_admin")
        data = validate(RatingConfigIn, config)
        session = self.db.session
        with session.begin():
            return rating.set_config(session, data)

    @rpc
    def best_grid_workers(self, half_year, limit=10):
        require_role(self.principal, *READERS)
        if not isinstance(half_year, str) or not re.match(HALF_YEAR, half_year):
            raise ValidationFailed([{"field": "halfYear", "message": "halfYear: like 2026H2",
                                     "message_zh": "halfYear：格式如 2026H2"}])
        with self.db.session.begin():
            return best_workers.best(self.db.session, self.principal, half_year, datetime.now(timezone.utc),
                                     limit=max(1, min(int(limit), 100)))
