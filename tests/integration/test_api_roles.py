"""The role × operation matrix through the running gateway: for each role and a representative
set of operations, an operation the matrix allows is never refused with FORBIDDEN (neither by the
gateway nor by the service behind it), and one it refuses is refused with FORBIDDEN before any
write. Inputs point at ids that do not exist or break a field rule, so nothing is written."""
from __future__ import annotations

import uuid

import pytest

from gateway.permissions import permission_of
from shared.principal import ROLES
from tests.gateway.ws_client import Subscriptions
from tests.integration.conftest import Client, token

ANY = str(uuid.uuid4())
ERR = "__typename ... on OperationError { code field }"
OPERATIONS = {
    "Query.me": ("{ me { tenant } }", {}),
    "Query.residents": ("{ residents(first: 1, unmasked: false, staleOnly: false) { edges { cursor } } }", {}),
    "Query.posts": ("{ posts(first: 1) { edges { cursor } } }", {}),
    "Query.visits": ("{ visits(first: 1) { id } }", {}),
    "Query.emergencyStatus": ("query($id: ID!) { emergencyStatus(id: $id) { emergency { id } } }", {"id": ANY}),
    "Mutation.createStreet": (f'mutation {{ createStreet(input: {{name: "街道", code: "12"}}) {{ {ERR} }} }}', {}),
    "Mutation.assignCadre": (("mutation($b: ID!) { assignCadre(input: {subject: \"s\", name: \"干部\", "
                              f"kind: \"cadre\", buildingId: $b}}) {{ {ERR} }} }}"), {"b": ANY}),
    "Mutation.activateEmergency": (("mutation($s: ID!) { activateEmergency(input: {scopeLevel: \"street\", "
                                    f"scopeId: $s, reason: \"演练\"}}) {{ {ERR} }} }}"), {"s": ANY}),
    "Mutation.registerHousehold": (("mutation($b: ID!) { registerHousehold(input: {buildingId: $b, gridId: $b, "
                                    f"unit: \"1\", floor: 1, room: \"101\", kind: \"owned\"}}) {{ {ERR} }} }}"),
                                   {"b": ANY}),
    "Mutation.recordVisit": (f"mutation($h: ID!) {{ recordVisit(input: {{householdId: $h, note: \"走访\"}}) {{ {ERR} }} }}",
                             {"h": ANY}),
    "Mutation.appointPost": (("mutation($g: ID!) { appointPost(input: {level: \"grid\", holderName: \"张三\", "
                              f"gridId: $g}}) {{ {ERR} }} }}"), {"g": ANY}),
    "Mutation.acceptCase": (f"mutation($c: ID!) {{ acceptCase(input: {{caseId: $c, evidence: []}}) {{ {ERR} }} }}",
                            {"c": ANY}),
    "Mutation.setCalendarDay": ((f'mutation {{ setCalendarDay(input: {{day: "2031-01-01", working: true, '
                                 f'note: "{"x" * 300}"}}) {{ {ERR} }} }}'), {}),
    "Mutation.createVolunteerTeam": (f'mutation {{ createVolunteerTeam(input: {{name: ""}}) {{ {ERR} }} }}', {}),
    "Mutation.registerPropertyCompany": (
        ('mutation { registerPropertyCompany(input: {name: "物业", creditCode: "bad", contactName: "李", '
         f'contactPhone: "1", coverage: "county"}}) {{ {ERR} }} }}'), {}),
}
# Operations whose service validates its input before it checks roles: with a bad input, an
# allowed role reaches the service and gets VALIDATION_FAILED, so a refused role getting FORBIDDEN
# (and nothing else) shows that the gateway refused it before any RPC.
REFUSED_AT_THE_GATEWAY = {
    "Mutation.addPartyMember": (("mutation($o: ID!) { addPartyMember(input: {orgId: $o, name: \"张三\", "
                                 f"idNumber: \"bad\", joinDate: \"2020-01-01\"}}) {{ {ERR} }} }}"), {"o": ANY}),
    "Mutation.collectTopic": (("mutation($o: ID!) { collectTopic(input: {orgId: $o, title: \"\", "
                               f"description: \"议题\"}}) {{ {ERR} }} }}"), {"o": ANY}),
    "Mutation.postNeed": (("mutation($s: ID!) { postNeed(input: {streetId: $s, communityId: $s, title: \"\"}) "
                           f"{{ {ERR} }} }}"), {"s": ANY}),
    "Mutation.reportForWhistle": (f'mutation {{ reportForWhistle(input: {{partId: "not-an-id"}}) {{ {ERR} }} }}',
                                  {}),
    "Mutation.registerVolunteer": (f'mutation {{ registerVolunteer(input: {{name: ""}}) {{ {ERR} }} }}', {}),
    "Mutation.appendCreditEntry": (("mutation($c: ID!) { appendCreditEntry(input: {companyId: $c, summary: \"\"}) "
                                    f"{{ {ERR} }} }}"), {"c": ANY}),
}
OPERATIONS.update({
    "Query.emergencies": ("{ emergencies(first: 1) { edges { cursor } } }", {}),
    "Query.auditLog": ("{ auditLog(trail: PARTY_MEMBERS, first: 1) { edges { cursor } } }", {}),
    **REFUSED_AT_THE_GATEWAY,
})
SUBSCRIPTION = ("subscription($id: ID!) { emergencyAcknowledgements(activationId: $id) { taskId } }",
                {"id": ANY})


def codes(body: dict) -> set[str]:
    found = {e.get("extensions", {}).get("code") for e in body.get("errors") or []}
    for value in (body.get("data") or {}).values():
        if isinstance(value, dict) and value.get("code"):
            found.add(value["code"])
    return found


@pytest.mark.parametrize("role", ROLES)
def test_each_role_against_the_matrix(role, gateway_url):
    client = Client(gateway_url, token("341181", role))
    for operation, (document, variables) in OPERATIONS.items():
        allowed = role in (permission_of(operation).roles or ROLES)
        response = client.raw(document, variables)
        assert response.status_code == 200, (operation, response.text)
        found = codes(response.json())
        assert ("FORBIDDEN" not in found) == allowed, (role, operation, allowed, response.json())
        assert "INTERNAL" not in found, (role, operation, response.json())
        if operation in REFUSED_AT_THE_GATEWAY:
            assert found == ({"VALIDATION_FAILED"} if allowed else {"FORBIDDEN"}), (role, operation, response.json())
    with Subscriptions(gateway_url, token("341181", role)) as ws:
        op = ws.subscribe(*SUBSCRIPTION[:1], **SUBSCRIPTION[1])
        message = ws.next(op)
        errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
        allowed = role in permission_of("Subscription.emergencyAcknowledgements").roles
        assert errors[0]["extensions"]["code"] == ("NOT_FOUND" if allowed else "FORBIDDEN"), (role, errors)
