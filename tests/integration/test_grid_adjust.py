"""Splitting and merging grids through the gateway: households and residents follow, history is
kept, events go out; bad input writes nothing."""
from __future__ import annotations

import uuid

from tests.integration.test_grid_helpers import household, lay_out_building, resident
from tests.integration.territory_ops import CREATE_GRID

SPLIT = """mutation($input: SplitGridInput!) { splitGrid(input: $input) {
  __typename ... on GridAdjustment { source { id householdCount } target { id householdCount name } }
  ... on OperationError { code field } } }"""
MERGE = """mutation($input: MergeGridsInput!) { mergeGrids(input: $input) {
  __typename ... on GridAdjustment { source { id retiredAt mergedInto householdCount } target { id householdCount } }
  ... on OperationError { code field } } }"""
HISTORY = """query($id: ID!) { grid(id: $id) { retiredAt history { action otherGridId households residents } } }"""
GRIDS = "{ grids(first: 100) { edges { node { id } } } }"


def test_split_then_merge_back(county_a, superuser_db):
    place = lay_out_building(county_a)
    moving = resident(county_a, place)
    staying = household(county_a, place)
    moving_home = superuser_db("grid", "SELECT CAST(household_id AS text) FROM residents WHERE id = :i",
                               i=uuid.UUID(moving["id"]))
    split = county_a(SPLIT, input={"gridId": place["grid"], "newName": f"拆分{uuid.uuid4().hex[:4]}",
                                   "householdIds": [moving_home]})["splitGrid"]
    new = split["target"]["id"]
    assert (split["source"]["householdCount"], split["target"]["householdCount"]) == (1, 1)
    assert superuser_db("grid", "SELECT CAST(grid_id AS text) FROM residents WHERE id = :i",
                        i=uuid.UUID(moving["id"])) == new
    merged = county_a(MERGE, input={"gridId": new, "intoGridId": place["grid"]})["mergeGrids"]
    assert merged["source"]["retiredAt"] and merged["source"]["mergedInto"] == place["grid"]
    assert merged["target"]["householdCount"] == 2
    history = county_a(HISTORY, id=new)["grid"]
    assert [(h["action"], h["households"], h["residents"]) for h in history["history"]] == [
        ("split_from", 1, 1), ("merged_into", 1, 1)]
    assert new not in {e["node"]["id"] for e in county_a(GRIDS)["grids"]["edges"]}
    assert superuser_db("grid", "SELECT count(*) FROM outbox WHERE event_type = 'resident.moved_grid' "
                        "AND payload->>'resident_id' = :r", r=moving["id"]) == 2
    assert staying


def test_bad_adjustments_write_nothing(county_a, county_b, superuser_db):
    one, two = lay_out_building(county_a), lay_out_building(county_a)
    home = household(county_a, one)
    before = superuser_db("grid", "SELECT count(*) FROM grid_history")
    foreign = county_a(SPLIT, input={"gridId": two["grid"], "newName": "x", "householdIds": [home]})["splitGrid"]
    assert (foreign["code"], foreign["field"]) == ("CONFLICT", "householdIds")
    everything = county_a(SPLIT, input={"gridId": one["grid"], "newName": "x", "householdIds": [home]})["splitGrid"]
    assert (everything["code"], everything["field"]) == ("CONFLICT", "householdIds")
    across = county_a(MERGE, input={"gridId": one["grid"], "intoGridId": two["grid"]})["mergeGrids"]
    assert (across["code"], across["field"]) == ("CONFLICT", "intoGridId")
    malformed = county_a(MERGE, input={"gridId": "nope", "intoGridId": two["grid"]})["mergeGrids"]
    assert (malformed["code"], malformed["field"]) == ("VALIDATION_FAILED", "gridId")
    other_tenant = county_b(MERGE, input={"gridId": one["grid"], "intoGridId": one["grid"]})["mergeGrids"]
    assert other_tenant["code"] == "CONFLICT"  # into itself: refused before any lookup
    sibling = county_a(CREATE_GRID, communityId=one["community"], compoundId=None, name="同社区")["createGrid"]
    stranger = county_b(MERGE, input={"gridId": one["grid"], "intoGridId": sibling["id"]})["mergeGrids"]
    assert (stranger["code"], stranger["field"]) == ("NOT_FOUND", "gridId")
    assert superuser_db("grid", "SELECT count(*) FROM grid_history") == before
    assert superuser_db("grid", "SELECT count(*) FROM grids WHERE retired_at IS NOT NULL AND id = :g",
                        g=uuid.UUID(one["grid"])) == 0
