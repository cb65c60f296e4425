"""Places another service refers to (街道, 社区, 网格): checked with the grid service before the id
is stored, so no row names a place of another county or one that does not exist.

The grid service owns the territory; a service holding a ``ServiceRpc("grid")`` calls
``require`` with the ids it was given and the GraphQL field each came from. An unknown id is
``NOT_FOUND`` naming that field; a community that lies in another street than the one given is
``CONFLICT`` naming the community's field. Streets and communities are looked up in the whole
county (the caller's own rules decide what it may do there); grids in the caller's scope, as
``get_grid`` always has.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field as dc_field

from shared import remote
from shared.errors import Conflict, NotFound

Ref = tuple[uuid.UUID | str | None, str]  # (id or None, the input field it came from)


@dataclass
class Places:
    streets: dict[uuid.UUID, dict] = dc_field(default_factory=dict)
    communities: dict[uuid.UUID, dict] = dc_field(default_factory=dict)
    grids: dict[uuid.UUID, dict] = dc_field(default_factory=dict)


def _wanted(refs) -> dict[uuid.UUID, str]:
    """Each distinct id asked for, with the first field that named it."""
    out: dict[uuid.UUID, str] = {}
    for ident, name in refs:
        if ident is not None:
            out.setdefault(uuid.UUID(str(ident)), name)
    return out


def _fetch(grid_proxy, method: str, wanted: dict[uuid.UUID, str], entity: str, entity_zh: str) -> dict:
    if not wanted:
        return {}
    found = {uuid.UUID(r["id"]): r for r in remote.call(grid_proxy, "grid", method, [str(i) for i in wanted])}
    for ident, name in wanted.items():
        if ident not in found:
            raise NotFound(entity, entity_zh, ident, field=name)
    return found


def require(grid_proxy, *, streets: list[Ref] = (), communities: list[Ref] = (),
            grids: list[Ref] = ()) -> Places:
    """The places named, as the grid service knows them; refuses the first unknown one."""
    places = Places(
        streets=_fetch(grid_proxy, "streets_by_ids", _wanted(streets), "street", "街道"),
        communities=_fetch(grid_proxy, "communities_by_ids", _wanted(communities), "community", "社区"),
        grids=_fetch(grid_proxy, "grids_by_ids", _wanted(grids), "grid", "网格"))
    given_streets = [uuid.UUID(str(i)) for i, _ in streets if i is not None]
    if len(given_streets) == 1:  # a community given together with its street must lie in it
        for ident, name in _wanted(communities).items():
            if places.communities[ident]["street_id"] != str(given_streets[0]):
                raise Conflict("the community lies in another street", "该社区不属于所填街道", field=name)
    return places
