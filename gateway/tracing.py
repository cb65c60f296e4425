"""Names the GraphQL operation on the request's span — and nothing else about the query.

Strawberry's own OpenTelemetryExtension records the query text and every resolver argument, which
can carry ID-card numbers and phones; this extension records only the operation's name and type.
"""
from __future__ import annotations

from opentelemetry import trace
from strawberry.extensions import SchemaExtension


class OperationName(SchemaExtension):
    def on_execute(self):
        span = trace.get_current_span()
        ctx = self.execution_context
        if span.is_recording():
            span.set_attribute("graphql.operation.name", ctx.operation_name or "anonymous")
            if ctx.operation_type is not None:
                span.set_attribute("graphql.operation.type", ctx.operation_type.value)
            principal = getattr(ctx.context, "principal", None)
            if principal is not None:
                span.set_attribute("civicgrid.tenant", principal.tenant)
        yield
