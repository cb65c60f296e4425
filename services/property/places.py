"""Where compounds lie, and what a caller may see (数据范围).

Compounds belong to the grid service. Every write naming a compound validates it with
``grid.compounds_by_ids`` — called with the caller's principal, so a compound outside the caller's
scope is as unknown as one that does not exist — and remembers its street and community in
``compound_places``. Reads are limited by :class:`Visibility`: the county sees everything; street
and community staff the compounds whose remembered street / community is theirs (no RPC); a grid
worker the compounds the grid service says their grid covers, asked once per grid and kept for
:data:`GRID_TTL` seconds. Companies are visible through the compounds they manage (a contract or a
company management mode); published lists and the bid check stay tenant-wide.
"""
from __future__ import annotations

import threading
import time
import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.property.community_models import CompoundPlace
from services.property.models import CompoundMode, ManagementContract
from shared import remote
from shared.errors import NotFound
from shared.principal import Principal

GRID_TTL = 30.0  # seconds a grid worker's compounds are reused before asking the grid service again
_grid_cache: dict[tuple[str, str], tuple[float, frozenset[uuid.UUID]]] = {}
_lock = threading.Lock()


def lookup(grid_proxy, compound_ids: list[uuid.UUID], field: str = "compoundId") -> dict[uuid.UUID, dict]:
    """The compounds as the grid service knows them, in the caller's scope; NotFound names ``field``
    for the first one it does not know (or the caller may not see)."""
    asked = list(dict.fromkeys(compound_ids))
    found = {uuid.UUID(c["id"]): c for c in remote.call(grid_proxy, "grid", "compounds_by_ids", [str(i) for i in asked])}
    for ident in asked:
        if ident not in found:
            raise NotFound("compound", "小区", ident, field=field)
    return found


def remember(session: Session, compounds: dict[uuid.UUID, dict]) -> None:
    """Record (or refresh) where each compound lies, inside the caller's transaction."""
    now = datetime.now(timezone.utc)
    existing = {p.compound_id: p for p in session.scalars(
        sa.select(CompoundPlace).where(CompoundPlace.compound_id.in_(list(compounds))))}
    for ident, c in compounds.items():
        row = existing.get(ident) or CompoundPlace(compound_id=ident)
        row.name, row.street_id, row.community_id = c["name"], uuid.UUID(c["street_id"]), uuid.UUID(c["community_id"])
        row.checked_at = now
        session.add(row)
    session.flush()


class Visibility:
    """What one caller may see, as SQL clauses over a table's compound / company / community column."""

    def __init__(self, level: str = "county", scope_id: uuid.UUID | None = None,
                 grid_compounds: frozenset[uuid.UUID] = frozenset()):
        self.level, self.scope_id, self.grid_compounds = level, scope_id, grid_compounds

    @property
    def everything(self) -> bool:
        return self.level == "county"

    def places(self):
        """The CompoundPlace rows in scope (street/community/grid)."""
        if self.level == "grid":
            return CompoundPlace.compound_id.in_(self.grid_compounds)
        column = CompoundPlace.street_id if self.level == "street" else CompoundPlace.community_id
        return column == self.scope_id

    def compound(self, column):
        if self.everything:
            return sa.true()
        if self.level == "grid":
            return column.in_(self.grid_compounds)
        return column.in_(sa.select(CompoundPlace.compound_id).where(self.places()))

    def community(self, column):
        if self.everything:
            return sa.true()
        if self.level == "community":
            return column == self.scope_id
        return column.in_(sa.select(CompoundPlace.community_id).where(self.places()))

    def company(self, column):
        if self.everything:
            return sa.true()
        return sa.or_(
            column.in_(sa.select(ManagementContract.company_id).where(self.compound(ManagementContract.compound_id))),
            column.in_(sa.select(CompoundMode.company_id).where(self.compound(CompoundMode.compound_id),
                                                               CompoundMode.company_id.is_not(None))))


    def require_compound(self, session: Session, compound_id: uuid.UUID, entity: str, entity_zh: str, ident,
                         field: str) -> None:
        """NotFound (as if it did not exist) unless the compound is in scope."""
        if not self.everything and not session.scalar(sa.select(sa.literal(True)).where(
                self.compound(sa.literal(compound_id, sa.Uuid)))):
            raise NotFound(entity, entity_zh, ident, field=field)

    def require_company(self, session: Session, company_id: uuid.UUID, field: str = "companyId") -> None:
        if not self.everything and not session.scalar(sa.select(sa.literal(True)).where(
                self.company(sa.literal(company_id, sa.Uuid)))):
            raise NotFound("company", "物业企业", company_id, field=field)

    def require_community(self, session: Session, community_id: uuid.UUID, field: str = "communityId") -> None:
        if not self.everything and not session.scalar(sa.select(sa.literal(True)).where(
                self.community(sa.literal(community_id, sa.Uuid)))):
            raise NotFound("community", "社区", community_id, field=field)


def visibility(session: Session, principal: Principal | None, grid_proxy) -> Visibility:
    if principal is None or principal.scope.level == "county":
        return Visibility()
    try:
        scope_id = uuid.UUID(str(principal.scope.id))
    except ValueError:
        return Visibility("grid")  # not one of our ids: nothing is in scope
    if principal.scope.level != "grid":
        return Visibility(principal.scope.level, scope_id)
    return Visibility("grid", scope_id, _grid_compounds(session, principal, grid_proxy))


def _grid_compounds(session: Session, principal: Principal, grid_proxy) -> frozenset[uuid.UUID]:
    """The known compounds the grid service shows this grid worker (cached per grid for GRID_TTL)."""
    key = (principal.tenant, str(principal.scope.id))
    with _lock:
        hit = _grid_cache.get(key)
    if hit and hit[0] > time.monotonic():
        return hit[1]
    known = [str(i) for i in session.scalars(sa.select(CompoundPlace.compound_id))]
    shown = frozenset(uuid.UUID(c["id"]) for c in remote.call(grid_proxy, "grid", "compounds_by_ids", known)) \
        if known else frozenset()
    with _lock:
        if len(_grid_cache) > 10_000:
            _grid_cache.clear()
        _grid_cache[key] = (time.monotonic() + GRID_TTL, shown)
    return shown


def name_of(session: Session, compound_id: uuid.UUID) -> str | None:
    return session.scalar(sa.select(CompoundPlace.name).where(CompoundPlace.compound_id == compound_id))
