"""Star rating and statistics through the gateway, in a tenant of their own so counts are exact."""
from __future__ import annotations

import uuid

import pytest

from shared.principal import Scope
from tests.integration.conftest import Client, token
from tests.integration.organization_ops import ERROR, add_member, small_tree

TENANT = "341288"
PLAN = """mutation($input: SetStarPlanInput!) { setStarPlan(input: $input) {
  __typename ... on StarRecord { orgId year stars tasks { title owner deadline } } %s } }""" % ERROR
RATE = """mutation($input: EvaluateStarsInput!) { evaluateStars(input: $input) {
  __typename ... on StarRecord { stars reasons demonstrationTitle } %s } }""" % ERROR
RECORD = "query($o: ID!, $y: Int!) { starRecord(orgId: $o, year: $y) { stars tasks { title } } }"
STATS = """query($y: Int!) { orgStatistics(year: $y) { orgsByType { key count } orgsByLevel { key count }
  membersByStatus { key count } registrations { key count } stars { key count } } }"""
TASKS = [{"title": "规范三会一课", "owner": "王书记", "deadline": "2026-06-30"},
         {"title": "建成红色驿站", "owner": "李委员", "deadline": "2026-10-31"}]


@pytest.fixture(scope="module")
def county(gateway_url) -> Client:
    return Client(gateway_url, token(TENANT))


def as_dict(groups):
    return {g["key"]: g["count"] for g in groups}


def test_plan_rate_and_statistics(county, gateway_url, county_b):
    b_before = county_b(STATS, y=2026)["orgStatistics"]
    tree = small_tree(county)
    add_member(county, tree["grid"], status="probationary")
    add_member(county, tree["grid"])
    planned = county(PLAN, input={"orgId": tree["grid"], "year": 2026, "tasks": TASKS})["setStarPlan"]
    assert planned["stars"] is None and len(planned["tasks"]) == 2
    county(PLAN, input={"orgId": tree["community"], "year": 2026, "tasks": TASKS[:1]})
    rated = county(RATE, input={"orgId": tree["grid"], "year": 2026, "stars": 5, "reasons": "党员作用发挥充分",
                                "demonstrationTitle": "五星级党组织"})["evaluateStars"]
    assert rated == {"__typename": "StarRecord", "stars": 5, "reasons": "党员作用发挥充分",
                     "demonstrationTitle": "五星级党组织"}
    assert county(RECORD, o=tree["grid"], y=2026)["starRecord"]["stars"] == 5
    closed = county(PLAN, input={"orgId": tree["grid"], "year": 2026, "tasks": TASKS})["setStarPlan"]
    assert (closed["code"], closed["field"]) == ("CONFLICT", "year")

    stats = county(STATS, y=2026)["orgStatistics"]
    assert as_dict(stats["orgsByLevel"]) == {"committee": 2, "working_committee": 1, "branch": 1, "group": 1}
    assert as_dict(stats["membersByStatus"]) == {"full": 1, "probationary": 1}
    assert as_dict(stats["stars"]) == {"5": 1, "unrated": 1}
    grid_scope = Client(gateway_url, token(TENANT, "grid_worker", scope=Scope("grid", _grid_place(county, tree))))
    mine = grid_scope(STATS, y=2026)["orgStatistics"]
    assert as_dict(mine["orgsByType"]) == {"grid_branch": 1, "party_group": 1}
    assert as_dict(mine["stars"]) == {"5": 1}
    assert county_b(STATS, y=2026)["orgStatistics"] == b_before  # another tenant's numbers never move
    assert county_b(RECORD, o=tree["grid"], y=2026)["starRecord"] is None


def _grid_place(client, tree) -> str:
    rows = client("{ orgTree { id gridId } }")["orgTree"]
    return next(r["gridId"] for r in rows if r["id"] == tree["grid"])


def test_bad_star_input_writes_nothing(county, county_b, superuser_db):
    tree = small_tree(county)
    before = superuser_db("organization", "SELECT count(*) FROM star_plans")
    bad = county(PLAN, input={"orgId": tree["grid"], "year": 1999, "tasks": []})["setStarPlan"]
    assert bad["code"] == "VALIDATION_FAILED" and {e["field"] for e in bad["fieldErrors"]} == {"year", "tasks"}
    too_many = county(RATE, input={"orgId": tree["grid"], "year": 2026, "stars": 6, "reasons": "x"})["evaluateStars"]
    assert (too_many["code"], too_many["field"]) == ("VALIDATION_FAILED", "stars")
    unplanned = county(RATE, input={"orgId": tree["grid"], "year": 2027, "stars": 3, "reasons": "x"})["evaluateStars"]
    assert (unplanned["code"], unplanned["field"]) == ("CONFLICT", "year")
    foreign = county_b(PLAN, input={"orgId": tree["grid"], "year": 2026, "tasks": TASKS})["setStarPlan"]
    assert (foreign["code"], foreign["field"]) == ("NOT_FOUND", "orgId")
    nowhere = county(PLAN, input={"orgId": str(uuid.uuid4()), "year": 2026, "tasks": TASKS})["setStarPlan"]
    assert nowhere["code"] == "NOT_FOUND"
    assert superuser_db("organization", "SELECT count(*) FROM star_plans") == before
