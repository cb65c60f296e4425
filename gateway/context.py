"""The per-request context every resolver gets: who calls, in which language, and how to reach
the services (one RPC client per process, DataLoaders per request)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from strawberry.dataloader import DataLoader

from gateway.rpc_client import RpcClient
from shared.principal import LANGUAGE_KEY, TRACEPARENT_KEY, Principal
from shared.telemetry import current_traceparent


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
        return await self.rpc.call(service, method, *args, context=self.rpc_context(), **kwargs)

    def loader(self, name: str, batch) -> DataLoader:
        """A DataLoader created once per request: a list of N items costs one RPC per link."""
        if name not in self.loaders:
            self.loaders[name] = DataLoader(load_fn=lambda keys: batch(self, keys))
        return self.loaders[name]
