"""The per-request context every resolver gets: who calls, in which language, and how to reach
the services (one RPC client per process, DataLoaders per request)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from opentelemetry import trace
from starlette.requests import Request
from starlette.responses import Response
from strawberry.dataloader import DataLoader

from gateway import idempotency
from gateway.rpc_client import RpcClient
from shared.errors import CivicError
from shared.idempotency import IDEMPOTENCY_KEY
from shared.principal import LANGUAGE_KEY, TRACEPARENT_KEY, Principal
from shared.telemetry import current_traceparent

_tracer = trace.get_tracer("civicgrid.gateway")


def preferred_language(accept_language: str | None) -> str:
    """'en' when the client prefers English, else Chinese (the product's language)."""
    first = (accept_language or "").split(",")[0].strip().lower()
    return "en" if first.startswith("en") else "zh"


@dataclass
class Context:
    request: Request
    response: Response | None
    principal: Principal | None
    rpc: RpcClient
    language: str
    request_id: str
    loaders: dict[str, DataLoader] = field(default_factory=dict)
    gate: Any = None  # gateway.limits.Gate: rate, allowlist, introspection
    bus: Any = None  # gateway.subscriptions.bus.EventBus, for subscriptions
    # websocket connections: the connection_init payload (strawberry sets it), and when the
    # token verified from it expires (subscriptions end then)
    connection_params: dict[str, Any] | None = None
    expires_at: float | None = None

    def rpc_context(self) -> dict[str, Any]:
        if self.principal is None:
            from gateway.auth import Unauthenticated

            raise Unauthenticated("missing Authorization: Bearer token", "缺少 Authorization: Bearer 令牌")
        data: dict[str, Any] = {**self.principal.context_data(), LANGUAGE_KEY: self.language}
        traceparent = current_traceparent()
        if traceparent:
            data[TRACEPARENT_KEY] = traceparent
        return data

    async def call(self, service: str, method: str, *args: Any, **kwargs: Any) -> Any:
        """One RPC, traced as a client span whose context the service continues. Span attributes
        name the call and the tenant, never the arguments (they may hold ID numbers)."""
        attributes = {"rpc.system": "nameko", "rpc.service": service, "rpc.method": method,
                      "civicgrid.tenant": self.principal.tenant if self.principal else ""}
        with _tracer.start_as_current_span(f"{service}.{method}", kind=trace.SpanKind.CLIENT,
                                           attributes=attributes) as span:
            context = self.rpc_context()
            calls = idempotency.CURRENT.get()
            if calls is not None:  # inside a mutation: the call carries its key (幂等键)
                context[IDEMPOTENCY_KEY] = calls.key(service, method, args, kwargs)
            try:
                return await self.rpc.call(service, method, *args, context=context, **kwargs)
            except CivicError as exc:
                span.set_attribute("civicgrid.error_code", exc.code)
                raise

    def loader(self, name: str, batch) -> DataLoader:
        """A DataLoader created once per request: a list of N items costs one RPC per link."""
        if name not in self.loaders:
            self.loaders[name] = DataLoader(load_fn=lambda keys: batch(self, keys))
        return self.loaders[name]
