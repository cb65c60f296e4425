"""Compounds by id and the grids covering each, as the property service reads them."""
import uuid

from services.grid import compounds, residents, territory
from shared.contracts.grid import BuildingIn, GridIn, HouseholdIn
from shared.principal import Principal, Scope
from tests.services.grid.conftest import TENANT, place


def worker(grid) -> Principal:
    return Principal(tenant=TENANT, subject="w", roles=("grid_worker",), scope=Scope("grid", str(grid.id)))


def test_compounds_by_ids_in_order_with_counts_and_scope(session):
    east, west = place(session, "东门"), place(session, "西门")
    residents.register_household(session, None, HouseholdIn(
        building_id=east["building"].id, grid_id=east["grid"].id, unit="1", floor=1, room="101"))
    session.flush()
    ids = [west["compound"].id, uuid.uuid4(), east["compound"].id]
    rows = compounds.compounds_by_ids(session, None, ids)
    assert [r["id"] for r in rows] == [str(west["compound"].id), str(east["compound"].id)]
    assert rows[1] | {} == {"id": str(east["compound"].id), "name": "东门小区",
                            "street_id": str(east["street"].id), "street_name": "东门街道",
                            "community_id": str(east["community"].id), "community_name": "东门社区",
                            "buildings": 1, "households": 1}
    community = Principal(tenant=TENANT, subject="c", roles=("community_staff",),
                          scope=Scope("community", str(east["community"].id)))
    assert [r["id"] for r in compounds.compounds_by_ids(session, community, ids)] == [str(east["compound"].id)]
    assert [r["id"] for r in compounds.compounds_by_ids(session, worker(east["grid"]), ids)] == [
        str(east["compound"].id)]


def test_grids_by_compound_appointed_or_housing(session):
    east = place(session, "东门")
    # a community grid not appointed to the compound, but holding a household in its building
    spread = territory.create_grid(session, GridIn(community_id=east["community"].id, name="东门二网格"))
    other = territory.create_building(session, BuildingIn(compound_id=east["compound"].id, name="2号楼"))
    residents.register_household(session, None, HouseholdIn(
        building_id=other.id, grid_id=spread.id, unit="1", floor=1, room="101"))
    retired = territory.create_grid(session, GridIn(community_id=east["community"].id, name="撤并网格",
                                                    compound_id=east["compound"].id))
    retired.retired_at = retired.created_at
    session.flush()
    unknown = uuid.uuid4()
    [found, empty] = compounds.grids_by_compound(session, None, [east["compound"].id, unknown])
    assert [g["name"] for g in found["grids"]] == ["东门二网格", "东门网格"]
    assert found["compound_id"] == str(east["compound"].id)
    assert empty == {"compound_id": str(unknown), "grids": []}
    [mine] = compounds.grids_by_compound(session, worker(spread), [east["compound"].id])
    assert [g["id"] for g in mine["grids"]] == [str(spread.id)]
