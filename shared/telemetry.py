"""OpenTelemetry and logging set-up shared by services and the gateway.

Traces are off by default (``CIVICGRID_OTEL_EXPORTER=none``); ``console`` prints spans, ``otlp``
sends them to OTEL_EXPORTER_OTLP_ENDPOINT. The W3C ``traceparent`` travels in nameko context data,
so gateway → RPC → service → outbox event → consumer is one trace. Span attributes carry the
tenant and the operation, never arguments (they may hold ID numbers or phones).

Logs are one JSON object per line with the trace id, and the tenant, entrypoint or request id of
the work in progress (:func:`bind_log_context`). Messages are the code's own text: log ids and
codes, never payloads, names or phones.
"""
from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar

from opentelemetry import trace
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator


_propagator = TraceContextTextMapPropagator()
_configured = False
_log_context: ContextVar[dict | None] = ContextVar("civicgrid_log_context", default=None)


def bind_log_context(**fields: str | None) -> None:
    """Fields added to every log line of the current worker or request (none: clear them)."""
    _log_context.set({k: v for k, v in fields.items() if v})


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        span = trace.get_current_span().get_span_context()
        entry = {"level": record.levelname, "logger": record.name, "msg": record.getMessage(),
                 "time": self.formatTime(record)}
        if span.is_valid:
            entry["trace_id"] = format(span.trace_id, "032x")
        entry.update(_log_context.get() or {})
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def configure_tracing(service_name: str) -> None:
    global _configured
    from shared.settings import get_settings

    exporter_kind = get_settings().otel_exporter
    if _configured or exporter_kind == "none":
        return
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter

    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    if exporter_kind == "console":
        exporter = ConsoleSpanExporter()
    else:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter()
    provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    _configured = True


def tracing_enabled() -> bool:
    return _configured


def current_traceparent() -> str | None:
    carrier: dict[str, str] = {}
    _propagator.inject(carrier)
    return carrier.get("traceparent")


def context_from_traceparent(traceparent: str | None):
    return _propagator.extract({"traceparent": traceparent} if traceparent else {})
