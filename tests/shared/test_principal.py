"""Principal: header round trip and refusal of malformed tenants and scopes; the optional
department claim through a minted token, the gateway's verifier and the RPC header."""
import json
import uuid

import jwt
import pytest

from gateway.auth import TokenVerifier, Unauthenticated
from shared.principal import Principal, Scope
from shared.settings import Settings
from shared.tokens import mint_dev_token

SETTINGS = Settings(jwt_secret="test-secret-for-principal-tests-0123456789")


def test_header_round_trip():
    principal = Principal("341181", "user-7", ("street_staff", "grid_worker"), Scope("street", "s-1"))
    raw = principal.to_header()
    assert Principal.from_header(raw) == principal
    assert Principal.from_header(raw.encode()) == principal
    assert principal.context_data()["tenant"] == "341181"
    assert Principal.from_header(None) is None


@pytest.mark.parametrize("tenant", ["34118", "3411810", "34118x", "", None])
def test_non_six_digit_tenant_refused(tenant):
    with pytest.raises(ValueError, match="six-digit"):
        Principal(tenant, "user-7")


def test_county_scope_with_id_refused():
    with pytest.raises(ValueError, match="county scope has no id"):
        Scope("county", "x")


def test_street_scope_without_id_refused():
    with pytest.raises(ValueError, match="needs one"):
        Scope("street")


def test_unknown_level_refused():
    with pytest.raises(ValueError, match="scope level"):
        Scope("province", "34")


# ---- the department claim ----------------------------------------------------------------------
def test_department_header_round_trip():
    department = str(uuid.uuid4())
    principal = Principal("341181", "dept-1", ("department",), department_id=department)
    assert json.loads(principal.to_header())["department_id"] == department
    assert Principal.from_header(principal.to_header()) == principal
    assert Principal.from_header(principal.to_header()).department_id == department


def test_no_department_keeps_the_old_header():
    principal = Principal("341181", "user-7", ("street_staff",), Scope("street", "s-1"))
    assert "department_id" not in json.loads(principal.to_header())  # a header as before the claim
    old = '{"tenant":"341181","subject":"user-7","roles":["department"],"scope":{"level":"county","id":null}}'
    assert Principal.from_header(old).department_id is None  # a header from before the claim


def test_department_id_is_canonical():
    department = uuid.uuid4()
    assert Principal("341181", "d", department_id=str(department).upper()).department_id == str(department)
    assert Principal("341181", "d", department_id=department).department_id == str(department)


@pytest.mark.parametrize("bad", ["", "城管局", "not-a-uuid", 42, ["x"]])
def test_malformed_department_refused(bad):
    with pytest.raises(ValueError, match="department"):
        Principal("341181", "d", ("department",), department_id=bad)


def test_token_round_trip_with_department():
    department = str(uuid.uuid4())
    token = mint_dev_token(SETTINGS, tenant="341181", roles=["department"], subject="dept-1",
                           department=department)
    assert jwt.decode(token, options={"verify_signature": False})["department"] == department
    principal = TokenVerifier(SETTINGS).verify(f"Bearer {token}")
    assert (principal.roles, principal.department_id) == (("department",), department)
    assert Principal.from_header(principal.to_header()) == principal  # and on to the services


def test_token_without_department():
    token = mint_dev_token(SETTINGS, tenant="341181", roles=["department"], subject="dept-1")
    assert "department" not in jwt.decode(token, options={"verify_signature": False})
    assert TokenVerifier(SETTINGS).verify(f"Bearer {token}").department_id is None


def test_minting_a_malformed_department_refused():
    with pytest.raises(ValueError, match="department"):
        mint_dev_token(SETTINGS, tenant="341181", roles=["department"], department="城管局")


@pytest.mark.parametrize("bad", ["城管局", 7, {"id": "x"}])
def test_verifier_refuses_a_malformed_department_claim(bad):
    token = jwt.encode({"sub": "dept-1", "tenant": "341181", "roles": ["department"], "department": bad,
                        "exp": 4102444800}, SETTINGS.jwt_secret, algorithm="HS256")
    with pytest.raises(Unauthenticated) as info:
        TokenVerifier(SETTINGS).verify(f"Bearer {token}")
    assert (info.value.code, info.value.field) == ("TOKEN_INVALID", "department")
