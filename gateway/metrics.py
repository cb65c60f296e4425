"""The gateway's metrics: GraphQL operations per tenant and operation, with latency, and the
``/metrics`` endpoint (see :mod:`shared.metrics`).

The ``operation`` label is the operation's root fields (``reportCase``, ``grids+me``) from a
validated document: schema field names, never the client-chosen operation name or arguments. A
cap on distinct values guards against clients combining root fields freely.
"""
from __future__ import annotations

import time

from graphql import FieldNode, OperationDefinitionNode
from starlette.responses import Response
from strawberry.extensions import SchemaExtension

from shared import metrics
from shared.telemetry import bind_log_context

MAX_OPERATIONS = 300
_seen: set[str] = set()


def operation_label(document, operation_name: str | None) -> str:
    """Root field names of the executed operation, sorted and joined by ``+``."""
    if document is None:
        return "invalid"
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = next((o for o in operations if o.name and o.name.value == operation_name), None)
    operation = chosen or (operations[0] if len(operations) == 1 else None)
    if operation is None:
        return "invalid"
    fields = sorted({s.name.value for s in operation.selection_set.selections
                     if isinstance(s, FieldNode)}) or ["fragment"]
    label = "+".join(fields[:4]) + ("+more" if len(fields) > 4 else "")
    if label not in _seen:
        if len(_seen) >= MAX_OPERATIONS:
            return "other"
        _seen.add(label)
    return label


class RequestMetrics(SchemaExtension):
    """Counts and times every operation, labelled by the verified tenant and the operation."""

    def on_validate(self):
        yield
        self.valid = not self.execution_context.pre_execution_errors

    def on_operation(self):
        self.valid = False
        started = time.perf_counter()
        context = self.execution_context.context
        principal = getattr(context, "principal", None)
        bind_log_context(tenant=principal.tenant if principal else None,
                         request_id=getattr(context, "request_id", None))
        yield
        ctx = self.execution_context
        operation = operation_label(ctx.graphql_document, ctx.operation_name) if self.valid else "invalid"
        try:
            kind = ctx.operation_type.value
        except Exception:  # the document did not parse, or names no operation
            kind = "unknown"
        errors = ctx.pre_execution_errors or (ctx.result.errors if ctx.result else None)
        tenant = principal.tenant if principal else "none"
        metrics.GATEWAY_REQUESTS.labels(tenant, kind, operation, "error" if errors else "ok").inc()
        metrics.GATEWAY_SECONDS.labels(kind, operation).observe(time.perf_counter() - started)


async def metrics_endpoint(_request) -> Response:
    body, content_type = metrics.exposition()
    return Response(body, media_type=content_type)
