"""Refusals are logged by code, field and request id — never with their message, which may repeat
what the caller typed (issue 10: an ID number typed into a search reached the logs).

A lookup that fails on a real property service (``bidEligibility`` of an unknown credit code:
``company <code> does not exist``), a variable that does not coerce and a literal that does not
validate, each with a canary in the input: the answer carries the canary (the echo is real), the
gateway's log records (at INFO, as the processes run) and the service's log output do not.
"""
from __future__ import annotations

import logging
import uuid

import httpx
import pytest

from gateway.app import create_app
from gateway.rpc_client import RpcClient
from shared import migrate
from shared.pg_provision import Layout, drop, provision
from shared.settings import Settings
from shared.tokens import mint_dev_token
from tests.conftest import PG_ADMIN
from tests.support import TEST_JWT_SECRET, process_env, start_services

pytestmark = pytest.mark.timeout(600)
LOOKUP = "query Lookup($code: String!) { bidEligibility(creditCode: $code) { eligible } }"
COERCE = "query Coerce($on: Date) { bidEligibility(creditCode: \"x\", on: $on) { eligible } }"


@pytest.fixture(scope="module")
def property_service(amqp_uri, pg_layout, pg_host, tmp_path_factory):
    layout = Layout(prefix=f"{pg_layout.prefix}_el")
    provision(PG_ADMIN, layout)
    proc = None
    try:
        migrate.upgrade("property", layout.url(pg_host, migrations=True).replace("{service}", "property"))
        env = process_env(AMQP_URI=amqp_uri, CIVICGRID_DATABASE_URL=layout.url(pg_host),
                          CIVICGRID_RPC_TIMEOUT="60")
        proc = start_services(["property"], env, tmp_path_factory.mktemp("error-logging"))
        yield proc
    finally:
        if proc is not None:
            proc.stop()
        drop(PG_ADMIN, layout)


@pytest.fixture
async def gateway(amqp_uri, property_service):
    app = create_app(Settings(env="test", jwt_secret=TEST_JWT_SECRET, AMQP_URI=amqp_uri, rpc_timeout=60))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway",
                                 timeout=90) as client:
        yield client
    for route in app.routes:  # the app's RPC client was started lazily by the first call
        rpc = getattr(getattr(getattr(route, "endpoint", None), "app", None), "rpc", None)
        if isinstance(rpc, RpcClient):
            await rpc.close()
            break


def canary() -> str:
    return f"CANARY{uuid.uuid4().hex[:12].upper()}"


async def ask(gateway: httpx.AsyncClient, query: str, request_id: str, **variables) -> dict:
    bearer = mint_dev_token(Settings(jwt_secret=TEST_JWT_SECRET), tenant="341181", roles=["county_admin"])
    response = await gateway.post("/graphql", json={"query": query, "variables": variables}, headers={
        "Authorization": f"Bearer {bearer}", "Accept-Language": "en", "X-Request-Id": request_id})
    assert response.status_code == 200, response.text
    [error] = response.json()["errors"]
    return error


def rendered(records: list[logging.LogRecord]) -> str:
    """Every record as a handler would write it: message, arguments and traceback."""
    formatter = logging.Formatter("%(levelname)s %(name)s %(message)s")
    return "\n".join(formatter.format(r) for r in records)


def refusal_lines(records, request_id: str) -> list[logging.LogRecord]:
    return [r for r in records if r.name == "civicgrid.gateway" and request_id in r.getMessage()]


@pytest.mark.parametrize("query, variable, code, field", [
    (LOOKUP, "code", "NOT_FOUND", "creditCode"),  # the service's NotFound names what was typed
    (COERCE, "on", "VALIDATION_FAILED", "on"),  # graphql-core: "Variable '$on' got invalid value …"
])
async def test_a_refusal_is_logged_by_code_and_field_without_the_input(gateway, property_service, caplog,
                                                                       query, variable, code, field):
    typed, request_id = canary(), uuid.uuid4().hex
    caplog.set_level(logging.INFO)  # what the processes log (shared.telemetry.configure_logging)
    error = await ask(gateway, query, request_id, **{variable: typed})

    assert error["extensions"]["code"] == code and error["extensions"]["field"] == field
    assert typed in error["extensions"]["message_en"]  # the caller does see what they typed
    logged = rendered(caplog.records)
    assert typed not in logged, logged
    assert not [r for r in caplog.records if r.name.startswith("strawberry")], logged
    [line] = refusal_lines(caplog.records, request_id)
    assert line.levelno == logging.INFO
    assert line.getMessage() == f"request {request_id} refused: {code} (field {field})"
    if code == "NOT_FOUND":  # and the service that refused it logged its code, not its text
        service_log = property_service.output()
        assert typed not in service_log, service_log[-3000:]
        assert "refused: NOT_FOUND" in service_log


async def test_a_literal_that_does_not_validate_is_logged_without_the_document(gateway, caplog):
    typed, request_id = canary(), uuid.uuid4().hex
    caplog.set_level(logging.INFO)
    query = '{ bidEligibility(creditCode: "x", on: "' + typed + '") { eligible } }'
    error = await ask(gateway, query, request_id)

    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED" and typed in error["message"]
    logged = rendered(caplog.records)
    assert typed not in logged, logged
    [line] = refusal_lines(caplog.records, request_id)
    assert line.levelno == logging.INFO and "GRAPHQL_VALIDATION_FAILED" in line.getMessage()
