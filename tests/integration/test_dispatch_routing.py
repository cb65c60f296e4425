"""Routing rules per category through the gateway: a county's category can start its cases at a
higher level (with its own deadline table) or send them straight to a department (summoned on
acceptance; the case resolves when the department does); bad rules are refused."""
from __future__ import annotations

import uuid

from shared.principal import Scope
from tests.integration.conftest import Client, token
from tests.integration.dispatch_ops import ACCEPT, ERROR, REPORT, run
from tests.integration.territory_ops import lay_out
from tests.integration.test_dispatch_whistle import department_token

SET = f"""mutation($input: SetCategoryInput!) {{ setCategory(input: $input) {{ __typename
  ... on CaseCategory {{ code name parentCode startLevel departmentName configured
    deadlineWorkdays {{ building grid community street }} }} {ERROR} }} }}"""
CATEGORIES = """query($after: String) { caseCategories(first: 100, after: $after) {
  edges { node { code startLevel configured active } } pageInfo { hasNextPage endCursor } } }"""
PARTS = "query($id: ID!) { case(id: $id) { status level whistleParts { id departmentName status } } }"
PART_STEP = """mutation($input: WhistlePartStepInput!) { %s(input: $input) {
  __typename ... on WhistlePart { status } %s } }"""


def category(label: str) -> str:
    return f"t_{label}_{uuid.uuid4().hex[:6]}"


def test_a_category_can_start_higher_with_its_own_deadlines(county_a, gateway_url):
    code = category("noise")
    rule = county_a(SET, input={"code": code, "name": "噪声扰民", "parentCode": "environment",
                                "startLevel": "COMMUNITY",
                                "deadlineWorkdays": {"community": 2}})["setCategory"]
    assert (rule["startLevel"], rule["parentCode"], rule["configured"]) == ("COMMUNITY", "environment", True)
    assert rule["deadlineWorkdays"] == {"building": 1, "grid": 3, "community": 2, "street": 7}
    place = lay_out(county_a)
    case = county_a(REPORT, input={"gridId": place["grid"], "category": code,
                                   "description": "夜间施工噪声"})["reportCase"]
    assert (case["status"], case["level"]) == ("reported", "COMMUNITY")
    staff = Client(gateway_url, token("341181", "community_staff",
                                      scope=Scope("community", place["community"])))
    accepted = run(staff, ACCEPT, caseId=case["id"])
    assert (accepted["status"], accepted["level"]) == ("accepted", "COMMUNITY")
    plain = county_a(REPORT, input={"gridId": place["grid"], "category": "environment",
                                    "description": "无规则的分类"})["reportCase"]
    assert plain["level"] is None and run(county_a, ACCEPT, caseId=plain["id"])["level"] == "GRID"
    codes = {e["node"]["code"]: e["node"] for e in county_a(CATEGORIES)["caseCategories"]["edges"]}
    assert codes[code]["configured"] and not codes["parking"]["configured"]


def test_a_category_can_go_straight_to_a_department(county_a, gateway_url, superuser_db):
    code, department = category("gas"), str(uuid.uuid4())
    county_a(SET, input={"code": code, "name": "燃气泄漏", "department": {
        "departmentId": department, "name": "燃气公司"}, "respondWithinHours": 1,
        "resolveWithinWorkdays": 1})
    place = lay_out(county_a)
    case = county_a(REPORT, input={"gridId": place["grid"], "category": code,
                                   "description": "楼道有燃气味"})["reportCase"]
    assert (case["level"], case["routedDepartmentName"]) == ("STREET", "燃气公司")
    assert county_a(PARTS, id=case["id"])["case"]["whistleParts"] == []
    run(county_a, ACCEPT, caseId=case["id"])
    parts = county_a(PARTS, id=case["id"])["case"]["whistleParts"]
    assert [(p["departmentName"], p["status"]) for p in parts] == [("燃气公司", "summoned")]
    assert superuser_db("dispatch", """SELECT payload->'department_ids'->>0 FROM outbox
                        WHERE event_type = 'case.whistled' AND payload->>'case_id' = :c""",
                        c=case["id"]) == department
    dept = Client(gateway_url, department_token("341181", department))  # the routed department
    for name in ("reportForWhistle", "resolveWhistlePart"):
        assert dept(PART_STEP % (name, ERROR), input={"partId": parts[0]["id"]})[name]["__typename"] == "WhistlePart"
    assert county_a(PARTS, id=case["id"])["case"]["status"] == "resolved"


def test_bad_rules_are_refused(county_a, gateway_url, superuser_db):
    code, child = category("tree"), category("leaf")
    county_a(SET, input={"code": code, "name": "树木"})
    county_a(SET, input={"code": child, "name": "枯枝", "parentCode": code})
    before = superuser_db("dispatch", "SELECT count(*) FROM category_rules")
    refusals = [
        ({"code": "Bad Code", "name": "x"}, "VALIDATION_FAILED", "code"),
        ({"code": code, "name": ""}, "VALIDATION_FAILED", "name"),
        ({"code": code, "name": "x", "parentCode": "nope"}, "VALIDATION_FAILED", "parentCode"),
        ({"code": code, "name": "x", "parentCode": child}, "CYCLE", "parentCode"),
        ({"code": code, "name": "x", "parentCode": code}, "CYCLE", "parentCode"),
        ({"code": code, "name": "x", "deadlineWorkdays": {"grid": 0}}, "VALIDATION_FAILED",
         "deadlineWorkdays.grid"),
    ]
    for fields, code_, field in refusals:
        result = county_a(SET, input=fields)["setCategory"]
        assert (result["code"], result["field"]) == (code_, field), (fields, result)
    assert superuser_db("dispatch", "SELECT count(*) FROM category_rules") == before
    worker = Client(gateway_url, token("341181", "grid_worker"))
    body = worker.raw(SET, {"input": {"code": code, "name": "x"}}).json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
