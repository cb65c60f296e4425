"""Principal: header round trip and refusal of malformed tenants and scopes."""
import pytest

from shared.principal import Principal, Scope


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
