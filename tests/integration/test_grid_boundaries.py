"""Grid boundaries through the gateway: a closed polygon is kept and announced; a bad one is
refused with the field named and nothing written."""
from __future__ import annotations

import random
import uuid

from tests.integration.territory_ops import lay_out

SET = """mutation($gridId: ID!, $boundary: JSON!) { setGridBoundary(gridId: $gridId, boundary: $boundary) {
  __typename ... on Grid { id boundary householdCount sizeFlag }
  ... on OperationError { code field message } } }"""
SQUARE = [[118.99, 32.69], [119.0, 32.69], [119.0, 32.70], [118.99, 32.70], [118.99, 32.69]]


def test_set_boundary_and_event(county_a, superuser_db):
    grid = lay_out(county_a)["grid"]
    made = county_a(SET, gridId=grid, boundary={"type": "Polygon", "coordinates": [SQUARE]})["setGridBoundary"]
    assert made["boundary"] == {"type": "Polygon", "coordinates": [SQUARE]}
    assert (made["householdCount"], made["sizeFlag"]) == (0, "under")
    assert superuser_db("grid", "SELECT count(*) FROM outbox WHERE event_type = 'grid.changed' "
                        "AND payload->>'grid_id' = :g", g=grid) == 1


def test_open_ring_and_bad_shape_are_refused(county_a, county_b, superuser_db):
    grid = lay_out(county_a)["grid"]
    for boundary, field in (({"type": "Polygon", "coordinates": [SQUARE[:-1]]}, "boundary"),
                            ({"type": "Point", "coordinates": [SQUARE]}, "type"),
                            ({"type": "Polygon", "coordinates": "x"}, "coordinates")):
        result = county_a(SET, gridId=grid, boundary=boundary)["setGridBoundary"]
        assert (result["code"], result["field"]) == ("VALIDATION_FAILED", field), boundary
    refused = county_b(SET, gridId=grid, boundary={"type": "Polygon", "coordinates": [SQUARE]})
    assert refused["setGridBoundary"]["code"] == "NOT_FOUND"
    assert superuser_db("grid", "SELECT count(*) FROM grids WHERE id = :g AND boundary IS NOT NULL",
                        g=uuid.UUID(grid)) == 0


def test_overlapping_grids_are_refused(county_a, superuser_db):
    first, second = lay_out(county_a)["grid"], lay_out(county_a)["grid"]
    x = 100 + random.random() * 10  # a place of its own: the tenant's grids are shared by tests

    def square(left):
        return {"type": "Polygon", "coordinates": [[[left, 30], [left + 0.01, 30], [left + 0.01, 30.01],
                                                    [left, 30.01], [left, 30]]]}

    assert county_a(SET, gridId=first, boundary=square(x))["setGridBoundary"]["__typename"] == "Grid"
    adjacent = county_a(SET, gridId=second, boundary=square(x + 0.01))["setGridBoundary"]
    assert adjacent["__typename"] == "Grid"
    overlapping = county_a(SET, gridId=second, boundary=square(x + 0.005))["setGridBoundary"]
    assert (overlapping["code"], overlapping["field"]) == ("CONFLICT", "boundary")
    kept = superuser_db("grid", "SELECT boundary::text FROM grids WHERE id = :g", g=uuid.UUID(second))
    assert str(x + 0.01) in kept


def test_coverage_in_scope(county_a, gateway_url):
    from shared.principal import Scope
    from tests.integration.conftest import Client, token
    from tests.integration.test_grid_helpers import household, lay_out_building

    place = lay_out_building(county_a)
    staff = Client(gateway_url, token("341181", "community_staff", scope=Scope("community", place["community"])))
    query = "{ gridCoverage { households buildings buildingsCovered uncovered { id } gridsUnder gridsOver } }"
    assert staff(query)["gridCoverage"] == {"households": 0, "buildings": 1, "buildingsCovered": 0,
                                            "uncovered": [{"id": place["building"]}], "gridsUnder": 1,
                                            "gridsOver": 0}
    household(county_a, place)
    after = staff(query)["gridCoverage"]
    assert (after["households"], after["buildingsCovered"], after["uncovered"]) == (1, 1, [])
