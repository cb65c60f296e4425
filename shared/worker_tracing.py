"""Telemetry of nameko workers: a span per worker, continuing the caller's trace, and the
worker's latency and outcome in :mod:`shared.metrics`."""
from __future__ import annotations

import time

from nameko.events import EventHandler
from nameko.extensions import DependencyProvider
from nameko.rpc import Rpc
from nameko.timer import Timer
from opentelemetry import context as otel_context
from opentelemetry import trace

from shared import metrics
from shared.principal import TENANT_KEY, TRACEPARENT_KEY
from shared.telemetry import bind_log_context, context_from_traceparent, current_traceparent


def worker_kind(entrypoint) -> str | None:
    """``rpc``, ``event`` or ``timer``: which metric family a worker belongs to."""
    for cls, kind in ((Rpc, "rpc"), (EventHandler, "event"), (Timer, "timer")):
        if isinstance(entrypoint, cls):
            return kind
    return None


class Tracing(DependencyProvider):
    """A span per worker, child of the caller's ``traceparent``; the worker's own calls and
    outbox rows then carry this span's context onward. Also times the worker for the metrics
    and puts its tenant and entrypoint on its log lines."""

    def __init__(self):
        self._spans: dict = {}

    def worker_setup(self, worker_ctx):
        """Runs before each worker: opens its span."""
        started = time.perf_counter()
        tracer = trace.get_tracer("civicgrid.nameko")
        parent = context_from_traceparent(worker_ctx.data.get(TRACEPARENT_KEY))
        entry = worker_ctx.entrypoint
        span = tracer.start_span(f"{worker_ctx.service_name}.{entry.method_name}", context=parent,
                                 kind=trace.SpanKind.SERVER,
                                 attributes={"civicgrid.tenant": worker_ctx.data.get(TENANT_KEY) or "",
                                             "rpc.system": "nameko",
                                             "rpc.service": worker_ctx.service_name,
                                             "rpc.method": entry.method_name})
        token = otel_context.attach(trace.set_span_in_context(span))
        traceparent = current_traceparent()
        if traceparent:
            worker_ctx.data[TRACEPARENT_KEY] = traceparent
        bind_log_context(tenant=worker_ctx.data.get(TENANT_KEY),
                         entrypoint=f"{worker_ctx.service_name}.{entry.method_name}")
        self._spans[worker_ctx] = (span, token, started)

    def worker_result(self, worker_ctx, result=None, exc_info=None):
        """Runs after each worker: records the outcome and ends the span."""
        span, token, started = self._spans.pop(worker_ctx, (None, None, None))
        if span is None:
            return
        kind = worker_kind(worker_ctx.entrypoint)
        if kind is not None:
            metrics.observe_worker(kind, worker_ctx.service_name, worker_ctx.entrypoint.method_name,
                                   time.perf_counter() - started,
                                   exc_info[1] if exc_info is not None else None)
        if exc_info is not None:
            span.set_status(trace.Status(trace.StatusCode.ERROR, type(exc_info[1]).__name__))
        span.end()
        otel_context.detach(token)
        bind_log_context()
