"""Cadres sunk into grids (定格入网): county leader → community, department → compound, cadre →
building; and the coverage: which places still lack theirs."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.grid.models import Building, CadreAssignment, Community, Compound
from shared.contracts.grid import CadreAssignmentIn, CadreAssignmentOut, CadreCoverage
from shared.errors import NotFound, ValidationFailed
from shared.principal import Principal
from shared.scope import scope_clause

LIST_LIMIT = 100
PLACE = {"county_leader": ("community_id", Community, "community", "社区", "communityId"),
         "department": ("compound_id", Compound, "compound", "小区", "compoundId"),
         "cadre": ("building_id", Building, "building", "楼栋", "buildingId")}


def assign(session: Session, data: CadreAssignmentIn) -> CadreAssignment:
    attr, model, entity, entity_zh, field = PLACE[data.kind]
    ident = getattr(data, attr)
    if ident is None:
        raise ValidationFailed([{"field": field, "message": f"{field}: required for a {data.kind}",
                                 "message_zh": f"{field}：{data.kind} 须指定"}])
    place = session.get(model, (session.info["tenant"], ident))
    if place is None:
        raise NotFound(entity, entity_zh, ident, field=field)
    community_id = place.id if model is Community else place.community_id
    row = CadreAssignment(subject=data.subject, name=data.name, kind=data.kind, street_id=place.street_id,
                          community_id=community_id,
                          compound_id=getattr(place, "compound_id", None) if model is Building
                          else (place.id if model is Compound else None),
                          building_id=place.id if model is Building else None)
    session.add(row)
    session.flush()
    return row


def list_assignments(session: Session, principal: Principal | None, *, limit: int, after, kind: str | None,
                     community_id, street_id) -> list[CadreAssignment]:
    query = (sa.select(CadreAssignment)
             .where(scope_clause(principal, street=CadreAssignment.street_id, community=CadreAssignment.community_id))
             .order_by(CadreAssignment.id).limit(limit))
    for column, value in ((CadreAssignment.id, after), (CadreAssignment.kind, kind),
                          (CadreAssignment.community_id, community_id), (CadreAssignment.street_id, street_id)):
        if value is not None:
            query = query.where(column > value if column is CadreAssignment.id else column == value)
    return list(session.scalars(query))


def assignment_out(row: CadreAssignment) -> CadreAssignmentOut:
    return {"id": str(row.id), "subject": row.subject, "name": row.name, "kind": row.kind,
            "community_id": str(row.community_id),
            "compound_id": str(row.compound_id) if row.compound_id else None,
            "building_id": str(row.building_id) if row.building_id else None}


LEVELS = (("community", Community, "county_leader", CadreAssignment.community_id),
          ("compound", Compound, "department", CadreAssignment.compound_id),
          ("building", Building, "cadre", CadreAssignment.building_id))


def coverage(session: Session, principal: Principal | None) -> CadreCoverage:
    levels = []
    for level, model, kind, column in LEVELS:
        community = model.id if model is Community else model.community_id
        in_scope = scope_clause(principal, street=model.street_id, community=community)
        assigned = sa.select(column).where(CadreAssignment.kind == kind, column.is_not(None))
        total = session.scalar(sa.select(sa.func.count()).select_from(model).where(in_scope))
        bare = sa.select(model.id, model.name, community).where(in_scope, model.id.not_in(assigned))
        uncovered_total = session.scalar(sa.select(sa.func.count()).select_from(bare.subquery()))
        rows = session.execute(bare.order_by(model.name, model.id).limit(LIST_LIMIT)).all()
        levels.append({"level": level, "total": total, "covered": total - uncovered_total,
                       "uncovered": [{"id": str(i), "name": n, "community_id": str(c)} for i, n, c in rows]})
    return {"levels": levels}
