"""The suggested star rating (星级评定建议) end to end: a grid with a rated case in dispatch, a
party member who handled it (dispatch's case.resolved → a service record) and whose volunteer
hours were confirmed (volunteer's hours.confirmed → a service record with hours), dual
registration; the suggestion is computed from dispatch's measures (bounded RPC) and the records,
by the tenant's formula, and shown beside the rating a person decided."""
from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from tests.integration.dispatch_ops import ACCEPT, RATE, RESOLVE, VERIFY, report, run
from tests.integration.organization_ops import add_member, create_org, root_org
from tests.integration.territory_ops import lay_out
from tests.integration.test_volunteer_cases import wait_for
from tests.integration.test_volunteer_flow import CHECK_IN, CODE, CONFIRM, activity, register

ERR = "... on OperationError { code field fieldErrors { field message } }"
FORMULA = """mutation($input: SetStarFormulaInput!) { setStarFormula(input: $input) {
  __typename ... on StarFormula { weightSatisfaction thresholds setBy } %s } }""" % ERR
REGISTER_WITH = """mutation($input: RegisterWithCommunityInput!) { registerWithCommunity(input: $input) { __typename } }"""
RECORDS = "query($id: ID!) { memberServiceRecords(memberId: $id) { source sourceId detail hours } }"
PARTS = "stars score members parts { name figure score weight note }"
SUGGESTION = "query($o: ID!, $y: Int!) { starSuggestion(orgId: $o, year: $y) { %s } }" % PARTS
PLAN = """mutation($input: SetStarPlanInput!) { setStarPlan(input: $input) { __typename } }"""
EVALUATE = """mutation($input: EvaluateStarsInput!) { evaluateStars(input: $input) { __typename } }"""
RECORD = """query($o: ID!, $y: Int!) { starRecord(orgId: $o, year: $y) { stars reasons
  suggestion { %s } } }""" % PARTS
DEFAULTS = {"weightSatisfaction": 30, "weightOnTime": 20, "weightServices": 20, "weightHours": 15,
            "weightRegistration": 15, "targetServices": 12, "targetHours": 24, "thresholds": [40, 60, 75, 90]}


def test_suggestion_from_cases_services_hours_and_registration(county_a, county_b):
    year = datetime.now(ZoneInfo("Asia/Shanghai")).year
    assert county_a(FORMULA, input=DEFAULTS)["setStarFormula"]["setBy"]
    place = lay_out(county_a)
    county = root_org(county_a)
    label = uuid.uuid4().hex[:6]
    street = create_org(county_a, f"街道党工委{label}", "street_working_committee", county, streetId=place["street"])
    community = create_org(county_a, f"社区党委{label}", "community_committee", street["id"],
                           communityId=place["community"])
    grid = create_org(county_a, f"网格党支部{label}", "grid_branch", community["id"], gridId=place["grid"])
    active = add_member(county_a, grid["id"], "在职党员", inService=True, residenceCommunityId=place["community"])
    add_member(county_a, grid["id"], "退休党员")
    # a volunteer before the dual registration, whose event then finds it (registering after it
    # would race the event that makes the member a volunteer)
    volunteer = register(county_a, "在职党员", kind="party_member", memberId=active["id"])
    assert county_a(REGISTER_WITH, input={"memberId": active["id"], "duties": "楼栋长", "pledge": "每月服务"})[
        "registerWithCommunity"]["__typename"] == "CommunityRegistration"

    case_id = report(county_a, place["grid"], description="楼道堆物")
    run(county_a, ACCEPT, caseId=case_id)
    run(county_a, RESOLVE, caseId=case_id, handlerMemberIds=[active["id"]])
    run(county_a, VERIFY, caseId=case_id)
    assert run(county_a, RATE, caseId=case_id, rating="SATISFIED")["status"] == "rated"

    act = activity(county_a)
    code = county_a(CODE, a=act["id"])["activityCheckinCode"]
    county_a("""mutation($v: ID!, $a: ID!) { signUpForActivity(volunteerId: $v, activityId: $a) { __typename } }""",
             v=volunteer["id"], a=act["id"])
    county_a(CHECK_IN, v=volunteer["id"], a=act["id"], code=code)
    assert county_a(CONFIRM, input={"volunteerId": volunteer["id"], "activityId": act["id"], "hours": 2})[
        "confirmVolunteerHours"]["confirmedHours"] == 2

    records = wait_for(lambda: county_a(RECORDS, id=active["id"])["memberServiceRecords"],
                       lambda r: len(r) >= 2)
    assert sorted((r["source"], r["hours"]) for r in records) == [("activity", 2.0), ("case", None)]
    assert next(r for r in records if r["source"] == "activity")["detail"].startswith("垃圾分类宣传")

    got = county_a(SUGGESTION, o=grid["id"], y=year)["starSuggestion"]
    parts = {p["name"]: p for p in got["parts"]}
    assert got["members"] == 2
    assert (parts["satisfaction"]["figure"], parts["on_time"]["figure"]) == (1.0, 1.0)
    assert parts["services"]["figure"] == 1.0 and parts["hours"]["figure"] == 1.0  # per member: 2 / 2
    assert parts["registration"]["figure"] == 1.0  # the one in-service member registered
    # 30×1 + 20×1 + 20×(1/12) + 15×(1/24) + 15×1 = 67.29 → 3 stars with 40/60/75/90
    assert (got["score"], got["stars"]) == (67.3, 3)

    county_a(PLAN, input={"orgId": grid["id"], "year": year,
                          "tasks": [{"title": "规范三会一课", "owner": "王书记", "deadline": f"{year}-06-30"}]})
    county_a(EVALUATE, input={"orgId": grid["id"], "year": year, "stars": 4, "reasons": "群众满意"})
    shown = county_a(RECORD, o=grid["id"], y=year)["starRecord"]
    assert (shown["stars"], shown["suggestion"]["stars"]) == (4, 3)  # decided beside suggested

    stricter = county_a(FORMULA, input={**DEFAULTS, "thresholds": [10, 20, 30, 40]})["setStarFormula"]
    assert stricter["thresholds"] == [10, 20, 30, 40]
    assert county_a(SUGGESTION, o=grid["id"], y=year)["starSuggestion"]["stars"] == 5
    county_a(FORMULA, input=DEFAULTS)
    assert county_b(SUGGESTION, o=grid["id"], y=year)["starSuggestion"] is None


def test_a_unit_org_has_no_case_figures_and_bad_formulas_are_refused(county_a, superuser_db):
    county = root_org(county_a)
    unit = create_org(county_a, f"市财政局机关党委{uuid.uuid4().hex[:4]}", "agency", county, level="committee")
    got = county_a(SUGGESTION, o=unit["id"], y=2026)["starSuggestion"]
    parts = {p["name"]: p for p in got["parts"]}
    assert parts["satisfaction"]["score"] is None and "unit org" in parts["satisfaction"]["note"]
    assert (got["members"], got["stars"], got["score"]) == (0, None, None)
    before = superuser_db("organization", "SELECT count(*) FROM star_formulas")
    bad = county_a(FORMULA, input={**DEFAULTS, "thresholds": [90, 60, 75, 40], "weightSatisfaction": 0,
                                   "weightOnTime": 0, "weightServices": 0, "weightHours": 0,
                                   "weightRegistration": 0})["setStarFormula"]
    assert bad["code"] == "VALIDATION_FAILED"
    assert {e["field"] for e in bad["fieldErrors"]} == {"thresholds", "weightRegistration"}
    assert superuser_db("organization", "SELECT count(*) FROM star_formulas") == before
    bad_id = county_a.raw(SUGGESTION, {"o": "nope", "y": 2026}).json()
    assert bad_id["errors"][0]["extensions"]["code"] == "VALIDATION_FAILED"
