"""The gateway's HTTP surface without any service: IDE, probes, authentication before execution."""
from __future__ import annotations

import httpx
import pytest

from gateway.app import create_app
from shared.settings import Settings
from tests.support import TEST_JWT_SECRET

UNREACHABLE = "amqp://guest:guest@127.0.0.1:1/"


def client(env: str) -> httpx.AsyncClient:
    app = create_app(Settings(env=env, jwt_secret=TEST_JWT_SECRET, AMQP_URI=UNREACHABLE))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway")


@pytest.mark.parametrize("env, status", [("dev", 200), ("production", 404)])
async def test_graphiql_only_outside_production(env, status):
    async with client(env) as c:
        response = await c.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == status
    if status == 200:
        assert "graphiql" in response.text.lower()


async def test_operation_without_token_is_refused_before_execution():
    async with client("dev") as c:
        response = await c.post("/graphql", json={"query": "{ me { tenant } }"},
                                headers={"Accept-Language": "en"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    body = response.json()
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert body["errors"][0]["extensions"]["requestId"]


async def test_probes_report_the_broker():
    async with client("dev") as c:
        assert (await c.get("/healthz")).status_code == 200
        ready = await c.get("/readyz")
    assert ready.status_code == 503 and ready.json()["status"] == "broker unreachable"


async def test_limits_refuse_deep_and_alias_heavy_queries_before_any_rpc():
    from shared.tokens import mint_dev_token

    bearer = mint_dev_token(Settings(jwt_secret=TEST_JWT_SECRET), tenant="341181", roles=["county_admin"])
    deep = "{ grid(id: \"x\") { " + "cases { grid { " * 5 + "id" + " } }" * 5 + " } }"
    aliases = "{ " + " ".join(f"a{i}: me {{ tenant }}" for i in range(31)) + " }"
    async with client("dev") as c:
        for query, words in ((deep, "exceeds maximum operation depth"), (aliases, "aliases")):
            for _ in range(2):  # the second time comes from the validation cache
                response = await c.post("/graphql", json={"query": query},
                                        headers={"Authorization": f"Bearer {bearer}"})
                error = response.json()["errors"][0]
                assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED", error
                assert words in error["message"]
