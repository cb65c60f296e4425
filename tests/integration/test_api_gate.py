"""The gate in front of every operation, through a gateway started with production settings on
the real broker: per-tenant rate (RATE_LIMITED, HTTP 429, Retry-After), the allowlist of persisted
operations, and no introspection."""
from __future__ import annotations

import json

import httpx
import pytest

from gateway.persisted import digest
from tests.gateway.ws_client import Subscriptions
from tests.integration.conftest import token
from tests.support import start_gateway

ME = "query Me { me { tenant roles } }"
TYPENAME = "query Kind { __typename }"
INTROSPECT = "query Types { __schema { queryType { name } } }"
PER_TENANT_BURST = 5


@pytest.fixture(scope="module")
def production_gateway(gateway_url, platform_env, tmp_path_factory):
    """A second gateway on the same platform, as production would configure it. The rate is one
    request per 1000 s after a burst of five: a refill never happens during the test."""
    folder = tmp_path_factory.mktemp("gate")
    manifest = folder / "persisted.json"
    manifest.write_text(json.dumps({digest(d): d for d in (ME, TYPENAME, INTROSPECT)}), encoding="utf-8")
    env = {**platform_env, "CIVICGRID_ENV": "production", "CIVICGRID_RATE_LIMIT_PER_SECOND": "0.001",
           "CIVICGRID_RATE_LIMIT_BURST": str(PER_TENANT_BURST), "CIVICGRID_PERSISTED_OPERATIONS": str(manifest)}
    proc, url = start_gateway(env, folder)
    yield url
    proc.stop()


def post(url: str, tenant: str, body: dict) -> httpx.Response:
    return httpx.post(url + "/graphql", json=body, timeout=30,
                      headers={"Authorization": f"Bearer {token(tenant, 'county_admin')}",
                               "Accept-Language": "en"})


def code(response: httpx.Response) -> str | None:
    errors = response.json().get("errors")
    return errors[0]["extensions"]["code"] if errors else None


def test_only_persisted_operations_run(production_gateway):
    tenant = "341501"
    listed = post(production_gateway, tenant, {"query": ME})
    assert listed.status_code == 200 and listed.json()["data"]["me"]["tenant"] == tenant
    by_hash = post(production_gateway, tenant, {"extensions": {"persistedQuery": {
        "version": 1, "sha256Hash": digest(ME)}}})
    assert by_hash.json()["data"]["me"]["tenant"] == tenant
    unlisted = post(production_gateway, tenant, {"query": "{ me { tenant } }"})
    assert code(unlisted) == "PERSISTED_QUERY_NOT_ALLOWED" and unlisted.json()["data"] is None
    unknown = post(production_gateway, tenant, {"extensions": {"persistedQuery": {
        "version": 1, "sha256Hash": "0" * 64}}})
    assert code(unknown) == "PERSISTED_QUERY_NOT_FOUND"
    assert unknown.json()["errors"][0]["extensions"]["field"] == "sha256Hash"


def test_introspection_is_off_in_production(production_gateway):
    tenant = "341502"
    refused = post(production_gateway, tenant, {"query": INTROSPECT})
    assert code(refused) == "INTROSPECTION_DISABLED" and refused.json()["data"] is None
    assert post(production_gateway, tenant, {"query": TYPENAME}).json()["data"] == {"__typename": "Query"}


def test_rate_limit_per_tenant(production_gateway):
    busy, quiet = "341503", "341504"
    for _ in range(PER_TENANT_BURST):
        assert post(production_gateway, busy, {"query": ME}).status_code == 200
    limited = post(production_gateway, busy, {"query": ME})
    assert limited.status_code == 429 and code(limited) == "RATE_LIMITED"
    assert int(limited.headers["retry-after"]) >= 1
    extensions = limited.json()["errors"][0]["extensions"]
    assert extensions["retryable"] is True and extensions["retryAfter"] == int(limited.headers["retry-after"])
    assert "本县请求过于频繁" in extensions["message_zh"]
    # another county on the same gateway is not affected
    assert post(production_gateway, quiet, {"query": ME}).json()["data"]["me"]["tenant"] == quiet
    # operations over the websocket spend the same bucket
    with Subscriptions(production_gateway, token(busy, "county_admin")) as ws:
        op = "1"
        ws.send({"type": "subscribe", "id": op, "payload": {"query": ME}})
        message = ws.next(op)
        errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
        assert errors[0]["extensions"]["code"] == "RATE_LIMITED"
