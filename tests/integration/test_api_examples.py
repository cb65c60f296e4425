"""The documented example operations (docs/examples/*.graphql) are valid against the committed
schema.graphql — the contract a typed client is generated from — and run against a freshly seeded
demo county through the running gateway, so docs/API.md never goes stale."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from graphql import OperationDefinitionNode, OperationType, build_schema, parse, validate

from gateway import demo
from gateway.rpc_client import RpcClient
from tests.gateway.ws_client import Subscriptions
from tests.integration.conftest import Client, token

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "docs" / "examples").glob("*.graphql"))
TENANT = "341190"  # a demo county of its own
VARIABLES = re.compile(r"^# variables: (\{.*\})$")


def operations(path: Path) -> list[tuple[str, OperationType, dict]]:
    """(name, type, variables with $placeholders) of each operation of an example file."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    out = []
    for node in parse(text).definitions:
        if not isinstance(node, OperationDefinitionNode):
            continue
        line = node.loc.start_token.line - 2  # the comment line just above, if any
        match = VARIABLES.match(lines[line]) if line >= 0 else None
        out.append((node.name.value, node.operation, json.loads(match.group(1)) if match else {}))
    return out


def test_examples_are_valid_against_the_committed_schema():
    assert EXAMPLES, "no examples under docs/examples"
    typed = build_schema((ROOT / "gateway" / "schema.graphql").read_text(encoding="utf-8"))
    for path in EXAMPLES:
        document = parse(path.read_text(encoding="utf-8"))
        assert not validate(typed, document), (path.name, [e.message for e in validate(typed, document)])
        assert all(name for name, _, _ in operations(path)), f"{path.name}: name every operation"


@pytest.fixture(scope="module")
async def demo_county(amqp_uri, gateway_url) -> dict[str, str]:
    rpc = RpcClient(amqp_uri, timeout=60)
    await rpc.start()
    try:
        await demo.seed(rpc, tenant=TENANT, county="示范县", seed_value=7)
    finally:
        await rpc.close()
    admin = Client(gateway_url, token(TENANT, "county_admin"))
    grid = admin("{ grids(first: 1) { edges { node { id streetId } } } }")["grids"]["edges"][0]["node"]
    case = admin("{ cases(first: 1) { edges { node { id } } } }")["cases"]["edges"][0]["node"]
    activation = admin("""mutation { activateEmergency(input: {scopeLevel: "county", reason: "演练"}) {
        __typename ... on Emergency { id } ... on OperationError { code } } }""")["activateEmergency"]
    return {"grid": grid["id"], "street": grid["streetId"], "case": case["id"], "activation": activation["id"]}


@pytest.mark.timeout(900)
async def test_examples_run_against_the_demo_county(demo_county, gateway_url):
    admin = Client(gateway_url, token(TENANT, "county_admin"))
    ran = 0
    for path in EXAMPLES:
        document = path.read_text(encoding="utf-8")
        for name, kind, placeholders in operations(path):
            variables = {k: demo_county[v[1:]] if isinstance(v, str) and v.startswith("$") else v
                         for k, v in placeholders.items()}
            if kind == OperationType.SUBSCRIPTION:
                with Subscriptions(gateway_url, token(TENANT, "county_admin")) as ws:
                    ws.send({"type": "subscribe", "id": name, "payload": {
                        "query": document, "operationName": name, "variables": variables}})
                    ws.query("{ me { tenant } }")  # the subscription started before this ran
                    assert not ws._held.get(name), (path.name, name, ws._held.get(name))
                ran += 1
                continue
            response = _post(admin, document, name, variables)
            body = response.json()
            assert response.status_code == 200 and not body.get("errors"), (path.name, name, body)
            for value in body["data"].values():
                assert not (isinstance(value, dict) and value.get("__typename") == "OperationError"), \
                    (path.name, name, value)
            ran += 1
    assert ran >= len(EXAMPLES)


def _post(client: Client, document: str, name: str, variables: dict):
    import httpx

    return httpx.post(client.url, json={"query": document, "operationName": name, "variables": variables},
                      headers=client.headers, timeout=60)
