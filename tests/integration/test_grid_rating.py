"""Quarterly rating through the gateway, in a tenant of its own (the rating rules are per tenant)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tests.integration.conftest import Client, token
from tests.integration.test_grid_helpers import household, lay_out_building

RATING = """query($q: String!) { gridRating(quarter: $q) { quarter redAt yellowBelow
  grids { gridId score colour rank metrics { name value weight detail } } } }"""
SET = """mutation($input: RatingConfigInput!, $q: String!) { setRatingConfig(input: $input, quarter: $q) {
  __typename ... on QuarterRating { redAt grids { gridId score colour } }
  ... on OperationError { code field } } }"""
VISIT = """mutation($id: ID!) { recordVisit(input: {householdId: $id}) { __typename } }"""


def this_quarter() -> str:
    now = datetime.now(timezone(timedelta(hours=8)))
    return f"{now.year}Q{(now.month - 1) // 3 + 1}"


def test_rating_explained_and_configurable(gateway_url):
    county = Client(gateway_url, token("341150", "county_admin"))
    place = lay_out_building(county)
    homes = [household(county, place) for _ in range(2)]
    assert county(VISIT, id=homes[0])["recordVisit"]["__typename"] == "Visit"
    quarter = this_quarter()
    [grid] = [g for g in county(RATING, q=quarter)["gridRating"]["grids"] if g["gridId"] == place["grid"]]
    metrics = {m["name"]: m["value"] for m in grid["metrics"]}
    assert metrics["visit_coverage"] == 0.5 and metrics["case_handling"] is None
    assert (grid["score"], grid["colour"]) == (50.0, "yellow")
    changed = county(SET, q=quarter, input={"weights": [{"metric": "visit_coverage", "weight": 10}],
                                            "redAt": 40, "yellowBelow": 20})["setRatingConfig"]
    [grid] = [g for g in changed["grids"] if g["gridId"] == place["grid"]]
    assert (changed["redAt"], grid["colour"]) == (40.0, "red")


def test_bad_rating_input(gateway_url):
    county = Client(gateway_url, token("341150", "county_admin"))
    bad = county.raw(RATING, {"q": "2026-4"}).json()["errors"][0]["extensions"]
    assert (bad["code"], bad["field"]) == ("VALIDATION_FAILED", "quarter")
    metric = county(SET, q=this_quarter(), input={"weights": [{"metric": "beauty", "weight": 1}],
                                                  "redAt": 80, "yellowBelow": 60})["setRatingConfig"]
    assert metric["code"] == "VALIDATION_FAILED" and metric["field"].startswith("weights")
    order = county(SET, q=this_quarter(), input={"weights": [{"metric": "timeliness", "weight": 1}],
                                                 "redAt": 50, "yellowBelow": 60})["setRatingConfig"]
    assert (order["code"], order["field"]) == ("VALIDATION_FAILED", "yellowBelow")


def test_best_grid_workers(gateway_url):
    from shared.principal import Scope
    from tests.integration.test_grid_helpers import login

    county = Client(gateway_url, token("341150", "county_admin"))
    place = lay_out_building(county)
    worker = Client(gateway_url, login("best-1", "grid_worker", scope=Scope("grid", place["grid"]), tenant="341150"))
    assert worker(VISIT, id=household(county, place))["recordVisit"]["__typename"] == "Visit"
    now = datetime.now(timezone(timedelta(hours=8)))
    half = f"{now.year}H{1 if now.month <= 6 else 2}"
    query = """query($h: String!) { bestGridWorkers(halfYear: $h, first: 50) { visitor gridId weeksMet
      households merit rank } }"""
    ranked = {w["visitor"]: w for w in county(query, h=half)["bestGridWorkers"]}
    assert ranked["best-1"]["gridId"] == place["grid"] and ranked["best-1"]["households"] == 1
    bad = county.raw(query, {"h": "2026-2"}).json()["errors"][0]["extensions"]
    assert (bad["code"], bad["field"]) == ("VALIDATION_FAILED", "halfYear")
