"""Prometheus metrics of every CivicGrid process (指标).

What is measured, and where:
- nameko workers (:mod:`shared.worker_tracing` times every worker): RPC, event-handler and timer
  latency histograms and error counters per service and method, labelled with the stable error
  code (``VALIDATION_FAILED``…, ``INTERNAL`` for the unexpected);
- scrape-time collectors, each cached for a few seconds so a scrape costs one cheap query:
  outbox lag per service (:func:`watch_outbox`), queue depth and dead letters by passive declare
  (:func:`watch_queues`), and any service's own collector (dispatch: case backlog and SLA
  breaches per tenant);
- the gateway (:class:`gateway.metrics.RequestMetrics`): requests per tenant and operation.

Labels are bounded by construction: services, methods, error codes, queue names and GraphQL root
fields come from the code; tenants are county codes taken from verified tokens or from rows.
Never label with an id, a phone, a name or anything a client chose freely.
"""
from __future__ import annotations

import logging
import re
import threading
import time
from datetime import datetime, timezone
from typing import Callable, Iterable

from prometheus_client import REGISTRY, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

log = logging.getLogger(__name__)

# 5 ms … 60 s: RPCs answer in milliseconds; imports and sweeps can take tens of seconds
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
_CODE = re.compile(r"^[A-Z][A-Z_]{0,39}$")

RPC_SECONDS = Histogram("civicgrid_rpc_duration_seconds",
                        "Time a nameko RPC worker took, per service and method.",
                        ("service", "method"), buckets=LATENCY_BUCKETS)
RPC_ERRORS = Counter("civicgrid_rpc_errors_total",
                     "RPC workers that failed, by stable error code (INTERNAL = unexpected).",
                     ("service", "method", "code"))
EVENT_SECONDS = Histogram("civicgrid_event_handler_duration_seconds",
                          "Time an event handler worker took, per service and handler.",
                          ("service", "handler"), buckets=LATENCY_BUCKETS)
EVENT_ERRORS = Counter("civicgrid_event_handler_errors_total",
                       "Event handler workers that failed (the event is requeued, then dead-lettered).",
                       ("service", "handler", "code"))
TIMER_SECONDS = Histogram("civicgrid_timer_duration_seconds",
                          "Time a timer worker (e.g. the overdue sweep) took.",
                          ("service", "timer"), buckets=LATENCY_BUCKETS)
TIMER_ERRORS = Counter("civicgrid_timer_errors_total", "Timer workers that failed.",
                       ("service", "timer", "code"))
REFUSED = Counter("civicgrid_messages_refused_total",
                  "Messages refused before any worker ran (no valid tenant header).",
                  ("service", "kind"))
GATEWAY_REQUESTS = Counter("civicgrid_gateway_requests_total",
                           "GraphQL operations per tenant, operation and outcome (ok/error).",
                           ("tenant", "operation_type", "operation", "outcome"))
GATEWAY_SECONDS = Histogram("civicgrid_gateway_request_duration_seconds",
                            "Time the gateway took for a GraphQL operation (parse to result).",
                            ("operation_type", "operation"), buckets=LATENCY_BUCKETS)

# scrape-time families (see the collectors below)
OUTBOX_UNPUBLISHED = "civicgrid_outbox_unpublished"
OUTBOX_AGE = "civicgrid_outbox_oldest_unpublished_age_seconds"
QUEUE_READY = "civicgrid_queue_messages_ready"
QUEUE_CONSUMERS = "civicgrid_queue_consumers"
DEAD_LETTERS = "civicgrid_dead_letters"
SOURCE_UP = "civicgrid_metrics_source_up"

_FAMILIES = {"rpc": (RPC_SECONDS, RPC_ERRORS), "event": (EVENT_SECONDS, EVENT_ERRORS),
             "timer": (TIMER_SECONDS, TIMER_ERRORS)}


def error_code(exc: BaseException | None) -> str:
    """The stable code of an expected error, ``INTERNAL`` otherwise: a bounded label."""
    from shared.errors import is_expected, to_wire

    if exc is None:
        return "NONE"
    code = to_wire(exc)["code"] if is_expected(exc) else "INTERNAL"
    return code if _CODE.match(code or "") else "OTHER"


def observe_worker(kind: str, service: str, method: str, seconds: float,
                   exc: BaseException | None) -> None:
    """Record one finished worker; ``kind`` is ``rpc``, ``event`` or ``timer``."""
    histogram, errors = _FAMILIES[kind]
    histogram.labels(service, method).observe(seconds)
    if exc is not None:
        errors.labels(service, method, error_code(exc)).inc()


# --- scrape-time collectors -------------------------------------------------------------------

class Cached:
    """The last value of ``load`` for ``ttl`` seconds: Prometheus may scrape often, and several
    replicas report the same database or queue."""

    def __init__(self, load: Callable[[], object], ttl: float):
        self.load, self.ttl = load, ttl
        self.value, self.ok, self.at = None, False, float("-inf")
        self._lock = threading.Lock()

    def get(self) -> tuple[object, bool]:
        with self._lock:
            if time.monotonic() - self.at >= self.ttl:
                try:
                    self.value, self.ok = self.load(), True
                except Exception as exc:  # a metric source away must not break the scrape
                    log.warning("metrics source failed: %s", type(exc).__name__)
                    self.ok = False
                self.at = time.monotonic()
            return self.value, self.ok


# name -> (help, label names) of every gauge read at scrape time
GAUGES: dict[str, tuple[str, tuple[str, ...]]] = {
    SOURCE_UP: ("1 when the last read of a metrics source succeeded.", ("source", "service")),
    OUTBOX_UNPUBLISHED: ("Outbox rows not yet published.", ("service",)),
    OUTBOX_AGE: ("Age of the oldest unpublished outbox row (0 if none).", ("service",)),
    QUEUE_READY: ("Messages ready (waiting) in a work queue.", ("queue",)),
    QUEUE_CONSUMERS: ("Consumers attached to a work queue.", ("queue",)),
    DEAD_LETTERS: ("Messages in the dead-letter queue civicgrid.dead-letters.", ()),
}

Samples = Iterable[tuple[str, tuple[str, ...], float]]


class Source:
    """One thing read at scrape time: ``samples(value)`` turns what ``load`` read into
    ``(gauge name, label values, value)``."""

    def __init__(self, source: str, service: str, load: Callable[[], object],
                 samples: Callable[[object], Samples], ttl: float):
        self.source, self.service, self.samples = source, service, samples
        self.cached = Cached(load, ttl)


class Sources(Collector):
    """The one collector of every scrape-time source in the process: a family appears once in
    the exposition even when several services of one process report it."""

    def __init__(self):
        self.sources: list[Source] = []

    def add(self, source: Source) -> Source:
        self.sources.append(source)
        return source

    def collect(self):
        values: dict[str, dict[tuple[str, ...], float]] = {name: {} for name in GAUGES}
        for source in list(self.sources):
            value, ok = source.cached.get()
            values[SOURCE_UP][(source.source, source.service)] = 1.0 if ok else 0.0
            if ok:
                for name, labels, number in source.samples(value):
                    values[name][labels] = float(number)
        for name, samples in values.items():
            if samples:
                family = GaugeMetricFamily(name, GAUGES[name][0], labels=GAUGES[name][1])
                for labels, number in sorted(samples.items()):
                    family.add_metric(labels, number)
                yield family

    def describe(self):
        return []  # families vary with the sources; nothing to reserve in the registry


SOURCES = Sources()
REGISTRY.register(SOURCES)


def define_gauge(name: str, help_text: str, labels: tuple[str, ...]) -> str:
    """Declare a scrape-time gauge (a service's own, e.g. dispatch's case backlog)."""
    GAUGES.setdefault(name, (help_text, labels))
    return name


def _age(oldest: datetime | None) -> float:
    if oldest is None:
        return 0.0
    if oldest.tzinfo is None:  # SQLite returns naive UTC
        oldest = oldest.replace(tzinfo=timezone.utc)
    return max(0.0, (datetime.now(timezone.utc) - oldest).total_seconds())


def outbox_lag(factory, outbox) -> tuple[int, datetime | None]:
    """(unpublished rows, oldest created_at) over every tenant, as the relay reads them."""
    import sqlalchemy as sa

    session = factory(info={"outbox_relay": True})  # the relay's RLS exception: read every tenant
    try:
        with session.begin():
            query = (sa.select(sa.func.count(), sa.func.min(outbox.c.created_at))
                     .where(outbox.c.sent_at.is_(None)))
            count, oldest = session.execute(query, execution_options={"all_tenants": True}).one()
    finally:
        session.close()
    return int(count), oldest


def watch_outbox(service: str, factory, outbox, ttl: float = 5.0) -> Source:
    """Report the outbox lag of ``service`` (called by :class:`shared.outbox.Outbox` at start)."""
    def samples(value):
        count, oldest = value
        return [(OUTBOX_UNPUBLISHED, (service,), count), (OUTBOX_AGE, (service,), _age(oldest))]

    return SOURCES.add(Source("outbox", service, lambda: outbox_lag(factory, outbox), samples, ttl))


def queue_depths(amqp_uri: str, queues: Iterable[str]) -> dict[str, tuple[int, int]]:
    """(ready messages, consumers) per queue by passive declare; a missing queue is left out.
    Passive declare needs no management plugin and no credentials beyond the service's own;
    unacknowledged messages are not counted (RabbitMQ's Prometheus plugin has them)."""
    from amqp.exceptions import NotFound
    from kombu import Connection

    out = {}
    with Connection(amqp_uri, connect_timeout=3) as conn:
        channel = conn.channel()
        for name in queues:
            try:
                _, messages, consumers = channel.queue_declare(queue=name, passive=True)
            except NotFound:  # the broker closed the channel: open another for the next one
                channel = conn.channel()
                continue
            out[name] = (messages, consumers)
        channel.close()
    return out


def watch_queues(service: str, amqp_uri: str, queues: Iterable[str], ttl: float = 5.0) -> Source:
    """Report the depth of ``queues`` and of the dead-letter queue (called by the runner)."""
    from shared.broker import DEAD_LETTER_QUEUE

    names = sorted({*queues, DEAD_LETTER_QUEUE})

    def samples(value):
        for name, (messages, consumers) in value.items():
            if name == DEAD_LETTER_QUEUE:
                yield DEAD_LETTERS, (), messages
            else:
                yield QUEUE_READY, (name,), messages
                yield QUEUE_CONSUMERS, (name,), consumers

    return SOURCES.add(Source("queues", service, lambda: queue_depths(amqp_uri, names), samples, ttl))


def exposition() -> tuple[bytes, str]:
    """The text exposition of this process's registry and its content type."""
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def exported_names() -> set[str]:
    """Every sample name CivicGrid can export (counters' ``_total``, histograms' ``_bucket``…):
    what a dashboard may query. Services' own gauges count once their module is imported."""
    suffixes = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum")}
    names = set(GAUGES)
    for metric in (*(m for family in _FAMILIES.values() for m in family), REFUSED,
                   GATEWAY_REQUESTS, GATEWAY_SECONDS):
        for family in metric.describe():
            names.update(family.name + s for s in suffixes.get(family.type, ("",)))
    return names


def watch_container(container, amqp_uri: str) -> None:
    """Report what a started nameko container can tell at scrape time: its work queues, its
    outbox, and the service's own sources when its package has a ``metrics`` module with
    ``watch(service, database)`` (dispatch: case backlog and SLA breaches per tenant)."""
    import importlib

    from nameko.events import EventHandler
    from nameko.rpc import Rpc

    from shared.db import Database
    from shared.outbox import Outbox

    service = container.service_name
    queues = set()
    for entrypoint in container.entrypoints:
        if isinstance(entrypoint, Rpc) and entrypoint.rpc_consumer.queue is not None:
            queues.add(entrypoint.rpc_consumer.queue.name)
        elif isinstance(entrypoint, EventHandler) and entrypoint.queue is not None:
            queues.add(entrypoint.queue.name)
    watch_queues(service, amqp_uri, queues)
    for dependency in container.dependencies:
        if isinstance(dependency, Outbox) and dependency.relay is not None:
            watch_outbox(service, dependency.relay.factory, dependency.relay.outbox)
    package = container.service_cls.__module__.rpartition(".")[0]
    try:
        own = importlib.import_module(f"{package}.metrics")
    except ModuleNotFoundError as exc:
        if exc.name != f"{package}.metrics":
            raise
        return
    database = next((d for d in container.dependencies if isinstance(d, Database)), None)
    if database is not None:
        own.watch(service, database)
