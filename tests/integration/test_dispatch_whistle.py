"""Whistle-and-report through the gateway: a street summons three departments, one reports late;
the case resolves when the last part does; the scorecards and measures show it."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from tests.integration.conftest import Client, token
from tests.integration.dispatch_ops import ACCEPT, CASE, RATE, RESOLVE, VERIFY, report, run
from tests.integration.territory_ops import lay_out

WHISTLE = """mutation($input: WhistleCaseInput!) { whistleCase(input: $input) {
  __typename ... on Case { id status whistleParts { id departmentName status } }
  ... on OperationError { code field message } } }"""
PART = """{ __typename ... on WhistlePart { id status reportedOnTime resolvedOnTime }
  ... on OperationError { code field message } }"""
REPORT_IN = "mutation($input: WhistlePartStepInput!) { reportForWhistle(input: $input) %s }" % PART
RESOLVE_PART = "mutation($input: WhistlePartStepInput!) { resolveWhistlePart(input: $input) %s }" % PART
SCORECARDS = """query($since: DateTime!, $until: DateTime!) { departmentScorecards(since: $since,
  until: $until) { departmentId departmentName summoned reported reportedOnTime resolved
  resolvedOnTime averageResponseMinutes onTimeRate satisfactionRate } }"""
MEASURES = """query($since: DateTime!, $until: DateTime!, $gridId: ID) { caseMeasures(since: $since,
  until: $until, groupBy: GRID, gridId: $gridId) { key reported resolved resolvedAtGridOrCommunity
  resolvedOnTime rated satisfied backlog overdue gridCommunityShare onTimeRate satisfactionRate } }"""


def period() -> dict:
    now = datetime.now(timezone.utc)
    return {"since": (now - timedelta(hours=1)).isoformat(), "until": (now + timedelta(hours=1)).isoformat()}


def test_three_departments_one_late(county_a, gateway_url, superuser_db):
    place = lay_out(county_a)
    case_id = report(county_a, place["grid"], category="dispute", description="占道经营屡禁不止")
    run(county_a, ACCEPT, caseId=case_id, level="STREET")
    names = [f"城管局{uuid.uuid4().hex[:4]}", f"住建局{uuid.uuid4().hex[:4]}",
             f"市场监管局{uuid.uuid4().hex[:4]}"]
    departments = [{"departmentId": str(uuid.uuid4()), "name": n} for n in names]
    whistled = run(county_a, WHISTLE, caseId=case_id, departments=departments,
                   respondWithinHours=2, note="联合执法")
    parts = whistled["whistleParts"]
    assert [p["status"] for p in parts] == ["summoned"] * 3
    late = next(p for p in parts if p["departmentName"] == names[2])
    superuser_db("dispatch", "UPDATE whistle_parts SET respond_by = now() - interval '10 minutes' "
                             "WHERE id = :p", p=uuid.UUID(late["id"]))
    department = Client(gateway_url, token("341181", "department"))
    for part in parts:
        reported = run(department, REPORT_IN, partId=part["id"], note="已报到")
        assert reported["reportedOnTime"] is (part["id"] != late["id"])
    blocked = run(county_a, RESOLVE, caseId=case_id)
    assert (blocked["code"], blocked["field"]) == ("CONFLICT", "caseId")
    member = str(uuid.uuid4())
    for n, part in enumerate(parts):
        assert run(department, RESOLVE_PART, partId=part["id"],
                   handlerMemberIds=[member] if n == 0 else [])["status"] == "resolved"
    case = county_a(CASE, id=case_id)["case"]
    assert case["status"] == "resolved" and case["handlerMemberIds"] == [member]
    actions = [t["action"] for t in case["timeline"]]
    assert actions.count("report_in") == 3 and actions.count("part_resolve") == 3
    assert actions[-1] == "resolve"
    run(county_a, VERIFY, caseId=case_id)
    run(county_a, RATE, caseId=case_id, rating="SATISFIED")

    cards = {c["departmentName"]: c for c in county_a(SCORECARDS, **period())["departmentScorecards"]}
    assert cards[names[2]]["reportedOnTime"] == 0 and cards[names[0]]["reportedOnTime"] == 1
    for name in names:
        card = cards[name]
        assert (card["summoned"], card["reported"], card["resolved"], card["resolvedOnTime"]) == (1, 1, 1, 1)
        assert card["onTimeRate"] == 1.0 and card["satisfactionRate"] == 1.0
    [measure] = county_a(MEASURES, gridId=place["grid"], **period())["caseMeasures"]
    assert measure == {"key": place["grid"], "reported": 1, "resolved": 1,
                       "resolvedAtGridOrCommunity": 0, "resolvedOnTime": 1, "rated": 1,
                       "satisfied": 1, "backlog": 0, "overdue": 0, "gridCommunityShare": 0.0,
                       "onTimeRate": 1.0, "satisfactionRate": 1.0}


def test_whistle_refusals_write_nothing(county_a, county_b, gateway_url, superuser_db):
    place = lay_out(county_a)
    grid_case = report(county_a, place["grid"])
    run(county_a, ACCEPT, caseId=grid_case)
    one = [{"departmentId": str(uuid.uuid4()), "name": "城管局"}]
    before = superuser_db("dispatch", "SELECT count(*) FROM whistle_parts")
    for fields, code, field in [
        ({"caseId": grid_case, "departments": one}, "ILLEGAL_TRANSITION", "caseId"),
        ({"caseId": grid_case, "departments": []}, "VALIDATION_FAILED", "departments"),
        ({"caseId": grid_case, "departments": one, "respondWithinHours": 0}, "VALIDATION_FAILED",
         "respondWithinHours"),
        ({"caseId": grid_case, "departments": [{"departmentId": "x", "name": "城管局"}]},
         "VALIDATION_FAILED", "departments.0.departmentId"),
        ({"caseId": str(uuid.uuid4()), "departments": one}, "NOT_FOUND", "caseId"),
    ]:
        result = run(county_a, WHISTLE, **fields)
        assert (result["code"], result["field"]) == (code, field), result
    street_case = report(county_a, place["grid"])
    run(county_a, ACCEPT, caseId=street_case, level="STREET")
    assert run(county_b, WHISTLE, caseId=street_case, departments=one)["code"] == "NOT_FOUND"
    assert superuser_db("dispatch", "SELECT count(*) FROM whistle_parts") == before
    part = run(county_a, WHISTLE, caseId=street_case, departments=one)["whistleParts"][0]
    other_department = Client(gateway_url, token("341102", "department"))
    assert run(other_department, REPORT_IN, partId=part["id"])["code"] == "NOT_FOUND"
    early = run(Client(gateway_url, token("341181", "department")), RESOLVE_PART, partId=part["id"])
    assert (early["code"], early["field"]) == ("ILLEGAL_TRANSITION", "partId")
    assert superuser_db("dispatch", "SELECT status FROM whistle_parts WHERE id = :p",
                        p=uuid.UUID(part["id"])) == "summoned"
