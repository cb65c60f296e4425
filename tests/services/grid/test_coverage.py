"""Seamless coverage: buildings without households in any grid, grids to rebalance."""
from services.grid import residents
from services.grid.coverage import coverage
from shared.contracts.grid import HouseholdIn
from shared.principal import Principal, Scope
from tests.services.grid.conftest import TENANT, place


def test_uncovered_buildings_and_grid_sizes(session):
    covered, bare = place(session, "东门"), place(session, "西门")
    residents.register_household(session, None, HouseholdIn(
        building_id=covered["building"].id, grid_id=covered["grid"].id, unit="1", floor=1, room="1"))
    report = coverage(session, None)
    assert (report["households"], report["buildings"], report["buildings_covered"]) == (1, 2, 1)
    assert [b["id"] for b in report["uncovered"]] == [str(bare["building"].id)]
    assert (report["grids_over"], report["grids_under"]) == (0, 2)
    mine = Principal(TENANT, "s", ("community_staff",), Scope("community", str(covered["community"].id)))
    assert coverage(session, mine)["uncovered"] == []
