"""Where a grid sits (its community and street), for filtering case events by data scope.

Case events carry the grid only. The gateway asks the grid service once per grid and tenant and
remembers the answer: a grid never changes community or street (a split or merge makes new grids).
Concurrent look-ups of the same grid share one call.
"""
from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from dataclasses import dataclass

from gateway.rpc_client import RpcClient
from shared.errors import CivicError
from shared.principal import LANGUAGE_KEY, Principal

log = logging.getLogger(__name__)
CACHED = 20_000
SUBJECT = "gateway.subscriptions"  # the gateway itself, reading where grids are; no role


@dataclass(frozen=True)
class Place:
    grid_id: str
    community_id: str
    street_id: str


class Places:
    def __init__(self, rpc: RpcClient):
        self.rpc = rpc
        self._known: OrderedDict[tuple[str, str], asyncio.Future[Place | None]] = OrderedDict()
        self.lookups = 0  # RPCs made (tests check one per grid)

    async def of_grid(self, tenant: str, grid_id: str) -> Place | None:
        """The grid's place in ``tenant``; None when it does not exist there or the grid service
        cannot answer now (the event is then withheld from narrower scopes: fail closed)."""
        key = (tenant, grid_id)
        future = self._known.get(key)
        if future is None:
            future = asyncio.get_running_loop().create_future()
            self._known[key] = future
            if len(self._known) > CACHED:
                self._known.popitem(last=False)
            try:
                future.set_result(await self._lookup(tenant, grid_id))
            except CivicError as exc:
                log.warning("where is grid %s of %s? %s", grid_id, tenant, exc.code)
                self._known.pop(key, None)
                future.set_result(None)
        return await asyncio.shield(future)

    async def _lookup(self, tenant: str, grid_id: str) -> Place | None:
        self.lookups += 1
        reader = Principal(tenant=tenant, subject=SUBJECT)
        rows = await self.rpc.call("grid", "grids_by_ids", [grid_id],
                                   context={**reader.context_data(), LANGUAGE_KEY: "en"})
        if not rows:
            return None
        row = rows[0]
        return Place(grid_id=row["id"], community_id=row["community_id"], street_id=row["street_id"])
