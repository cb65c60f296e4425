"""Emergency activation (一键启动) through the gateway: cadres get tasks, acknowledge their own,
the share per community is queryable, deactivation ends it; events go out through the outbox."""
from __future__ import annotations

import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from shared.principal import Scope
from tests.integration.conftest import Client, token
from tests.integration.test_grid_helpers import lay_out_building, login

ASSIGN = """mutation($input: AssignCadreInput!) { assignCadre(input: $input) {
  __typename ... on CadreAssignment { id communityId compoundId buildingId }
  ... on OperationError { code field } } }"""
ACTIVATE = """mutation($input: ActivateEmergencyInput!) { activateEmergency(input: $input) {
  __typename ... on Emergency { id taskCount acknowledged endedAt } ... on OperationError { code field } } }"""
ACK = """mutation($taskId: ID!) { acknowledgeEmergency(taskId: $taskId) {
  __typename ... on EmergencyTask { id acknowledgedAt } ... on OperationError { code field } } }"""
END = """mutation($id: ID!) { deactivateEmergency(id: $id) {
  __typename ... on Emergency { id endedAt acknowledged taskCount } ... on OperationError { code field } } }"""
STATUS = """query($id: ID!) { emergencyStatus(id: $id) { emergency { taskCount acknowledged }
  communities { communityId tasks acknowledged share } } }"""
MINE = "{ myEmergencyTasks { id emergencyId acknowledgedAt } }"


def outbox_sent(db, event: str, emergency_id: str) -> bool:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if db("grid", "SELECT count(*) FROM outbox WHERE event_type = :e AND payload->>'emergency_id' = :i "
                      "AND sent_at IS NOT NULL", e=event, i=emergency_id):
            return True
        time.sleep(0.2)
    return False


def test_activation_acknowledgement_and_end(county_a, gateway_url, superuser_db):
    east, west = lay_out_building(county_a), lay_out_building(county_a)
    tag = uuid.uuid4().hex[:8]
    subjects = [f"cadre-{tag}-{i}" for i in range(3)]
    for subject, place, kind, key in ((subjects[0], east, "cadre", "buildingId"),
                                      (subjects[1], east, "department", "compoundId"),
                                      (subjects[2], west, "county_leader", "communityId")):
        field = {"buildingId": "building", "compoundId": "compound", "communityId": "community"}[key]
        made = county_a(ASSIGN, input={"subject": subject, "name": "干部", "kind": kind, key: place[field]})
        assert made["assignCadre"]["__typename"] == "CadreAssignment"
    scope = {"scopeLevel": "street", "scopeId": east["street"], "reason": "防汛演练"}
    active = county_a(ACTIVATE, input=scope)["activateEmergency"]
    assert (active["taskCount"], active["acknowledged"]) == (2, 0)
    again = county_a(ACTIVATE, input=scope)["activateEmergency"]
    assert (again["code"], again["field"]) == ("CONFLICT", "scopeId")
    first = Client(gateway_url, login(subjects[0]))
    [task] = [t for t in first(MINE)["myEmergencyTasks"] if t["emergencyId"] == active["id"]]
    other = Client(gateway_url, login(subjects[1]))
    assert other(ACK, taskId=task["id"])["acknowledgeEmergency"]["code"] == "NOT_FOUND"
    assert first(ACK, taskId=task["id"])["acknowledgeEmergency"]["acknowledgedAt"]
    status = county_a(STATUS, id=active["id"])["emergencyStatus"]
    assert status["emergency"] == {"taskCount": 2, "acknowledged": 1}
    assert status["communities"] == [{"communityId": east["community"], "tasks": 2, "acknowledged": 1,
                                      "share": 0.5}]
    ended = county_a(END, id=active["id"])["deactivateEmergency"]
    assert ended["endedAt"] and ended["acknowledged"] == 1
    assert county_a(END, id=active["id"])["deactivateEmergency"]["code"] == "CONFLICT"
    assert other(MINE)["myEmergencyTasks"] == []
    for event in ("emergency.activated", "emergency.acknowledged", "emergency.ended"):
        assert outbox_sent(superuser_db, event, active["id"]), event
    payload = superuser_db("grid", "SELECT payload::text FROM outbox WHERE event_type = 'emergency.acknowledged' "
                                   "AND payload->>'emergency_id' = :i", i=active["id"])
    assert json.loads(payload) == {
        "emergency_id": active["id"], "task_id": task["id"], "subject": subjects[0],
        "assignment_id": json.loads(payload)["assignment_id"], "community_id": east["community"],
        "street_id": east["street"], "acknowledged_at": json.loads(payload)["acknowledged_at"],
        "community_acknowledged": 1, "community_tasks": 2, "community_share": 0.5,
        "acknowledged": 1, "task_count": 2}
    assert superuser_db("grid", "SELECT subject FROM cadre_assignments WHERE id = :a",
                        a=uuid.UUID(json.loads(payload)["assignment_id"])) == subjects[0]


def test_concurrent_acknowledgements_announce_exact_counts(county_a, gateway_url, superuser_db):
    """Each acknowledgement's event carries the community's count right after it: twelve cadres
    acknowledging at once announce 1..12, each number once."""
    place = lay_out_building(county_a)
    tag = uuid.uuid4().hex[:8]
    subjects = [f"rush-{tag}-{i}" for i in range(12)]
    for subject in subjects:
        county_a(ASSIGN, input={"subject": subject, "name": "干部", "kind": "cadre", "buildingId": place["building"]})
    active = county_a(ACTIVATE, input={"scopeLevel": "community", "scopeId": place["community"],
                                       "reason": "演练"})["activateEmergency"]
    clients = [Client(gateway_url, login(s)) for s in subjects]
    tasks = [c(MINE)["myEmergencyTasks"][0]["id"] for c in clients]
    with ThreadPoolExecutor(max_workers=12) as pool:
        done = list(pool.map(lambda pair: pair[0](ACK, taskId=pair[1])["acknowledgeEmergency"],
                             zip(clients, tasks)))
    assert all(d["__typename"] == "EmergencyTask" for d in done)
    counts = superuser_db("grid", "SELECT string_agg(payload->>'community_acknowledged', ',') FROM outbox "
                                  "WHERE event_type = 'emergency.acknowledged' AND payload->>'emergency_id' = :i",
                          i=active["id"])
    assert sorted(int(c) for c in counts.split(",")) == list(range(1, 13))
    status = county_a(STATUS, id=active["id"])["emergencyStatus"]
    assert status["emergency"] == {"taskCount": 12, "acknowledged": 12}
    assert clients[0](ACK, taskId=tasks[0])["acknowledgeEmergency"]["__typename"] == "EmergencyTask"  # repeat
    assert superuser_db("grid", "SELECT count(*) FROM outbox WHERE event_type = 'emergency.acknowledged' "
                                "AND payload->>'emergency_id' = :i", i=active["id"]) == 12


def test_bad_input_scope_and_tenants(county_a, county_b, gateway_url, superuser_db):
    place = lay_out_building(county_a)
    before = superuser_db("grid", "SELECT count(*) FROM emergencies")
    missing = county_a(ASSIGN, input={"subject": "x", "name": "x", "kind": "cadre"})["assignCadre"]
    assert (missing["code"], missing["field"]) == ("VALIDATION_FAILED", "buildingId")
    bad_kind = county_a(ASSIGN, input={"subject": "x", "name": "x", "kind": "boss"})["assignCadre"]
    assert (bad_kind["code"], bad_kind["field"]) == ("VALIDATION_FAILED", "kind")
    no_scope = county_a(ACTIVATE, input={"scopeLevel": "street", "reason": "x"})["activateEmergency"]
    assert (no_scope["code"], no_scope["field"]) == ("VALIDATION_FAILED", "scopeId")
    foreign = county_b(ACTIVATE, input={"scopeLevel": "street", "scopeId": place["street"],
                                        "reason": "x"})["activateEmergency"]
    assert (foreign["code"], foreign["field"]) == ("NOT_FOUND", "scopeId")
    other_street = lay_out_building(county_a)["street"]
    street = Client(gateway_url, token("341181", "street_staff", scope=Scope("street", place["street"])))
    refused = street.raw(ACTIVATE, {"input": {"scopeLevel": "street", "scopeId": other_street, "reason": "x"}})
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert superuser_db("grid", "SELECT count(*) FROM emergencies") == before
    worker = Client(gateway_url, token("341181", "grid_worker", scope=Scope("grid", place["grid"])))
    assert worker.raw(ACTIVATE, {"input": {"reason": "x"}}).json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_activation_fans_out_to_2500_cadres(county_a, superuser_db):
    """Seed 000's 2,500+ cadres each get a task (how fast: bench/emergency.py)."""
    place = lay_out_building(county_a)
    superuser_db("grid", "INSERT INTO cadre_assignments SELECT '341181', gen_random_uuid(), "
                         "'bulk-' || n, '干部', 'cadre', :s, :c, :k, :b, now() "
                         "FROM generate_series(1, 2500) AS n",
                 s=uuid.UUID(place["street"]), c=uuid.UUID(place["community"]),
                 k=uuid.UUID(place["compound"]), b=uuid.UUID(place["building"]))
    active = county_a(ACTIVATE, input={"scopeLevel": "community", "scopeId": place["community"],
                                       "reason": "全员到岗演练"})["activateEmergency"]
    assert active["taskCount"] == 2500
    assert superuser_db("grid", "SELECT count(*) FROM emergency_tasks WHERE emergency_id = :e",
                        e=uuid.UUID(active["id"])) == 2500
    assert superuser_db("grid", "SELECT tasks FROM emergency_communities WHERE emergency_id = :e",
                        e=uuid.UUID(active["id"])) == 2500


def test_emergency_and_cadre_lists_in_scope(county_a, gateway_url):
    east, west = lay_out_building(county_a), lay_out_building(county_a)
    tag = uuid.uuid4().hex[:8]
    county_a(ASSIGN, input={"subject": f"l-{tag}", "name": "甲", "kind": "county_leader", "communityId": east["community"]})
    county_a(ASSIGN, input={"subject": f"c-{tag}", "name": "乙", "kind": "cadre", "buildingId": west["building"]})
    mine = county_a(ACTIVATE, input={"scopeLevel": "community", "scopeId": east["community"],
                                     "reason": "东"})["activateEmergency"]
    theirs = county_a(ACTIVATE, input={"scopeLevel": "street", "scopeId": west["street"],
                                       "reason": "西"})["activateEmergency"]
    staff = Client(gateway_url, token("341181", "community_staff", scope=Scope("community", east["community"])))
    listed = """query($after: String) { emergencies(first: 50, after: $after, active: true) {
      edges { node { id scopeLevel acknowledged } } pageInfo { hasNextPage endCursor } } }"""
    ids = {e["node"]["id"] for e in staff(listed)["emergencies"]["edges"]}
    assert mine["id"] in ids and theirs["id"] not in ids
    everything = {e["node"]["id"] for e in county_a(listed)["emergencies"]["edges"]}
    assert {mine["id"], theirs["id"]} <= everything
    cadres = """query($c: ID) { cadreAssignments(first: 10, communityId: $c) { edges { node { subject kind } } } }"""
    assert [e["node"] for e in staff(cadres, c=east["community"])["cadreAssignments"]["edges"]] == [
        {"subject": f"l-{tag}", "kind": "county_leader"}]
    assert staff(cadres, c=west["community"])["cadreAssignments"]["edges"] == []  # outside their scope
    for active in (mine, theirs):
        county_a(END, id=active["id"])


def test_cadre_coverage_in_scope(county_a, gateway_url):
    place = lay_out_building(county_a)
    staff = Client(gateway_url, token("341181", "community_staff", scope=Scope("community", place["community"])))
    query = "{ cadreCoverage { levels { level total covered uncovered { id } } } }"
    before = {lv["level"]: lv for lv in staff(query)["cadreCoverage"]["levels"]}
    assert before["building"] == {"level": "building", "total": 1, "covered": 0,
                                  "uncovered": [{"id": place["building"]}]}
    county_a(ASSIGN, input={"subject": "cov", "name": "干部", "kind": "cadre", "buildingId": place["building"]})
    after = {lv["level"]: lv for lv in staff(query)["cadreCoverage"]["levels"]}
    assert (after["building"]["covered"], after["building"]["uncovered"]) == (1, [])
    assert after["community"]["covered"] == 0
