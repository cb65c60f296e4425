"""Dispatch events keep the grid's figures: a rejected case is no longer open, and the quarter's
figures count it reported and closed."""
from __future__ import annotations

import time
import uuid

from tests.integration.territory_ops import GRID, REPORT_CASE, lay_out

REJECT = """mutation($caseId: ID!) { rejectCase(input: {caseId: $caseId, note: "不属于受理范围"}) {
  __typename ... on Case { status } ... on OperationError { code message } } }"""


def wait_for(check, seconds: float = 15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_closed_case_leaves_the_open_count(county_a, superuser_db):
    grid = lay_out(county_a)["grid"]
    case = county_a(REPORT_CASE, gridId=grid, category="parking", description="占道停车")["reportCase"]
    assert wait_for(lambda: county_a(GRID, id=grid)["grid"]["openCaseCount"] == 1)
    assert county_a(REJECT, caseId=case["id"])["rejectCase"]["status"] == "rejected"
    assert wait_for(lambda: county_a(GRID, id=grid)["grid"]["openCaseCount"] == 0)
    figures = superuser_db("grid", "SELECT reported || '/' || closed FROM grid_quarter_figures "
                                   "WHERE grid_id = :g", g=uuid.UUID(grid))
    assert figures == "1/1"
