"""The grid's place (street, community, compound) for intake, kept briefly per process.

Every report needs its grid's street and community (for scope filtering) and compound (for
duplicates). Asking the grid service each time cost one synchronous RPC per report; places
almost never change, so a hit within ``CIVICGRID_DISPATCH_PLACE_TTL`` seconds (default 30) is
answered from memory. The cache is keyed by tenant and grid and holds only ids; the caller's data
scope is checked against the cached place exactly as the grid service would have.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable

from shared.errors import NotFound
from shared.principal import Principal

TTL = float(os.environ.get("CIVICGRID_DISPATCH_PLACE_TTL", "30"))
MAX_ENTRIES = 20_000
_cache: dict[tuple[str, str], tuple[float, dict]] = {}


def in_scope(principal: Principal | None, place: dict) -> bool:
    if principal is None or principal.scope.level == "county":
        return True
    key = {"street": "street_id", "community": "community_id", "grid": "id"}[principal.scope.level]
    return str(place.get(key)) == str(principal.scope.id)


def grid_place(tenant: str, grid_id: str, principal: Principal | None,
               fetch: Callable[[], dict]) -> dict:
    """``{id, street_id, community_id, compound_id}`` of the grid; ``fetch`` asks the grid
    service (which refuses a grid of another tenant or outside the caller's scope)."""
    key, now = (tenant, str(grid_id)), time.monotonic()
    hit = _cache.get(key)
    if hit is not None and hit[0] > now:
        if not in_scope(principal, hit[1]):
            raise NotFound("grid", "网格", grid_id, field="gridId")
        return hit[1]
    grid = fetch()
    place = {k: grid.get(k) for k in ("id", "street_id", "community_id", "compound_id")}
    if TTL > 0:
        if len(_cache) >= MAX_ENTRIES:
            _cache.clear()
        _cache[key] = (now + TTL, place)
    return place


def forget() -> None:
    _cache.clear()
