"""Place ids the organization service stores (街道, 社区, 网格 of the grid service), checked with
the grid service before a write, so no org, member or registration names a place of another county
or one that does not exist.

The entrypoints call :func:`shared.places.require` for a single write (``NOT_FOUND`` naming the
GraphQL field; a community given with a street it does not lie in is ``CONFLICT``). The org roster
import asks once per sheet with :func:`known` and refuses the rows whose ids are not among them
(:mod:`org_import`), as its other row errors. Rule modules stay free of RPC.
"""
from __future__ import annotations

import uuid

from shared import places, remote
from shared.contracts.organization import MemberIn, OrgIn, PairingIn, RegistrationIn

BATCH = 1000  # ids per lookup (the grid service's limit)
LOOKUPS = {"street_id": "streets_by_ids", "community_id": "communities_by_ids", "grid_id": "grids_by_ids"}


def require_org(grid_proxy, data: OrgIn) -> None:
    places.require(grid_proxy, streets=[(data.street_id, "streetId")],
                   communities=[(data.community_id, "communityId")], grids=[(data.grid_id, "gridId")])


def require_member(grid_proxy, data: MemberIn) -> None:
    places.require(grid_proxy, communities=[(data.residence_community_id, "residenceCommunityId")])


def require_community(grid_proxy, data: RegistrationIn | PairingIn) -> None:
    places.require(grid_proxy, communities=[(data.community_id, "communityId")])


def known(grid_proxy, wanted: dict[str, set[uuid.UUID]]) -> dict[str, dict[uuid.UUID, dict]]:
    """The places among ``wanted`` (per column: street_id, community_id, grid_id) that the grid
    service knows in this county (grids: in the caller's scope), by id; one call per column and
    :data:`BATCH` ids."""
    found: dict[str, dict[uuid.UUID, dict]] = {column: {} for column in LOOKUPS}
    for column, ids in wanted.items():
        asked = sorted(ids, key=str)
        for start in range(0, len(asked), BATCH):
            chunk = [str(i) for i in asked[start:start + BATCH]]
            for row in remote.call(grid_proxy, "grid", LOOKUPS[column], chunk):
                found[column][uuid.UUID(row["id"])] = row
    return found
