"""Open311 API keys over SQLite: created for a county admin, stored as a hash, resolved to their
county without a tenant, refused once revoked."""
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from services.dispatch import open311_keys
from services.dispatch.models import Open311Key
from shared.contracts import dispatch as c
from shared.contracts.validation import validate
from shared.db import open_tenant_session, utcnow
from shared.errors import CivicError, Forbidden
from shared.principal import Principal
from tests.services.dispatch.support import ADMIN, TENANT


def create(factory, label="12345 热线", principal=ADMIN, tenant=TENANT):
    with open_tenant_session(factory, tenant) as session, session.begin():
        row, secret = open311_keys.create(session, principal, validate(c.Open311KeyIn, {"label": label}))
        return open311_keys.key_out(row, secret)


def test_key_is_kept_as_a_hash_and_resolves_to_its_county(factory):
    key = create(factory)
    other = create(factory, "市民 App", principal=Principal("341102", "admin-b", ("county_admin",)),
                   tenant="341102")
    secret = key["secret"]
    assert secret.startswith("o311_") and len(secret) >= 45 and key["prefix"] == secret[:13]
    with open_tenant_session(factory, TENANT) as session:
        stored = session.scalar(sa.select(Open311Key))
    assert stored.key_hash == open311_keys.key_hash(secret) and secret not in (
        stored.key_hash, stored.prefix, stored.label)
    assert open311_keys.resolve(factory, secret) == {"tenant": TENANT, "key_id": key["id"],
                                                     "label": "12345 热线"}
    assert open311_keys.resolve(factory, other["secret"])["tenant"] == "341102"
    with open_tenant_session(factory, TENANT) as session:
        [listed] = open311_keys.listed(session, ADMIN, 10, None)
    out = open311_keys.key_out(listed)
    assert "secret" not in out and out["last_used_at"] is not None and out["revoked_at"] is None


@pytest.mark.parametrize("secret", [None, 42, "", "o311_", "o311_" + "x" * 43,
                                    "eyJhbGciOiJIUzI1NiJ9.e30.x", "o311_" + "a" * 500])
def test_unknown_keys_are_unauthenticated(factory, secret):
    create(factory)
    with pytest.raises(CivicError) as info:
        open311_keys.resolve(factory, secret)
    assert (info.value.code, info.value.field) == ("UNAUTHENTICATED", "api_key")


def test_revoked_key_is_forbidden_and_revoking_twice_keeps_the_time(factory):
    key = create(factory)
    with open_tenant_session(factory, TENANT) as session, session.begin():
        first = open311_keys.key_out(open311_keys.revoke(session, ADMIN, uuid.UUID(key["id"])))
    with open_tenant_session(factory, TENANT) as session, session.begin():
        again = open311_keys.key_out(open311_keys.revoke(session, ADMIN, uuid.UUID(key["id"])))
    assert again["revoked_at"] == first["revoked_at"] is not None
    with pytest.raises(Forbidden):
        open311_keys.resolve(factory, key["secret"])


def test_only_county_admins_manage_keys(factory):
    staff = Principal(TENANT, "cc-1", ("command_center",))
    with pytest.raises(Forbidden):
        create(factory, principal=staff)
    key = create(factory)
    with open_tenant_session(factory, TENANT) as session, session.begin(), pytest.raises(Forbidden):
        open311_keys.revoke(session, staff, uuid.UUID(key["id"]))
    with open_tenant_session(factory, TENANT) as session, pytest.raises(Forbidden):
        open311_keys.listed(session, None, 10, None)
    with open_tenant_session(factory, "341102") as session, session.begin(), pytest.raises(CivicError) as info:
        open311_keys.revoke(session, Principal("341102", "b", ("county_admin",)), uuid.UUID(key["id"]))
    assert info.value.code == "NOT_FOUND"


def test_last_used_is_written_at_most_once_a_minute(factory):
    key = create(factory)
    now = utcnow()
    open311_keys.resolve(factory, key["secret"], now=now)
    open311_keys.resolve(factory, key["secret"], now=now + timedelta(seconds=30))

    def last_used():
        with open_tenant_session(factory, TENANT) as session:
            return session.scalar(sa.select(Open311Key.last_used_at))

    assert last_used().replace(tzinfo=None) == now.replace(tzinfo=None)
    open311_keys.resolve(factory, key["secret"], now=now + timedelta(minutes=2))
    assert last_used().replace(tzinfo=None) == (now + timedelta(minutes=2)).replace(tzinfo=None)
