"""Query limits, built once so the validation cache can recognise them, and the gate every
operation passes first: the tenant's request rate, the persisted-operation allowlist and (in
production) no introspection.

Strawberry's limiter extensions create a new rule class per request when constructed per request,
which makes every request a validation-cache miss; the same rules made once at import are equal
across requests, so a repeated document is validated once.
"""
from __future__ import annotations

from dataclasses import dataclass

from graphql import validate
from graphql.validation import NoSchemaIntrospectionCustomRule
from starlette.responses import Response
from strawberry.extensions import (
    AddValidationRules, MaxTokensLimiter, ParserCache, SchemaExtension, ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as max_aliases
from strawberry.extensions.query_depth_limiter import create_validator as max_depth

from gateway.persisted import PersistedOperations
from gateway.ratelimit import RateLimited, TenantRateLimit
from shared.errors import CivicError
from shared.settings import Settings

MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 2000
RULES = [max_depth(MAX_DEPTH, None, None), max_aliases(MAX_ALIASES)]


class IntrospectionDisabled(CivicError):
    code = "INTROSPECTION_DISABLED"


@dataclass
class Gate:
    """The per-process policies the :class:`GateExtension` applies (from settings)."""

    rate: TenantRateLimit
    persisted: PersistedOperations | None = None
    introspection: bool = True

    @classmethod
    def from_settings(cls, settings: Settings) -> Gate:
        persisted = (PersistedOperations.load(settings.persisted_operations)
                     if settings.persisted_operations else None)
        return cls(rate=TenantRateLimit(settings.rate_limit_per_second, settings.rate_limit_burst),
                   persisted=persisted, introspection=settings.introspection)


class GateExtension(SchemaExtension):
    """Runs before parsing: rate, then allowlist; after parsing: introspection. Its refusals are
    GraphQL errors with stable codes (RATE_LIMITED also answers HTTP 429 with Retry-After)."""

    def on_operation(self):
        ctx = self.execution_context
        gate: Gate | None = getattr(ctx.context, "gate", None)
        if gate is not None:
            principal = getattr(ctx.context, "principal", None)
            if principal is not None:
                try:
                    gate.rate.take(principal.tenant)
                except RateLimited as exc:
                    response = getattr(ctx.context, "response", None)
                    if isinstance(response, Response):
                        response.status_code = 429
                        response.headers["Retry-After"] = str(exc.retry_after)
                    raise
            if gate.persisted is not None:
                ctx.query = gate.persisted.document(ctx.query, ctx.operation_extensions)
        yield

    def on_validate(self):
        ctx = self.execution_context
        gate: Gate | None = getattr(ctx.context, "gate", None)
        if (gate is not None and not gate.introspection and ctx.graphql_document is not None
                and validate(ctx.schema._schema, ctx.graphql_document, [NoSchemaIntrospectionCustomRule])):
            raise IntrospectionDisabled("schema introspection is off here; use the published "
                                        "schema.graphql", "此处已关闭模式自省，请使用发布的 schema.graphql")
        yield


EXTENSIONS = [
    GateExtension,
    lambda: AddValidationRules(RULES),
    lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
    # clients send the same few documents; parsing and validating them again each time was 70%
    # of the gateway's own time per request (bench P1, pyinstrument)
    lambda: ParserCache(maxsize=1000),
    lambda: ValidationCache(maxsize=1000),
]
