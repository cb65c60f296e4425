"""Whistle-and-report through the gateway: a street summons three departments, one reports late;
the case resolves when the last part does; the scorecards and measures show it. A department's
account (token claim ``department``) acts only on its own department's part. A part past its
deadline is marked once by the overdue timer, and its department and the street are told."""
from __future__ import annotations

import time
import uuid
from datetime import datetime, timedelta, timezone

from shared.principal import Scope
from shared.settings import Settings
from shared.tokens import mint_dev_token
from tests.integration.conftest import Client, token
from tests.integration.dispatch_ops import ACCEPT, CASE, RATE, RESOLVE, VERIFY, report, run
from tests.integration.organization_ops import add_member, root_org
from tests.integration.territory_ops import created, lay_out
from tests.integration.test_dispatch_inbox import notices
from tests.integration.test_dispatch_overdue import wait_until
from tests.support import TEST_JWT_SECRET, start_services

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


def department_token(tenant: str, department_id: str | None) -> str:
    """A ``department`` account's token naming its department (none when ``department_id`` is None)."""
    return mint_dev_token(Settings(jwt_secret=TEST_JWT_SECRET), tenant=tenant, roles=["department"],
                          department=department_id, lifetime=3600)


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
    ids = {d["name"]: d["departmentId"] for d in departments}
    accounts = {p["id"]: Client(gateway_url, department_token("341181", ids[p["departmentName"]]))
                for p in parts}
    for part in parts:
        reported = run(accounts[part["id"]], REPORT_IN, partId=part["id"], note="已报到")
        assert reported["reportedOnTime"] is (part["id"] != late["id"])
    blocked = run(county_a, RESOLVE, caseId=case_id)
    assert (blocked["code"], blocked["field"]) == ("CONFLICT", "caseId")
    member = created(add_member(county_a, root_org(county_a)), "PartyMember")["id"]
    for n, part in enumerate(parts):
        assert run(accounts[part["id"]], RESOLVE_PART, partId=part["id"],
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
    other_county = Client(gateway_url, department_token("341102", one[0]["departmentId"]))
    assert run(other_county, REPORT_IN, partId=part["id"])["code"] == "NOT_FOUND"
    early = run(Client(gateway_url, department_token("341181", one[0]["departmentId"])), RESOLVE_PART,
                partId=part["id"])
    assert (early["code"], early["field"]) == ("ILLEGAL_TRANSITION", "partId")
    assert superuser_db("dispatch", "SELECT status FROM whistle_parts WHERE id = :p",
                        p=uuid.UUID(part["id"])) == "summoned"


def refused(client: Client, document: str, part_id: str) -> dict:
    """The FORBIDDEN error (a GraphQL error, as every refusal by role) of acting on a part."""
    body = client.raw(document, {"input": {"partId": part_id}}).json()
    assert body["data"] is None and len(body["errors"]) == 1, body
    error = body["errors"][0]
    assert error["extensions"]["code"] == "FORBIDDEN", body
    return error


def test_each_department_acts_only_on_its_own_part(county_a, gateway_url, superuser_db):
    place = lay_out(county_a)
    case_id = report(county_a, place["grid"], category="dispute", description="违建占用消防通道")
    run(county_a, ACCEPT, caseId=case_id, level="STREET")
    a, b = ({"departmentId": str(uuid.uuid4()), "name": f"{n}{uuid.uuid4().hex[:4]}"}
            for n in ("城管局", "消防大队"))
    parts = {p["departmentName"]: p for p in run(county_a, WHISTLE, caseId=case_id,
                                                   departments=[a, b])["whistleParts"]}
    part_a, part_b = parts[a["name"]], parts[b["name"]]
    account_a = Client(gateway_url, department_token("341181", a["departmentId"]))
    account_b = Client(gateway_url, department_token("341181", b["departmentId"]), language="zh-CN")
    error = refused(account_a, REPORT_IN, part_b["id"])  # A cannot report for B, nor B for A
    assert error["extensions"]["field"] == "partId" and b["name"] in error["message"]
    error = refused(account_b, REPORT_IN, part_a["id"])
    assert a["name"] in error["extensions"]["message_en"] and a["name"] in error["extensions"]["message_zh"]
    assert error["message"] == error["extensions"]["message_zh"]  # bilingual, as Accept-Language asks
    nameless = refused(Client(gateway_url, department_token("341181", None)), REPORT_IN, part_a["id"])
    assert "names no department" in nameless["message"]
    assert superuser_db("dispatch", "SELECT count(*) FROM whistle_parts WHERE case_id = :c "
                                    "AND status = 'summoned'", c=uuid.UUID(case_id)) == 2
    assert run(account_a, REPORT_IN, partId=part_a["id"])["status"] == "reported"
    assert run(account_b, REPORT_IN, partId=part_b["id"])["status"] == "reported"
    refused(account_b, RESOLVE_PART, part_a["id"])
    assert run(account_a, RESOLVE_PART, partId=part_a["id"])["status"] == "resolved"
    assert run(county_a, RESOLVE_PART, partId=part_b["id"])["status"] == "resolved"  # county: any part
    assert county_a(CASE, id=case_id)["case"]["status"] == "resolved"


PARTS = """query($id: ID!) { case(id: $id) { whistleParts { id departmentName status respondBy
  responseOverdueAt resolveOverdueAt } timeline { seq action actor note } } }"""


def test_an_overdue_part_is_marked_once_and_its_department_told(county_a, gateway_url, platform_env,
                                                                superuser_db, tmp_path):
    place = lay_out(county_a)
    case_id = report(county_a, place["grid"], category="dispute", description="油烟扰民")
    run(county_a, ACCEPT, caseId=case_id, level="STREET")
    late, prompt = ({"departmentId": str(uuid.uuid4()), "name": f"{n}{uuid.uuid4().hex[:4]}"}
                    for n in ("生态环境局", "城管局"))
    parts = {p["departmentName"]: p for p in run(county_a, WHISTLE, caseId=case_id,
                                                   departments=[late, prompt])["whistleParts"]}
    late_part = parts[late["name"]]
    late_account = Client(gateway_url, department_token("341181", late["departmentId"]))
    prompt_account = Client(gateway_url, department_token("341181", prompt["departmentId"]))
    street = Client(gateway_url, token("341181", "street_staff", scope=Scope("street", place["street"])))
    run(prompt_account, REPORT_IN, partId=parts[prompt["name"]]["id"])
    # a dispatch replica whose timer sweeps every 0.2 s (besides the platform's own)
    replica_dir = tmp_path / "replica"
    replica_dir.mkdir()
    replica = start_services(["dispatch"], {**platform_env, "CIVICGRID_DISPATCH_SWEEP_SECONDS": "0.2"},
                             replica_dir)
    marked = ("SELECT count(*) FROM whistle_parts WHERE case_id = :c "
              "AND response_overdue_at IS NOT NULL")
    try:
        assert superuser_db("dispatch", marked, c=uuid.UUID(case_id)) == 0  # nobody is late yet
        # time passes: the late department's report-by time is now ten minutes ago (the other
        # department reported, so it is not late whatever its report-by time)
        superuser_db("dispatch", "UPDATE whistle_parts SET respond_by = now() - interval '10 minutes' "
                                 "WHERE case_id = :c", c=uuid.UUID(case_id))
        wait_until(lambda: superuser_db("dispatch", marked, c=uuid.UUID(case_id)) >= 1)
        first = county_a(PARTS, id=case_id)["case"]
        time.sleep(1.5)  # further passes of both timers would mark and tell again now
        again = county_a(PARTS, id=case_id)["case"]
    finally:
        replica.stop()
    assert "ready: dispatch" in replica.output()
    assert again == first  # the second pass changed nothing: same marks, same timeline
    by_name = {p["departmentName"]: p for p in again["whistleParts"]}
    assert by_name[late["name"]]["responseOverdueAt"] is not None
    assert by_name[late["name"]]["resolveOverdueAt"] is None and by_name[late["name"]]["status"] == "summoned"
    assert by_name[prompt["name"]]["responseOverdueAt"] is None
    [entry] = [t for t in again["timeline"] if t["action"] == "part_overdue"]
    assert entry["actor"] is None and entry["note"] == f"吹哨任务：{late['name']}超时未报到"
    assert superuser_db("dispatch", marked, c=uuid.UUID(case_id)) == 1

    [notice] = [n for n in notices(late_account, case_id) if n["kind"] == "whistle.overdue"]
    assert (notice["seq"], notice["audience"], notice["departmentId"]) == (
        entry["seq"], "department", late["departmentId"])
    assert late["name"] in notice["summaryZh"] and "超时未报到" in notice["titleZh"]
    assert [n["seq"] for n in notices(street, case_id) if n["kind"] == "whistle.overdue"] == [entry["seq"]]
    assert not [n for n in notices(prompt_account, case_id) if n["kind"] == "whistle.overdue"]
    assert superuser_db("dispatch", "SELECT count(*) FROM notifications WHERE case_id = :c "
                                    "AND kind = 'whistle.overdue'", c=uuid.UUID(case_id)) == 2
    assert late_part["id"] == by_name[late["name"]]["id"]
