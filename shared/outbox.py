"""Transactional outbox and idempotent inbox.

A service writes its business rows and an outbox row in one transaction (:func:`record_event`).
:class:`Outbox` runs a relay in each service process that publishes unsent rows as nameko events
with publisher confirms and marks them sent; on PostgreSQL rows are claimed with
``FOR UPDATE SKIP LOCKED`` so several replicas never publish the same row at once. Delivery is at
least once, so consumers call :func:`first_delivery` in their own transaction to apply a message
exactly once.
"""
from __future__ import annotations

import logging
import uuid

import eventlet
import sqlalchemy as sa
from eventlet.event import Event
from opentelemetry import trace
from kombu import Exchange
from nameko import config
from nameko.amqp.publish import Publisher
from nameko.constants import AMQP_URI_CONFIG_KEY
from nameko.extensions import DependencyProvider
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.db import new_id, utcnow
from shared.principal import EVENT_ID_KEY, TENANT_KEY, TRACEPARENT_KEY
from shared.telemetry import context_from_traceparent, current_traceparent

log = logging.getLogger(__name__)
_tracer = trace.get_tracer("civicgrid.outbox")
BATCH = 200


def messaging_tables(metadata: sa.MetaData) -> tuple[sa.Table, sa.Table]:
    """Add the outbox and inbox tables to a service's metadata (its migrations create them)."""
    outbox = sa.Table(
        "outbox", metadata,
        sa.Column("tenant_id", sa.String(12), primary_key=True),
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("event_type", sa.String(100), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("traceparent", sa.String(64)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.Index("ix_outbox_unsent", "created_at", postgresql_where=sa.text("sent_at IS NULL"),
                 sqlite_where=sa.text("sent_at IS NULL")),
    )
    inbox = sa.Table(
        "inbox", metadata,
        sa.Column("tenant_id", sa.String(12), primary_key=True),
        sa.Column("consumer", sa.String(120), primary_key=True),
        sa.Column("message_id", sa.Uuid, primary_key=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=False),
    )
    return outbox, inbox


def record_event(session: Session, outbox: sa.Table, event_type: str, payload: dict,
                 traceparent: str | None = None) -> uuid.UUID:
    """Write an event into the outbox inside the caller's (business) transaction."""
    message_id = new_id()
    session.execute(outbox.insert().values(
        tenant_id=session.info[TENANT_KEY], id=message_id, event_type=event_type,
        payload=payload, traceparent=traceparent, created_at=utcnow(),
    ))
    return message_id


def first_delivery(session: Session, inbox: sa.Table, consumer: str, message_id) -> bool:
    """Record that ``consumer`` handled ``message_id``; False when it already had (skip it)."""
    if message_id is None:
        raise ValueError("event has no event_id header; only outbox events can be consumed")
    values = dict(tenant_id=session.info[TENANT_KEY], consumer=consumer,
                  message_id=uuid.UUID(str(message_id)), handled_at=utcnow())
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(inbox).values(**values).on_conflict_do_nothing().returning(inbox.c.message_id)
    # RETURNING, not rowcount: drivers need not report a row count for INSERT
    return session.execute(statement).first() is not None


def event_exchange(service_name: str) -> Exchange:
    return Exchange(f"{service_name}.events", type="topic", durable=True)


class OutboxRelay:
    """Publishes unsent outbox rows; safe to run in every replica."""

    def __init__(self, service_name: str, factory, outbox: sa.Table, amqp_uri: str,
                 poll_interval: float):
        self.service_name = service_name
        self.factory = factory
        self.outbox = outbox
        self.exchange = event_exchange(service_name)
        self.publisher = Publisher(amqp_uri, use_confirms=True, declare=[self.exchange],
                                   retry=False)
        self.poll_interval = poll_interval
        self._wake = Event()
        self.running = False

    def wake(self) -> None:
        if not self._wake.ready():
            self._wake.send(True)

    def run(self) -> None:
        self.running = True
        failures = 0
        while self.running:
            try:
                sent = self.publish_pending()
                failures = 0
            except Exception as exc:  # broker or database away: keep the rows, retry later
                failures += 1
                log.warning("outbox relay of %s failed (%s); retrying", self.service_name, exc)
                sent = 0
            if sent >= BATCH:
                continue
            delay = min(self.poll_interval * (2 ** failures), 10.0)
            with eventlet.Timeout(delay, False):
                self._wake.wait()
            self._wake = Event()

    def publish_pending(self) -> int:
        """Publish a batch, then mark what went out in one UPDATE: on SQLite the write lock is
        then held for one statement, not across publishes (a writer waiting on it would stall the
        relay's green thread too). A publish failure still marks the rows published before it."""
        session = self.factory(info={"outbox_relay": True})
        failure: Exception | None = None
        try:
            with session.begin():
                query = (sa.select(self.outbox).where(self.outbox.c.sent_at.is_(None))
                         .order_by(self.outbox.c.created_at).limit(BATCH))
                if session.get_bind().dialect.name == "postgresql":
                    query = query.with_for_update(skip_locked=True)
                rows = session.execute(query, execution_options={"all_tenants": True}).all()
                sent = []
                for row in rows:
                    try:
                        self._publish(row)
                    except Exception as exc:  # broker away: keep the rest for the next round
                        failure = exc
                        break
                    sent.append(row.id)
                if sent:
                    session.execute(self.outbox.update().where(self.outbox.c.id.in_(sent))
                                    .values(sent_at=utcnow()), execution_options={"all_tenants": True})
        finally:
            session.close()
        if failure is not None:
            raise failure
        return len(sent)

    def _publish(self, row) -> None:
        headers = {f"nameko.{TENANT_KEY}": row.tenant_id, f"nameko.{EVENT_ID_KEY}": str(row.id),
                   "nameko.call_id_stack": [f"{self.service_name}.outbox.{row.id}"]}
        # the publish continues the trace of the request that wrote the row
        with _tracer.start_as_current_span(
                f"{self.service_name}.events {row.event_type} publish",
                context=context_from_traceparent(row.traceparent), kind=trace.SpanKind.PRODUCER,
                attributes={"messaging.system": "rabbitmq", "civicgrid.tenant": row.tenant_id,
                            "messaging.destination.name": f"{self.service_name}.events"}):
            traceparent = current_traceparent()
            if traceparent:
                headers[f"nameko.{TRACEPARENT_KEY}"] = traceparent
            self.publisher.publish(row.payload, exchange=self.exchange, routing_key=row.event_type,
                                   headers=headers, message_id=str(row.id))


class Outbox(DependencyProvider):
    """Gives workers ``outbox.record(session, event_type, payload)`` and runs the relay thread."""

    def __init__(self, database_attr: str = "db"):
        self.database_attr = database_attr
        self.relay: OutboxRelay | None = None

    def start(self):
        """Runs when the container starts: launches the relay in a managed thread."""
        from shared.settings import get_settings

        database = next(dep for dep in self.container.dependencies
                        if getattr(dep, "attr_name", None) == self.database_attr)
        outbox = database.metadata.tables["outbox"]
        self.relay = OutboxRelay(self.container.service_name, database.factory, outbox,
                                 config.get(AMQP_URI_CONFIG_KEY), get_settings().outbox_poll_interval)
        self.container.spawn_managed_thread(self.relay.run, identifier="outbox_relay")

    def stop(self):
        """Runs when the container stops: ends the relay loop."""
        if self.relay is not None:
            self.relay.running = False
            self.relay.wake()

    def get_dependency(self, worker_ctx):
        outbox = self.relay.outbox

        class _Recorder:
            @staticmethod
            def record(session: Session, event_type: str, payload: dict) -> uuid.UUID:
                # read now, not at injection: the worker's own span is set up after injection
                return record_event(session, outbox, event_type, payload,
                                    worker_ctx.data.get(TRACEPARENT_KEY))

        return _Recorder()

    def worker_teardown(self, worker_ctx):
        """Runs after each worker: wakes the relay so committed events go out at once."""
        if self.relay is not None:
            self.relay.wake()
