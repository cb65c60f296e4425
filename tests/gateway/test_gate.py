"""The gate without any service: the token bucket, the allowlist and introspection, in process."""
from __future__ import annotations

import json

import httpx
import pytest

from gateway.app import create_app
from gateway.persisted import NotAllowed, NotFound, PersistedOperations, digest, manifest
from gateway.ratelimit import RateLimited, TenantRateLimit
from shared.settings import Settings
from shared.tokens import mint_dev_token
from tests.support import TEST_JWT_SECRET

UNREACHABLE = "amqp://guest:guest@127.0.0.1:1/"
ME = "{ me { tenant } }"


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_bucket_refills_at_the_rate_and_is_per_tenant():
    clock = Clock()
    rate = TenantRateLimit(per_second=2, burst=3, clock=clock)
    for _ in range(3):
        rate.take("341181")
    with pytest.raises(RateLimited) as refused:
        rate.take("341181")
    assert refused.value.code == "RATE_LIMITED" and refused.value.retry_after == 1
    rate.take("341102")  # another county has its own bucket
    clock.now += 0.5  # one token back
    rate.take("341181")
    with pytest.raises(RateLimited):
        rate.take("341181")


def test_zero_rate_means_no_limit():
    rate = TenantRateLimit(per_second=0, burst=1)
    for _ in range(1000):
        rate.take("341181")


def test_manifest_hashes_are_checked(tmp_path):
    doc = tmp_path / "me.graphql"
    doc.write_text(ME, encoding="utf-8")
    ops = PersistedOperations(manifest([doc]))
    assert ops.document(ME, None) == ME
    assert ops.document(None, {"persistedQuery": {"version": 1, "sha256Hash": digest(ME)}}) == ME
    with pytest.raises(NotAllowed):
        ops.document("{ me { roles } }", None)
    with pytest.raises(NotFound):
        ops.document(None, {"persistedQuery": {"sha256Hash": "f" * 64}})
    with pytest.raises(ValueError):
        PersistedOperations({"0" * 64: ME})


def test_settings_refuse_a_missing_manifest(tmp_path):
    with pytest.raises(ValueError, match="no such file"):
        Settings(persisted_operations=tmp_path / "missing.json")


def _client(**settings) -> httpx.AsyncClient:
    app = create_app(Settings(jwt_secret=TEST_JWT_SECRET, AMQP_URI=UNREACHABLE, **settings))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway")


def _headers(tenant: str = "341181") -> dict:
    bearer = mint_dev_token(Settings(jwt_secret=TEST_JWT_SECRET), tenant=tenant, roles=["county_admin"])
    return {"Authorization": f"Bearer {bearer}", "Accept-Language": "zh-CN"}


async def test_rate_limited_answers_429_with_retry_after():
    async with _client(rate_limit_per_second=0.001, rate_limit_burst=2) as c:
        for _ in range(2):
            assert (await c.post("/graphql", json={"query": ME}, headers=_headers())).status_code == 200
        refused = await c.post("/graphql", json={"query": ME}, headers=_headers())
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        error = refused.json()["errors"][0]
        assert error["extensions"]["code"] == "RATE_LIMITED" and error["message"].startswith("本县请求过于频繁")
        other = await c.post("/graphql", json={"query": ME}, headers=_headers("341102"))
        assert other.json()["data"] == {"me": {"tenant": "341102"}}


@pytest.mark.parametrize("env, allowed", [("dev", True), ("production", False)])
async def test_introspection_only_outside_production(env, allowed):
    async with _client(env=env) as c:
        response = await c.post("/graphql", json={"query": "{ __schema { queryType { name } } }"},
                                headers=_headers())
    body = response.json()
    if allowed:
        assert body["data"]["__schema"]["queryType"]["name"] == "Query"
    else:
        assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "INTROSPECTION_DISABLED"


async def test_allowlist_refuses_unlisted_documents(tmp_path):
    path = tmp_path / "persisted.json"
    path.write_text(json.dumps({digest(ME): ME}), encoding="utf-8")
    async with _client(persisted_operations=path) as c:
        listed = await c.post("/graphql", json={"query": ME}, headers=_headers())
        by_hash = await c.post("/graphql", headers=_headers(), json={
            "extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest(ME)}}})
        other = await c.post("/graphql", json={"query": "{ me { roles } }"}, headers=_headers())
    assert listed.json()["data"] == by_hash.json()["data"] == {"me": {"tenant": "341181"}}
    assert other.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_ALLOWED"


def test_production_defaults_turn_the_gate_on():
    strict = Settings(env="production", jwt_secret=TEST_JWT_SECRET)
    assert (strict.rate_limit_per_second, strict.rate_limit_burst, strict.introspection) == (50.0, 100, False)
    loose = Settings(env="dev")
    assert (loose.rate_limit_per_second, loose.introspection) == (0.0, True)
