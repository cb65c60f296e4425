"""Tracing of nameko workers: a span per worker, continuing the caller's trace."""
from __future__ import annotations

from nameko.extensions import DependencyProvider
from opentelemetry import context as otel_context
from opentelemetry import trace

from shared.principal import TENANT_KEY, TRACEPARENT_KEY
from shared.telemetry import context_from_traceparent, current_traceparent


class Tracing(DependencyProvider):
    """A span per worker, child of the caller's ``traceparent``; the worker's own calls and
    outbox rows then carry this span's context onward."""

    def __init__(self):
        self._spans: dict = {}

    def worker_setup(self, worker_ctx):
        """Runs before each worker: opens its span."""
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
        self._spans[worker_ctx] = (span, token)

    def worker_result(self, worker_ctx, result=None, exc_info=None):
        """Runs after each worker: records the outcome and ends the span."""
        span, token = self._spans.pop(worker_ctx, (None, None))
        if span is None:
            return
        if exc_info is not None:
            span.set_status(trace.Status(trace.StatusCode.ERROR, type(exc_info[1]).__name__))
        span.end()
        otel_context.detach(token)
