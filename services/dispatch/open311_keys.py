"""Open311 API keys (Open311 接口密钥): a county admin gives each hotline system or citizen app a
key of its own, separate from user tokens, and revokes it without touching anyone's login.

- The secret is ``o311_`` + 32 random bytes (URL-safe base64), answered once at creation; only
  its SHA-256 is stored, with its first characters (``prefix``) to recognise it in lists.
- :func:`resolve` runs before any county is known (a GeoReport request names none): it finds the
  key by hash across counties — read-only, admitted on PostgreSQL by the ``open311_key_lookup``
  policy for that one query — compares in constant time, and answers only the county and key id
  of a valid, unrevoked key. The gateway then calls as a resident-like principal of that county.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from services.dispatch import listing
from services.dispatch.deadlines import aware
from services.dispatch.models import Open311Key
from shared.contracts import dispatch as c
from shared.db import open_tenant_session, utcnow
from shared.errors import CivicError, Forbidden, NotFound
from shared.principal import Principal
from shared.scope import require_role

SCHEME = c.OPEN311_KEY_SCHEME
PREFIX_LENGTH = len(SCHEME) + 8
MAX_SECRET = 128  # longer is not one of ours: refused before hashing
USED_EVERY = timedelta(minutes=1)  # last_used_at is written at most this often per key


def key_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create(session: Session, principal: Principal | None, data: c.Open311KeyIn) -> tuple[Open311Key, str]:
    require_role(principal, "county_admin")
    secret = SCHEME + secrets.token_urlsafe(32)
    row = Open311Key(label=data.label, prefix=secret[:PREFIX_LENGTH], key_hash=key_hash(secret),
                     created_by=principal.subject, created_at=utcnow())
    session.add(row)
    session.flush()
    return row, secret


def revoke(session: Session, principal: Principal | None, key_id: uuid.UUID) -> Open311Key:
    """Revoke a key (once: a second revocation keeps the first time)."""
    require_role(principal, "county_admin")
    row = session.scalar(sa.select(Open311Key).where(Open311Key.id == key_id).with_for_update())
    if row is None:
        raise NotFound("open311 key", "Open311 接口密钥", key_id, field="id")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
    return row


def _unknown() -> CivicError:
    return CivicError("api_key is not a valid Open311 key of any county",
                      "api_key 不是有效的 Open311 接口密钥", code="UNAUTHENTICATED", field="api_key")


def _find(engine: sa.Engine, digest: str):
    table = Open311Key.__table__
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT set_config('app.open311_key_lookup', 'on', true)")
        return conn.execute(sa.select(table.c.tenant_id, table.c.id, table.c.label, table.c.key_hash,
                                      table.c.revoked_at, table.c.last_used_at)
                            .where(table.c.key_hash == digest)).first()


def resolve(factory: sessionmaker, secret: object, now: datetime | None = None) -> c.Open311Caller:
    """The county and key of a valid key; ``UNAUTHENTICATED`` for anything else, ``FORBIDDEN``
    for a revoked key. Records when the key was last used (at most once a minute)."""
    if not isinstance(secret, str) or not secret.startswith(SCHEME) or len(secret) > MAX_SECRET:
        raise _unknown()
    digest = key_hash(secret)
    row = _find(factory.kw["bind"], digest)
    if row is None or not hmac.compare_digest(row.key_hash, digest):
        raise _unknown()
    if row.revoked_at is not None:
        raise Forbidden("this Open311 key was revoked", "该 Open311 接口密钥已吊销", field="api_key")
    now = now or utcnow()
    if row.last_used_at is None or aware(row.last_used_at) <= now - USED_EVERY:
        with open_tenant_session(factory, row.tenant_id) as session, session.begin():
            session.execute(sa.update(Open311Key).where(Open311Key.id == row.id)
                            .values(last_used_at=now))
    return {"tenant": row.tenant_id, "key_id": str(row.id), "label": row.label}


def listed(session: Session, principal: Principal | None, limit, after) -> list[Open311Key]:
    """This county's keys, newest first, revoked ones included (county admin)."""
    require_role(principal, "county_admin")
    return list(session.scalars(listing.page(sa.select(Open311Key), Open311Key.created_at,
                                             Open311Key.id, limit, after)))


def key_out(row: Open311Key, secret: str | None = None) -> c.Open311KeyOut:
    def iso(value):
        return aware(value).isoformat() if value else None

    out: c.Open311KeyOut = {"id": str(row.id), "label": row.label, "prefix": row.prefix,
                            "created_by": row.created_by, "created_at": iso(row.created_at),
                            "last_used_at": iso(row.last_used_at), "revoked_at": iso(row.revoked_at)}
    if secret is not None:
        out["secret"] = secret
    return out
