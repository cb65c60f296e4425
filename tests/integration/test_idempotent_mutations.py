"""Idempotent mutations (幂等键) through the gateway on RabbitMQ + PostgreSQL: a client's retry
with the same ``Idempotency-Key`` gets the first answer and writes nothing more; an RPC message
delivered twice is applied once; a key whose first run committed but kept no answer is refused
(CONFLICT naming Idempotency-Key), never applied again. In a county of its own."""
from __future__ import annotations

import asyncio
import uuid

import httpx

from gateway.rpc_client import RpcClient
from shared.errors import CivicError
from shared.idempotency import IDEMPOTENCY_KEY
from shared.principal import Principal
from tests.integration.conftest import Client, token
from tests.integration.dispatch_ops import ACCEPT, CASE
from tests.integration.territory_ops import REPORT_CASE, lay_out
from tests.integration.test_volunteer_flow import REGISTER

TENANT, OTHER = "341172", "341173"  # counties no other test uses
COUNT = "SELECT count(*) FROM volunteers WHERE tenant_id = :t AND name = :n"
KEYS = "SELECT count(*) FROM rpc_replies WHERE tenant_id = :t"


def register(client: Client, name: str, key: str | None) -> httpx.Response:
    headers = dict(client.headers, **({"Idempotency-Key": key} if key else {}))
    return httpx.post(client.url, headers=headers, timeout=30, json={
        "query": REGISTER, "variables": {"input": {"name": name, "kind": "resident"}}})


def test_a_retry_with_the_same_key_is_answered_once(gateway_url, superuser_db):
    county = Client(gateway_url, token(TENANT, "county_admin"))
    name, key = f"重试居民{uuid.uuid4().hex[:6]}", f"retry-{uuid.uuid4()}"
    before = superuser_db("volunteer", KEYS, t=TENANT)
    first, again = (register(county, name, key).json() for _ in range(2))
    assert first["data"]["registerVolunteer"]["__typename"] == "Volunteer", first
    assert again == first  # the same volunteer, the same answer
    assert superuser_db("volunteer", COUNT, t=TENANT, n=name) == 1
    assert superuser_db("volunteer", KEYS, t=TENANT) == before + 1

    other_key = register(county, name, f"retry-{uuid.uuid4()}").json()["data"]["registerVolunteer"]
    unkeyed = register(county, name, None).json()["data"]["registerVolunteer"]
    assert len({first["data"]["registerVolunteer"]["id"], other_key["id"], unkeyed["id"]}) == 3
    assert superuser_db("volunteer", COUNT, t=TENANT, n=name) == 3  # other keys, other requests

    changed = register(county, name + "乙", key).json()["data"]["registerVolunteer"]  # other input
    assert changed["id"] != first["data"]["registerVolunteer"]["id"]

    # the same header in another county is that county's own request
    theirs = register(Client(gateway_url, token(OTHER, "county_admin")), name, key).json()
    assert theirs["data"]["registerVolunteer"]["id"] != first["data"]["registerVolunteer"]["id"]
    assert superuser_db("volunteer", COUNT, t=OTHER, n=name) == 1


def keyed(client: Client, key: str | None) -> Client:
    retrying = Client(client.url.removesuffix("/graphql"), None)
    retrying.headers = dict(client.headers, **({"Idempotency-Key": key} if key else {}))
    return retrying


def test_a_retried_report_and_closed_loop_step_answer_as_the_first_time(gateway_url):
    county = Client(gateway_url, token(TENANT, "county_admin"))
    grid = lay_out(county)["grid"]
    report_key, accept_key = f"report-{uuid.uuid4()}", f"accept-{uuid.uuid4()}"
    # a report without clientRequestId: the header makes the retry the same report
    first, again = (keyed(county, report_key)(REPORT_CASE, gridId=grid, category="environment",
                                              description="重试上报")["reportCase"] for _ in range(2))
    assert first["id"] == again["id"]
    # a step retried with its key is answered as the first time, not refused by the state machine
    accept = {"input": {"caseId": first["id"], "note": "受理"}}
    accepted, retried = (keyed(county, accept_key)(ACCEPT, **accept)["acceptCase"] for _ in range(2))
    assert accepted["status"] == "accepted" and retried == accepted
    timeline = county(CASE, id=first["id"])["case"]["timeline"]
    assert [t["action"] for t in timeline] == ["report", "accept"]
    # without the key the second accept is a new request, which the state machine refuses
    unkeyed = keyed(county, None)(ACCEPT, **accept)["acceptCase"]
    assert (unkeyed["__typename"], unkeyed["code"]) == ("OperationError", "ILLEGAL_TRANSITION")


def test_a_bad_key_or_a_refused_call_writes_nothing(gateway_url, superuser_db):
    county = Client(gateway_url, token(TENANT, "county_admin"))
    name = f"坏键居民{uuid.uuid4().hex[:6]}"
    before = superuser_db("volunteer", KEYS, t=TENANT)
    bad = register(county, name, "x y").json()
    assert bad["errors"][0]["extensions"]["code"] == "VALIDATION_FAILED"
    assert bad["errors"][0]["extensions"]["field"] == "Idempotency-Key"
    assert superuser_db("volunteer", COUNT, t=TENANT, n=name) == 0
    refused = register(county, "", f"refused-{uuid.uuid4()}").json()["data"]["registerVolunteer"]
    assert refused["__typename"] == "OperationError" and refused["code"] == "VALIDATION_FAILED"
    assert superuser_db("volunteer", KEYS, t=TENANT) == before  # nothing applied, no key kept


async def test_a_redelivered_message_is_applied_once(gateway_url, amqp_uri, superuser_db):  # noqa: ARG001 (services up)
    rpc = RpcClient(amqp_uri, timeout=30)
    await rpc.start()
    try:
        context = Principal(tenant=TENANT, subject="redelivery", roles=("county_admin",)).context_data()
        name, key = f"重投居民{uuid.uuid4().hex[:6]}", uuid.uuid4().hex + uuid.uuid4().hex
        keyed = {**context, IDEMPOTENCY_KEY: key}
        volunteer = {"name": name, "kind": "resident"}
        answers = await asyncio.gather(*(rpc.call("volunteer", "register_volunteer", volunteer, context=keyed)
                                         for _ in range(3)), return_exceptions=True)
        done = [a for a in answers if isinstance(a, dict)]
        racing = [a for a in answers if isinstance(a, CivicError)]
        assert done and len(done) + len(racing) == 3, answers
        assert all(a == done[0] for a in done)
        assert all(e.code == "CONFLICT" and e.retryable and e.field == "Idempotency-Key" for e in racing), [
            (e.code, e.field, e.retryable, e.message) for e in racing]
        again = await rpc.call("volunteer", "register_volunteer", volunteer, context=keyed)
        assert again == done[0]
        assert superuser_db("volunteer", COUNT, t=TENANT, n=name) == 1

        # the first run committed, but its answer was never kept: refused, not applied again
        lost = uuid.uuid4().hex + uuid.uuid4().hex
        superuser_db("volunteer", "INSERT INTO rpc_replies (tenant_id, key, method, created_at) "
                                  "VALUES (:t, :k, 'register_volunteer', now())", t=TENANT, k=lost)
        try:
            await rpc.call("volunteer", "register_volunteer", {**volunteer, "name": name + "丙"},
                           context={**context, IDEMPOTENCY_KEY: lost})
            raise AssertionError("a key without an answer was applied again")
        except CivicError as exc:
            assert (exc.code, exc.field, exc.retryable) == ("CONFLICT", "Idempotency-Key", False)
        assert superuser_db("volunteer", COUNT, t=TENANT, n=name + "丙") == 0
    finally:
        await rpc.close()
