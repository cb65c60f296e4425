"""The foundation's vertical slice, through the gateway's HTTP endpoint as a client calls it:
street → community → compound → grid (grid service), a case reported there (dispatch service,
``case.reported`` through the outbox), counted by the grid service, visible as openCaseCount."""
from __future__ import annotations

import time

from tests.integration.territory_ops import GRID, REPORT_CASE, lay_out


def wait_for(fetch, predicate, seconds: float = 15):
    deadline = time.monotonic() + seconds
    while True:
        value = fetch()
        if predicate(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def test_case_reported_in_a_grid_is_counted_by_the_grid_service(county_a):
    place = lay_out(county_a)
    assert county_a(GRID, id=place["grid"])["grid"]["openCaseCount"] == 0

    case = county_a(REPORT_CASE, gridId=place["grid"], category="parking",
                    description="消防通道被占用")["reportCase"]
    assert case["__typename"] == "Case" and case["status"] == "reported"
    assert case["grid"]["id"] == place["grid"]

    grid = wait_for(lambda: county_a(GRID, id=place["grid"])["grid"],
                    lambda g: g["openCaseCount"] == 1)
    assert grid["openCaseCount"] == 1
    assert [c["id"] for c in grid["cases"]] == [case["id"]]


def test_each_case_counts_once(county_a):
    place = lay_out(county_a)
    for n in range(3):
        county_a(REPORT_CASE, gridId=place["grid"], category="environment", description=f"垃圾堆放 {n}")
    grid = wait_for(lambda: county_a(GRID, id=place["grid"])["grid"], lambda g: g["openCaseCount"] >= 3)
    time.sleep(0.5)  # a duplicate would arrive now
    assert county_a(GRID, id=place["grid"])["grid"]["openCaseCount"] == 3 == len(grid["cases"])


def test_service_health_and_me(county_a):
    data = county_a("{ me { tenant roles scopeLevel } serviceHealth { service status database } }")
    assert data["me"] == {"tenant": "341181", "roles": ["county_admin"], "scopeLevel": "county"}
    assert {h["service"]: h["status"] for h in data["serviceHealth"]} == {
        s: "ok" for s in ("organization", "grid", "dispatch", "volunteer", "property")}
