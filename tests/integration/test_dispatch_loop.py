"""The closed loop through the gateway on RabbitMQ + PostgreSQL: every step on the timeline,
events in the outbox, illegal steps refused in both languages, bad input names the field and
writes nothing, and another county cannot touch the case."""
from __future__ import annotations

import uuid

from shared.principal import Scope
from tests.integration.conftest import Client, token
from tests.integration.dispatch_ops import (
    ACCEPT, ARCHIVE, CASE, ESCALATE, MERGE, RATE, REJECT, RESOLVE, VERIFY, report, run,
)
from tests.integration.organization_ops import add_member, root_org
from tests.integration.territory_ops import created, lay_out

EVENTS = """SELECT string_agg(event_type, ',' ORDER BY created_at) FROM outbox
            WHERE payload->>'case_id' = :id"""


def written(superuser_db, case_id: str) -> tuple:
    return (superuser_db("dispatch", "SELECT count(*) FROM case_timeline WHERE case_id = :c",
                         c=uuid.UUID(case_id)),
            superuser_db("dispatch", "SELECT status FROM cases WHERE id = :c", c=uuid.UUID(case_id)),
            superuser_db("dispatch", EVENTS, id=case_id))


def test_full_loop_with_an_unsatisfied_rating(county_a, gateway_url, superuser_db):
    place = lay_out(county_a)
    case_id = report(county_a, place["grid"])
    worker = Client(gateway_url, token("341181", "grid_worker", scope=Scope("grid", place["grid"])))
    member = created(add_member(county_a, root_org(county_a)), "PartyMember")["id"]
    accepted = run(worker, ACCEPT, caseId=case_id, note="网格员受理")
    assert (accepted["status"], accepted["level"]) == ("accepted", "GRID") and accepted["dueAt"]
    escalated = run(worker, ESCALATE, caseId=case_id, note="需社区协调")
    assert (escalated["status"], escalated["level"]) == ("escalated", "COMMUNITY")
    resolved = run(county_a, RESOLVE, caseId=case_id, handlerMemberIds=[member])
    assert resolved["status"] == "resolved" and resolved["handlerMemberIds"] == [member]
    assert run(worker, VERIFY, caseId=case_id)["status"] == "verified"
    reopened = run(county_a, RATE, caseId=case_id, rating="UNSATISFIED", note="仍有异味")
    assert (reopened["status"], reopened["rating"]) == ("accepted", "UNSATISFIED")
    run(county_a, RESOLVE, caseId=case_id)
    run(worker, VERIFY, caseId=case_id)
    assert run(county_a, RATE, caseId=case_id, rating="BASICALLY_SATISFIED")["status"] == "rated"
    assert run(county_a, ARCHIVE, caseId=case_id)["status"] == "archived"

    timeline = county_a(CASE, id=case_id)["case"]["timeline"]
    assert [(t["action"], t["toStatus"]) for t in timeline] == [
        ("report", "reported"), ("accept", "accepted"), ("escalate", "escalated"),
        ("resolve", "resolved"), ("verify", "verified"), ("rate", "accepted"),
        ("resolve", "resolved"), ("verify", "verified"), ("rate", "rated"),
        ("archive", "archived")]
    assert timeline[1]["actor"] == timeline[2]["actor"] != timeline[3]["actor"]
    assert timeline[2]["note"] == "需社区协调" and timeline[2]["level"] == "COMMUNITY"
    assert written(superuser_db, case_id) == (10, "archived", ",".join([
        "case.reported", "case.accepted", "case.escalated", "case.resolved", "case.closed",
        "case.rated", "case.reopened", "case.resolved", "case.closed", "case.rated",
        "case.archived"]))


def test_illegal_transition_names_state_and_allowed_in_both_languages(county_a, gateway_url,
                                                                      superuser_db):
    case_id = report(county_a, lay_out(county_a)["grid"])
    before = written(superuser_db, case_id)
    en = run(county_a, RESOLVE, caseId=case_id)
    assert (en["__typename"], en["code"], en["field"]) == ("OperationError", "ILLEGAL_TRANSITION",
                                                           "caseId")
    assert "reported" in en["message"] and "accept, merge, reject" in en["message"]
    zh = run(Client(gateway_url, token("341181"), language="zh"), ARCHIVE, caseId=case_id)
    assert "已上报" in zh["message"] and "受理" in zh["message"]
    run(county_a, ACCEPT, caseId=case_id, level="STREET")
    top = run(county_a, ESCALATE, caseId=case_id)
    assert (top["code"], top["field"]) == ("ILLEGAL_TRANSITION", "toLevel")
    assert written(superuser_db, case_id)[0] == before[0] + 1  # only the accept


def test_bad_input_names_the_field_and_writes_nothing(county_a, superuser_db):
    place = lay_out(county_a)
    case_id, other = report(county_a, place["grid"]), report(county_a, place["grid"])
    before = written(superuser_db, case_id)
    refusals = [
        (ACCEPT, {"caseId": "not-an-id"}, "VALIDATION_FAILED", "caseId"),
        (ACCEPT, {"caseId": case_id, "note": "x" * 501}, "VALIDATION_FAILED", "note"),
        (REJECT, {"caseId": case_id, "note": "   "}, "VALIDATION_FAILED", "note"),
        (MERGE, {"caseId": case_id, "intoCaseId": "x"}, "VALIDATION_FAILED", "intoCaseId"),
        (MERGE, {"caseId": case_id, "intoCaseId": str(uuid.uuid4())}, "NOT_FOUND", "intoCaseId"),
        (MERGE, {"caseId": case_id, "intoCaseId": case_id}, "CONFLICT", "intoCaseId"),
        (ESCALATE, {"caseId": str(uuid.uuid4())}, "NOT_FOUND", "caseId"),
        (RESOLVE, {"caseId": case_id, "handlerMemberIds": ["m-1"]}, "VALIDATION_FAILED",
         "handlerMemberIds.0"),
        (VERIFY, {"caseId": ""}, "VALIDATION_FAILED", "caseId"),
        (RATE, {"caseId": str(uuid.uuid4()), "rating": "SATISFIED"}, "NOT_FOUND", "caseId"),
        (ARCHIVE, {"caseId": case_id}, "ILLEGAL_TRANSITION", "caseId"),
    ]
    for document, fields, code, field in refusals:
        result = run(county_a, document, **fields)
        assert (result["__typename"], result["code"], result["field"]) == (
            "OperationError", code, field), (fields, result)
    assert written(superuser_db, case_id) == before
    merged = run(county_a, MERGE, caseId=case_id, intoCaseId=other)
    assert (merged["status"], merged["mergedInto"]) == ("merged", other)


def test_another_county_cannot_touch_the_case(county_a, county_b, superuser_db):
    case_id = report(county_a, lay_out(county_a)["grid"])
    before = written(superuser_db, case_id)
    for document in (ACCEPT, REJECT):
        fields = {"caseId": case_id} | ({"note": "越权"} if document is REJECT else {})
        result = run(county_b, document, **fields)
        assert (result["code"], result["field"]) == ("NOT_FOUND", "caseId")
    assert county_b(CASE, id=case_id)["case"] is None
    assert written(superuser_db, case_id) == before


def test_roles_and_scope(county_a, gateway_url):
    place, elsewhere = lay_out(county_a), lay_out(county_a)
    case_id = report(county_a, place["grid"])
    other_worker = Client(gateway_url, token("341181", "grid_worker",
                                             scope=Scope("grid", elsewhere["grid"])))
    assert run(other_worker, ACCEPT, caseId=case_id)["code"] == "NOT_FOUND"
    resident = Client(gateway_url, token("341181", "resident"))
    body = resident.raw(ACCEPT, {"input": {"caseId": case_id}}).json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
