"""Quarterly rating: weighted score, left-out metrics, colours, configurable weights."""
from datetime import datetime, timedelta, timezone

import pytest

from services.grid import figures, rating, residents, visits
from shared.contracts.grid import HouseholdIn, RatingConfigIn, VisitIn
from shared.errors import ValidationFailed
from shared.principal import Principal, Scope
from tests.services.grid.conftest import TENANT, place

NOW = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)


def test_quarter_bounds_in_china_time():
    start, end = rating.bounds("2026Q4")
    assert start == datetime(2026, 9, 30, 16, tzinfo=timezone.utc)
    assert end == datetime(2026, 12, 31, 16, tzinfo=timezone.utc)


def test_score_colour_and_explanation(session):
    good, quiet = place(session, "东门"), place(session, "西门")
    home = residents.register_household(session, None, HouseholdIn(
        building_id=good["building"].id, grid_id=good["grid"].id, unit="1", floor=1, room="1"))
    residents.register_household(session, None, HouseholdIn(
        building_id=good["building"].id, grid_id=good["grid"].id, unit="1", floor=1, room="2"))
    worker = Principal(TENANT, "w", ("grid_worker",), Scope("grid", str(good["grid"].id)))
    visits.record(session, worker, VisitIn(household_id=home.id, visited_at=NOW - timedelta(days=1)), NOW)
    figures.bump(session, good["grid"].id, NOW, reported=4, closed=4, overdue=1, rated=2, unsatisfied=0)
    report = rating.rate(session, None, "2026Q4", NOW)
    first, second = report["grids"]
    assert first["grid_id"] == str(good["grid"].id) and first["rank"] == 1
    values = {m["name"]: m["value"] for m in first["metrics"]}
    assert values == {"case_handling": 1.0, "timeliness": 0.75, "satisfaction": 1.0,
                      "visit_coverage": 0.5, "registry_freshness": None}
    # (30·1 + 20·0.75 + 20·1 + 15·0.5) / 85 = 0.853 → red at 85
    assert first["score"] == 85.3 and first["colour"] == "red"
    assert second["grid_id"] == str(quiet["grid"].id)  # no figures: unrated, not last
    assert (second["score"], second["colour"], second["rank"]) == (None, None, None)
    rating.set_config(session, RatingConfigIn(weights={"visit_coverage": 1}, red_at=90, yellow_below=60))
    again = rating.rate(session, None, "2026Q4", NOW)["grids"][0]
    assert (again["score"], again["colour"]) == (50.0, "yellow")


def test_bad_config_is_refused(session):
    with pytest.raises(ValidationFailed) as info:
        rating.set_config(session, RatingConfigIn(weights={"timeliness": 10}, red_at=50, yellow_below=60))
    assert info.value.field == "yellowBelow"
    with pytest.raises(ValidationFailed) as info:
        rating.set_config(session, RatingConfigIn(weights={"timeliness": 0}, red_at=80, yellow_below=60))
    assert info.value.field == "weights"
