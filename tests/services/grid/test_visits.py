"""Door-to-door visits: scope, future times refused, weekly half-days against the quota."""
from datetime import date, datetime, timedelta, timezone

import pytest

from services.grid import residents, visits
from shared.contracts.grid import HouseholdIn, VisitIn
from shared.errors import NotFound, ValidationFailed
from shared.principal import Principal, Scope
from tests.services.grid.conftest import TENANT, place

CST = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 27, 12, tzinfo=timezone.utc)  # a Friday


def home(session, where, room):
    return residents.register_household(session, None, HouseholdIn(
        building_id=where["building"].id, grid_id=where["grid"].id, unit="1", floor=1, room=room))


def worker(where, subject="w1"):
    return Principal(TENANT, subject, ("grid_worker",), Scope("grid", str(where["grid"].id)))


def visit(session, who, household, when):
    return visits.record(session, who, VisitIn(household_id=household.id, visited_at=when), NOW)


def test_weekly_half_days_against_quota(session):
    where = place(session, "东门")
    a, b = home(session, where, "101"), home(session, where, "102")
    me = worker(where)
    monday = datetime(2026, 11, 23, tzinfo=CST)
    visit(session, me, a, monday + timedelta(hours=9))
    visit(session, me, b, monday + timedelta(hours=10))   # same morning
    visit(session, me, a, monday + timedelta(hours=15))   # afternoon
    visit(session, me, b, monday + timedelta(days=2, hours=9))
    visit(session, me, a, monday - timedelta(hours=1))    # Sunday before: another week
    week = visits.weekly(session, None, week_start=date(2026, 11, 25), grid_id=None)
    assert week["week_start"] == "2026-11-23" and week["quota"] == 3
    assert week["visitors"] == [{"visitor": "w1", "visits": 4, "households": 2, "half_days": 3,
                                 "quota": 3, "met": True}]
    visits.set_quota(session, 4)
    assert visits.weekly(session, None, week_start=date(2026, 11, 23), grid_id=None)["visitors"][0]["met"] is False


def test_future_visit_and_other_grid_refused(session):
    mine, other = place(session, "东门"), place(session, "西门")
    with pytest.raises(ValidationFailed) as info:
        visit(session, worker(mine), home(session, mine, "1"), NOW + timedelta(hours=1))
    assert info.value.field == "visitedAt"
    with pytest.raises(NotFound) as info:
        visit(session, worker(mine), home(session, other, "1"), NOW)
    assert info.value.field == "householdId"
    assert visits.list_visits(session, None, limit=10, household_id=None, grid_id=None) == []


def test_best_workers_of_a_half_year(session):
    from services.grid import best_workers

    where = place(session, "东门")
    a, b = home(session, where, "101"), home(session, where, "102")
    keen, idle = worker(where, "keen"), worker(where, "idle")
    monday = datetime(2026, 11, 16, tzinfo=CST)
    for hours in (9, 15, 33):  # three half-days in one week
        visit(session, keen, a if hours < 30 else b, monday + timedelta(hours=hours))
    visit(session, idle, a, monday + timedelta(hours=10))
    ranked = best_workers.best(session, None, "2026H2", NOW)
    assert [w["visitor"] for w in ranked] == ["keen", "idle"]
    assert ranked[0]["weeks"] == 22 and ranked[0]["weeks_met"] == 1 and ranked[0]["households"] == 2
    assert ranked[0]["grid_score"] is not None and ranked[0]["rank"] == 1
    assert best_workers.bounds("2026H1")[1] == datetime(2026, 7, 1, tzinfo=CST)
