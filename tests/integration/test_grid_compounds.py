"""Compounds with their grids through the gateway (the RPCs the property service reads)."""
from __future__ import annotations

import uuid

from shared.principal import Scope
from tests.integration.conftest import Client, token
from tests.integration.test_grid_helpers import household, lay_out_building
from tests.integration.territory_ops import CREATE_GRID

COMPOUND = """query($id: ID!) { compound(id: $id) { id name streetName communityName buildings households
  grids { id name } } }"""


def test_compound_with_the_grids_covering_it_in_scope(county_a, county_b, gateway_url):
    place = lay_out_building(county_a)
    household(county_a, place)
    loose = county_a(CREATE_GRID, communityId=place["community"], compoundId=None,
                     name=f"散居{uuid.uuid4().hex[:4]}")["createGrid"]
    county_a("""mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { __typename } }""",
             input={"buildingId": place["building"], "gridId": loose["id"], "unit": "9", "floor": 1, "room": "901"})
    found = county_a(COMPOUND, id=place["compound"])["compound"]
    assert (found["buildings"], found["households"]) == (1, 2)
    assert {g["id"] for g in found["grids"]} == {place["grid"], loose["id"]}
    worker = Client(gateway_url, token("341181", "grid_worker", scope=Scope("grid", loose["id"])))
    assert [g["id"] for g in worker(COMPOUND, id=place["compound"])["compound"]["grids"]] == [loose["id"]]
    stranger = lay_out_building(county_a)
    outsider = Client(gateway_url, token("341181", "community_staff", scope=Scope("community", stranger["community"])))
    assert outsider(COMPOUND, id=place["compound"])["compound"] is None
    assert county_b(COMPOUND, id=place["compound"])["compound"] is None
