"""What every demo seeding step shares: the RPC client, the county admin's context, a seeded
random generator, and what earlier steps created."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from gateway.rpc_client import RpcClient
from shared.principal import Principal


@dataclass
class Demo:
    rpc: RpcClient
    tenant: str
    rng: random.Random
    counts: dict[str, int] = field(default_factory=dict)
    communities: list[dict] = field(default_factory=list)
    compounds: list[dict] = field(default_factory=list)
    grids: list[dict] = field(default_factory=list)

    @property
    def admin(self) -> dict[str, str]:
        return Principal(tenant=self.tenant, subject="demo-seed", roles=("county_admin",)).context_data()

    async def call(self, service: str, method: str, *args: Any, **kwargs: Any) -> Any:
        return await self.rpc.call(service, method, *args, context=self.admin, **kwargs)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n
