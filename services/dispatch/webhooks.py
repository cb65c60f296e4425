"""Per-county webhooks (事件推送): a county connects its SMS or WeChat gateway to our events.

- A subscription names a URL and event patterns (``case.*``, ``wish.fulfilled``, ``*``); the
  signing secret is generated here and answered once.
- :func:`fan_out` (the consumer of every dispatch event) creates one delivery per matching
  subscription and event id — unique, so a redelivered event never makes a second delivery.
- :func:`deliver_due` (a timer in every replica) leases due deliveries (``FOR UPDATE SKIP
  LOCKED``), POSTs them signed with HMAC-SHA256 over ``"<timestamp>.<body>"``, logs every
  attempt, and retries failures after :data:`BACKOFF` until it gives up.
Receivers de-duplicate on ``X-CivicGrid-Delivery`` (a lease that outlives a crash may resend).
"""
from __future__ import annotations

import fnmatch
import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from services.dispatch.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from shared.contracts import dispatch as c
from shared.db import new_id, open_tenant_session, utcnow
from shared.errors import NotFound
from shared.principal import Principal
from shared.scope import require_role

BACKOFF = (1, 5, 30, 120, 600, 1800, 3600)  # seconds before attempt 2, 3, …; then give up
LEASE = timedelta(seconds=60)  # a delivery being sent is not picked up again for this long
TIMEOUT = 5.0
BATCH = 50
SUBSCRIPTIONS_TTL = 5.0
_subscriptions: dict[tuple, tuple[float, list[tuple[uuid.UUID, list[str]]]]] = {}  # (engine, tenant)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body,
                                hashlib.sha256).hexdigest()


def subscribe(session: Session, principal: Principal | None, data: c.WebhookIn) -> WebhookSubscription:
    if principal is not None:
        require_role(principal, "county_admin")
    row = WebhookSubscription(url=data.url, events=list(data.events), description=data.description,
                              secret=secrets.token_hex(32), active=True,
                              created_by=principal.subject if principal else None)
    session.add(row)
    session.flush()
    _subscriptions.pop((session.get_bind(), session.info["tenant"]), None)
    return row


def unsubscribe(session: Session, principal: Principal | None, subscription_id: uuid.UUID) -> WebhookSubscription:
    if principal is not None:
        require_role(principal, "county_admin")
    row = session.scalar(sa.select(WebhookSubscription).where(WebhookSubscription.id == subscription_id))
    if row is None:
        raise NotFound("webhook", "推送订阅", subscription_id, field="id")
    row.active = False
    _subscriptions.pop((session.get_bind(), session.info["tenant"]), None)
    return row


def subscription_out(row: WebhookSubscription, *, with_secret: bool = False) -> c.WebhookOut:
    out: c.WebhookOut = {"id": str(row.id), "url": row.url, "events": list(row.events),
                         "description": row.description, "active": row.active,
                         "secret_hint": row.secret[-4:], "created_at": row.created_at.isoformat()}
    if with_secret:
        out["secret"] = row.secret
    return out


def _active(session: Session) -> list[tuple[uuid.UUID, list[str]]]:
    key, now = (session.get_bind(), session.info["tenant"]), time.monotonic()
    hit = _subscriptions.get(key)
    if hit is None or hit[0] <= now:
        rows = session.execute(sa.select(WebhookSubscription.id, WebhookSubscription.events)
                               .where(WebhookSubscription.active.is_(True))).all()
        hit = (now + SUBSCRIPTIONS_TTL, [(r.id, list(r.events)) for r in rows])
        _subscriptions[key] = hit
    return hit[1]


def fan_out(session: Session, event_id, event_type: str, payload: dict) -> int:
    """One pending delivery per subscription whose patterns match; returns how many were new."""
    matching = [sid for sid, patterns in _active(session)
                if any(fnmatch.fnmatchcase(event_type, p) for p in patterns)]
    if not matching:
        return 0
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    now, made = utcnow(), 0
    for sid in matching:
        made += session.execute(insert(WebhookDelivery).values(
            tenant_id=session.info["tenant"], id=new_id(), subscription_id=sid,
            event_id=uuid.UUID(str(event_id)), event_type=event_type, payload=payload,
            status="pending", attempts=0, next_attempt_at=now, created_at=now,
        ).on_conflict_do_nothing(index_elements=["tenant_id", "subscription_id", "event_id"])
            .returning(WebhookDelivery.id)).first() is not None
    return made


def due(engine: sa.Engine, now: datetime) -> list[tuple[str, uuid.UUID]]:
    """(tenant, delivery) pairs due now in every tenant: a read-only scan admitted on PostgreSQL
    by the ``webhook_relay`` policy."""
    table = WebhookDelivery.__table__
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT set_config('app.webhook_relay', 'on', true)")
        return [tuple(r) for r in conn.execute(
            sa.select(table.c.tenant_id, table.c.id)
            .where(table.c.status == "pending", table.c.next_attempt_at <= now)
            .order_by(table.c.next_attempt_at).limit(BATCH))]


def _lease(factory: sessionmaker, tenant: str, delivery_id: uuid.UUID, now: datetime):
    with open_tenant_session(factory, tenant) as session, session.begin():
        query = sa.select(WebhookDelivery).where(
            WebhookDelivery.id == delivery_id, WebhookDelivery.status == "pending",
            WebhookDelivery.next_attempt_at <= now)
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        delivery = session.scalar(query)
        if delivery is None:
            return None  # another replica has it, or it was delivered meanwhile
        sub = session.scalar(sa.select(WebhookSubscription).where(
            WebhookSubscription.id == delivery.subscription_id))
        delivery.next_attempt_at = now + LEASE
        delivery.attempts += 1
        body = json.dumps({"id": str(delivery.event_id), "type": delivery.event_type,
                           "tenant": tenant, "delivery": str(delivery.id),
                           "data": delivery.payload}, ensure_ascii=False,
                          separators=(",", ":")).encode()
        return (delivery.id, delivery.attempts, delivery.event_type, sub.url, sub.secret,
                sub.active, body)


def post(url: str, secret: str, event_type: str, delivery_id: uuid.UUID, body: bytes):
    """POST once; (status code or None, error text or None)."""
    timestamp = str(int(time.time()))
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "User-Agent": "CivicGrid-Webhooks/1",
        "X-CivicGrid-Event": event_type, "X-CivicGrid-Delivery": str(delivery_id),
        "X-CivicGrid-Timestamp": timestamp,
        "X-CivicGrid-Signature": sign(secret, timestamp, body)})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (http/https only)
            return response.status, None
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, str(getattr(exc, "reason", exc))[:300]


def _settle(factory: sessionmaker, tenant: str, delivery_id: uuid.UUID, attempt: int,
            code: int | None, error: str | None, took_ms: int) -> None:
    with open_tenant_session(factory, tenant) as session, session.begin():
        delivery = session.scalar(sa.select(WebhookDelivery).where(WebhookDelivery.id == delivery_id)
                                  .with_for_update())
        now = utcnow()
        session.add(WebhookAttempt(delivery_id=delivery_id, attempt=attempt, at=now,
                                   status_code=code, error=error, duration_ms=took_ms))
        delivery.last_status_code, delivery.last_error = code, error
        if code is not None and 200 <= code < 300:
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = "delivered", now, None
        elif attempt > len(BACKOFF):
            delivery.status, delivery.next_attempt_at = "failed", None
        else:
            delivery.next_attempt_at = now + timedelta(seconds=BACKOFF[attempt - 1])


def deliver_due(factory: sessionmaker, now: datetime | None = None) -> int:
    """One pass over due deliveries; returns how many were delivered."""
    now, delivered = now or utcnow(), 0
    for tenant, delivery_id in due(factory.kw["bind"], now):
        leased = _lease(factory, tenant, delivery_id, now)
        if leased is None:
            continue
        delivery_id, attempt, event_type, url, secret, active, body = leased
        started = time.monotonic()
        if active:
            code, error = post(url, secret, event_type, delivery_id, body)
        else:
            code, error = None, "subscription cancelled"
        _settle(factory, tenant, delivery_id, attempt if active else len(BACKOFF) + 1, code, error,
                int((time.monotonic() - started) * 1000))
        delivered += code is not None and 200 <= code < 300
    return delivered


def delivery_out(row: WebhookDelivery) -> c.DeliveryOut:
    def iso(value):
        return value.isoformat() if value else None

    return {"id": str(row.id), "subscription_id": str(row.subscription_id),
            "event_id": str(row.event_id), "event_type": row.event_type, "status": row.status,
            "attempts": row.attempts, "last_status_code": row.last_status_code,
            "last_error": row.last_error, "next_attempt_at": iso(row.next_attempt_at),
            "delivered_at": iso(row.delivered_at), "created_at": row.created_at.isoformat()}


def attempts_out(rows: list[WebhookAttempt]) -> list[dict]:
    return [{"delivery_id": str(r.delivery_id), "attempt": r.attempt, "at": r.at.isoformat(),
             "status_code": r.status_code, "error": r.error, "duration_ms": r.duration_ms}
            for r in rows]
