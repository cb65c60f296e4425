"""Bad input gets a clear error with a stable code, and nothing is written."""
from __future__ import annotations

import time
import uuid

import jwt

from tests.integration.conftest import Client, token
from tests.integration.territory_ops import REPORT_CASE, lay_out
from tests.support import TEST_JWT_SECRET

ME = "{ me { tenant } }"


def error_code(response) -> str:
    return response.json()["errors"][0]["extensions"]["code"]


def test_missing_malformed_expired_and_tenantless_tokens(gateway_url):
    cases = {
        None: "UNAUTHENTICATED",
        "not-a-jwt": "TOKEN_INVALID",
        token("341181", lifetime=-3600): "TOKEN_EXPIRED",
        jwt.encode({"sub": "x", "exp": int(time.time()) + 60, "roles": ["county_admin"]},
                   TEST_JWT_SECRET, algorithm="HS256"): "TENANT_CLAIM_MISSING",
        jwt.encode({"sub": "x", "tenant": "341181", "exp": int(time.time()) + 60},
                   "another-secret-of-sufficient-length!!", algorithm="HS256"): "TOKEN_INVALID",
    }
    for bearer, code in cases.items():
        response = Client(gateway_url, bearer).raw(ME)
        assert response.status_code == 401, (bearer, response.text)
        assert error_code(response) == code
        assert response.json()["data"] is None


def test_error_messages_follow_accept_language(gateway_url):
    en = Client(gateway_url, "not-a-jwt", language="en").raw(ME).json()["errors"][0]
    zh = Client(gateway_url, "not-a-jwt", language="zh-CN,zh;q=0.9").raw(ME).json()["errors"][0]
    assert en["message"].startswith("invalid token")
    assert zh["message"] == "令牌无效"
    assert zh["extensions"]["message_en"].startswith("invalid token")


def test_graphql_syntax_error(county_a):
    body = county_a.raw("{ me { tenant ").json()
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


def test_unknown_grid_is_refused_and_nothing_written(county_a, superuser_db):
    marker = f"unknown-grid-{uuid.uuid4().hex}"
    outbox_before = superuser_db("dispatch", "SELECT count(*) FROM outbox")
    result = county_a(REPORT_CASE, gridId=str(uuid.uuid4()), category="parking",
                      description=marker)["reportCase"]
    assert result["__typename"] == "OperationError"
    assert (result["code"], result["field"]) == ("NOT_FOUND", "gridId")
    assert superuser_db("dispatch", "SELECT count(*) FROM cases WHERE description = :d", d=marker) == 0
    assert superuser_db("dispatch", "SELECT count(*) FROM outbox") == outbox_before


def test_invalid_fields_are_named(county_a, gateway_url, superuser_db):
    place = lay_out(county_a)
    zh = Client(gateway_url, token("341181"), language="zh")
    result = zh(REPORT_CASE, gridId=place["grid"], category="x" * 41, description="  ")["reportCase"]
    assert result["code"] == "VALIDATION_FAILED"
    fields = {e["field"]: e["message"] for e in result["fieldErrors"]}
    assert set(fields) == {"category", "description"}
    assert "过长" in fields["category"]
    assert superuser_db("dispatch", "SELECT count(*) FROM cases WHERE grid_id = :g",
                        g=uuid.UUID(place["grid"])) == 0


def test_malformed_id_is_a_validation_error(county_a):
    result = county_a(REPORT_CASE, gridId="not-an-id", category="parking", description="d")["reportCase"]
    assert result["code"] == "VALIDATION_FAILED" and result["field"] == "gridId"
