"""Ids of other services' objects a dispatch write stores (街道, 社区, 小区, 党组织, 党员), checked
before the write, so that no row names an object of another county or one that does not exist.

:func:`refs_of` says which ids an input stores (for a step, only the actions that store them);
:func:`require` looks each kind up with one batched RPC: streets and communities with the grid
service (``shared/places.py``, the whole county), party organizations with
``organization.orgs_by_ids`` (the caller's scope) and party members with
``organization.members_exist`` (the whole county). An unknown id is ``NOT_FOUND`` naming the input
field it came from. Entrypoints call it before their transaction opens, so no row lock is held
while another service answers.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from shared import places, remote
from shared.contracts import dispatch as c
from shared.errors import NotFound, ValidationFailed

Ref = places.Ref  # (id or None, the input field it came from)


@dataclass(frozen=True)
class Refs:
    streets: tuple[Ref, ...] = ()
    communities: tuple[Ref, ...] = ()
    orgs: tuple[Ref, ...] = ()
    members: tuple[Ref, ...] = ()

    def __bool__(self) -> bool:
        return any(ref[0] is not None for refs in (self.streets, self.communities, self.orgs,
                                                   self.members) for ref in refs)


def _members(ids, field: str) -> tuple[Ref, ...]:
    return tuple((m, field) for m in ids)


def refs_of(data, action: str | None = None) -> Refs:
    """The foreign ids ``data`` (a contract input; ``action`` for a step) would have stored."""
    if isinstance(data, c.NeedIn):
        return Refs(streets=((data.street_id, "streetId"),),
                    communities=((data.community_id, "communityId"),))
    if isinstance(data, c.ResourceIn):
        return Refs(streets=((data.street_id, "streetId"),),
                    communities=((data.community_id, "communityId"),),
                    orgs=((data.unit_org_id, "unitOrgId"),))
    if isinstance(data, c.NeedStepIn) and action == "claim":
        return Refs(orgs=((data.unit_org_id, "unitOrgId"),))
    if isinstance(data, c.WishStepIn) and action == "claim":
        return Refs(orgs=((data.org_id, "orgId"),), members=_members(data.member_ids, "memberIds"))
    if isinstance(data, c.WishStepIn) and action == "fulfil":
        return Refs(members=_members(data.member_ids, "memberIds"))
    if isinstance(data, c.OrderStepIn) and action == "take":
        return Refs(members=_members(data.member_ids, "memberIds"))
    if isinstance(data, c.ResolveIn) and action == "resolve":
        return Refs(members=_members(data.handler_member_ids, "handlerMemberIds"))
    if isinstance(data, c.WhistlePartStepIn) and action == "resolve":
        return Refs(members=_members(data.handler_member_ids, "handlerMemberIds"))
    return Refs()


def _wanted(refs) -> dict[uuid.UUID, str]:
    out: dict[uuid.UUID, str] = {}
    for ident, name in refs:
        if ident is not None:
            out.setdefault(uuid.UUID(str(ident)), name)
    return out


def require(grid_proxy, organization_proxy, refs: Refs) -> None:
    """Refuse the first id of ``refs`` that is not an object of the caller's county."""
    if refs.streets or refs.communities:
        places.require(grid_proxy, streets=list(refs.streets), communities=list(refs.communities))
    orgs = _wanted(refs.orgs)
    if orgs:
        found = {uuid.UUID(o) for o in remote.call(
            organization_proxy, "organization", "orgs_exist", [str(i) for i in orgs])}
        for ident, name in orgs.items():
            if ident not in found:
                raise NotFound("party organization", "党组织", ident, field=name)
    members = _wanted(refs.members)
    if members:
        found = {uuid.UUID(m) for m in remote.call(
            organization_proxy, "organization", "members_exist", [str(i) for i in members])}
        for ident, name in members.items():
            if ident not in found:
                raise NotFound("party member", "党员", ident, field=name)


def require_compound(grid_proxy, compound_id: uuid.UUID, place: dict) -> None:
    """A case names a compound its grid does not fix: it must be a compound the caller sees, in
    the grid's community."""
    found = remote.call(grid_proxy, "grid", "compounds_by_ids", [str(compound_id)])
    if not found:
        raise NotFound("compound", "小区", compound_id, field="compoundId")
    if str(found[0]["community_id"]) != str(place.get("community_id")):
        raise ValidationFailed([{"field": "compound_id",
                                 "message": "compoundId: not a compound of this grid's community",
                                 "message_zh": "compoundId：不是该网格所在社区的小区"}])
