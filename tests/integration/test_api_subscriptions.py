"""Subscriptions over graphql-transport-ws through the running gateway, fed by the services'
events on the real broker: mutations by other clients appear, other tenants' and other scopes'
events never do, and bad tokens are refused at connection_init."""
from __future__ import annotations

import uuid

import pytest
from websockets.exceptions import ConnectionClosed

from shared.principal import Scope
from shared.settings import Settings
from shared.tokens import mint_dev_token
from tests.gateway.ws_client import Subscriptions
from tests.integration.conftest import Client, token
from tests.integration.dispatch_ops import ACCEPT, report, run
from tests.integration.territory_ops import lay_out
from tests.support import TEST_JWT_SECRET

CASE_UPDATES = """subscription($gridId: ID, $communityId: ID, $streetId: ID) {
  caseUpdates(gridId: $gridId, communityId: $communityId, streetId: $streetId) {
    event caseId gridId communityId streetId at status case { id status } } }"""
ACKS = """subscription($id: ID!) { emergencyAcknowledgements(activationId: $id) {
  emergencyId taskId subject communityId acknowledgedAt
  status { emergency { taskCount acknowledged } } } }"""
CREATE_BUILDING = """mutation($compoundId: ID!) { createBuilding(input: {compoundId: $compoundId, name: "1号楼"}) {
  __typename ... on Building { id } } }"""
ASSIGN = """mutation($input: AssignCadreInput!) { assignCadre(input: $input) {
  __typename ... on CadreAssignment { id } ... on OperationError { code field } } }"""
ACTIVATE = """mutation($input: ActivateEmergencyInput!) { activateEmergency(input: $input) {
  __typename ... on Emergency { id taskCount } ... on OperationError { code field } } }"""
ACK = """mutation($taskId: ID!) { acknowledgeEmergency(taskId: $taskId) {
  __typename ... on EmergencyTask { id acknowledgedAt } ... on OperationError { code field } } }"""
MINE = "{ myEmergencyTasks { id emergencyId } }"


def login(subject: str, *roles: str, tenant: str = "341181", scope: Scope | None = None,
          lifetime: int = 3600) -> str:
    return mint_dev_token(Settings(jwt_secret=TEST_JWT_SECRET), tenant=tenant, subject=subject,
                          roles=list(roles or ("party_member",)), scope=scope, lifetime=lifetime)


def first_of(ws: Subscriptions, op: str, field: str, key: str, ours: set[str]) -> dict:
    """The first update of ``op`` about one of ``ours`` (events of earlier tests are skipped)."""
    while True:
        message = ws.next(op)
        assert message["type"] == "next", message
        assert not message["payload"].get("errors"), message
        update = message["payload"]["data"][field]
        if update[key] in ours:
            return update


def test_case_updates_follow_other_clients_mutations(county_a, gateway_url):
    place = lay_out(county_a)
    with Subscriptions(gateway_url, token("341181", "county_admin")) as ws:
        assert ws.ack["type"] == "connection_ack" and ws.ack["payload"]["tenant"] == "341181"
        op = ws.subscribe(CASE_UPDATES, gridId=place["grid"])
        case_id = report(county_a, place["grid"])
        reported = first_of(ws, op, "caseUpdates", "caseId", {case_id})
        assert reported["event"] == "case.reported" and reported["at"]
        assert (reported["gridId"], reported["communityId"], reported["streetId"]) == \
            (place["grid"], place["community"], place["street"])
        assert reported["case"]["id"] == case_id
        worker = Client(gateway_url, token("341181", "grid_worker", scope=Scope("grid", place["grid"])))
        assert run(worker, ACCEPT, caseId=case_id)["status"] == "accepted"
        accepted = first_of(ws, op, "caseUpdates", "caseId", {case_id})
        assert accepted["event"] == "case.accepted" and accepted["case"]["status"] == "accepted"


def test_other_tenants_and_scopes_never_see_the_events(county_a, county_b, gateway_url):
    mine, other = lay_out(county_a), lay_out(county_a)
    foreign = lay_out(county_b)
    grid_worker = token("341181", "grid_worker", scope=Scope("grid", mine["grid"]))
    with Subscriptions(gateway_url, token("341102", "county_admin")) as tenant_b, \
            Subscriptions(gateway_url, grid_worker) as in_grid, \
            Subscriptions(gateway_url, token("341181", "county_admin")) as by_street:
        op_b = tenant_b.subscribe(CASE_UPDATES)
        op_grid = in_grid.subscribe(CASE_UPDATES)
        op_street = by_street.subscribe(CASE_UPDATES, streetId=other["street"])
        # the events every subscriber must skip come first; one queue per gateway keeps order
        a_mine = report(county_a, mine["grid"])
        a_other = report(county_a, other["grid"])
        b_case = report(county_b, foreign["grid"])
        ours = {a_mine, a_other, b_case}
        assert first_of(tenant_b, op_b, "caseUpdates", "caseId", ours)["caseId"] == b_case
        assert first_of(by_street, op_street, "caseUpdates", "caseId", ours)["caseId"] == a_other
        # the grid worker's grid had its case first; the next one in it comes after the other's
        assert first_of(in_grid, op_grid, "caseUpdates", "caseId", ours)["caseId"] == a_mine
        again = report(county_a, mine["grid"])
        assert first_of(in_grid, op_grid, "caseUpdates", "caseId", ours | {again})["caseId"] == again


def test_bad_tokens_are_refused_at_connection_init(gateway_url):
    expired = login("someone", "county_admin", lifetime=-120)
    for payload in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": f"Bearer {expired}"},
                    {"Authorization": "Basic abc"}):
        with pytest.raises(ConnectionClosed) as closed:
            Subscriptions(gateway_url, None, payload=payload)
        assert closed.value.rcvd.code == 4403, payload
    with Subscriptions(gateway_url, None, payload={"token": token("341181", "county_admin")}) as ws:
        assert ws.ack["type"] == "connection_ack"


def test_subscription_ends_when_the_token_expires(gateway_url):
    with Subscriptions(gateway_url, login("short", "county_admin", lifetime=3)) as ws:
        op = ws.subscribe(CASE_UPDATES)
        message = ws.next(op)
        while message["type"] == "next" and not message["payload"].get("errors"):
            message = ws.next(op)  # other tests' events may still arrive before the expiry
        assert message["payload"]["errors"][0]["extensions"]["code"] == "TOKEN_EXPIRED", message


def test_bad_arguments_are_refused_with_the_field(gateway_url):
    with Subscriptions(gateway_url, token("341181", "county_admin")) as ws:
        op = ws.subscribe(CASE_UPDATES, communityId="nope")
        message = ws.next(op)
        error = message["payload"]["errors"][0] if message["type"] == "next" else message["payload"][0]
        assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION_FAILED", "communityId")
        op = ws.subscribe(ACKS, id=str(uuid.uuid4()))
        message = ws.next(op)
        error = message["payload"]["errors"][0] if message["type"] == "next" else message["payload"][0]
        assert error["extensions"]["code"] == "NOT_FOUND"


def _building(client, place):
    place["building"] = client(CREATE_BUILDING, compoundId=place["compound"])["createBuilding"]["id"]
    return place


def test_emergency_acknowledgements_in_scope(county_a, county_b, gateway_url):
    east, west = _building(county_a, lay_out(county_a)), _building(county_a, lay_out(county_a))
    tag = uuid.uuid4().hex[:8]
    cadres = {"east": f"cadre-{tag}-e", "west": f"cadre-{tag}-w"}
    for side, place in (("east", east), ("west", west)):
        made = county_a(ASSIGN, input={"subject": cadres[side], "name": "干部", "kind": "cadre",
                                       "buildingId": place["building"]})["assignCadre"]
        assert made["__typename"] == "CadreAssignment", made
    activation = county_a(ACTIVATE, input={"scopeLevel": "county", "reason": "防汛演练"})["activateEmergency"]
    assert activation["__typename"] == "Emergency", activation
    west_staff = token("341181", "community_staff", scope=Scope("community", west["community"]))
    tasks = {side: next(t["id"] for t in Client(gateway_url, login(cadres[side]))(MINE)["myEmergencyTasks"]
                        if t["emergencyId"] == activation["id"]) for side in cadres}
    with Subscriptions(gateway_url, token("341181", "command_center")) as center, \
            Subscriptions(gateway_url, west_staff) as staff, \
            Subscriptions(gateway_url, token("341102", "county_admin")) as tenant_b:
        op_center = center.subscribe(ACKS, id=activation["id"])
        op_staff = staff.subscribe(ACKS, id=activation["id"])
        op_b = tenant_b.subscribe(ACKS, id=activation["id"])
        refused = tenant_b.next(op_b)
        errors = refused["payload"]["errors"] if refused["type"] == "next" else refused["payload"]
        assert errors[0]["extensions"]["code"] == "NOT_FOUND"
        for side in ("east", "west"):
            ack = Client(gateway_url, login(cadres[side]))(ACK, taskId=tasks[side])["acknowledgeEmergency"]
            assert ack["acknowledgedAt"], ack
        ours = set(tasks.values())
        first = first_of(center, op_center, "emergencyAcknowledgements", "taskId", ours)
        assert (first["taskId"], first["subject"], first["communityId"]) == \
            (tasks["east"], cadres["east"], east["community"])
        second = first_of(center, op_center, "emergencyAcknowledgements", "taskId", ours)
        assert second["taskId"] == tasks["west"]
        assert second["status"]["emergency"]["acknowledged"] == 2
        # the west community's staff never hears of the east acknowledgement, which came first
        seen = first_of(staff, op_staff, "emergencyAcknowledgements", "taskId", ours)
        assert seen["taskId"] == tasks["west"] and seen["communityId"] == west["community"]
