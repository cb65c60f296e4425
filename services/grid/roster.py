"""The seven-level roster (七级组织体系): posts held by persons at places, the tenant's staffing
model (配备模式), the grids that fall short of it, and counts per level and community."""
from __future__ import annotations

import uuid
from collections import Counter, defaultdict

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.grid.models import Building, Community, Compound, Grid, Post, Resident, StaffingSetting
from services.grid.residents import visible as resident_scope
from shared.contracts.grid import (
    DEFAULT_STAFFING_MODEL, POST_LEVELS, STAFFING_MODELS, PostIn, PostOut, RosterCounts, StaffingReport,
)
from shared.errors import Conflict, NotFound, ValidationFailed
from shared.principal import Principal
from shared.scope import scope_clause

# which place fields each level needs (unit/floor are labels inside the building)
NEEDS = {
    "community_work_team": ("community_id",),
    "compound_party_leader": ("compound_id",),
    "grid_worker": ("grid_id",),
    "community_police": ("grid_id",),
    "building_head": ("grid_id", "building_id"),
    "unit_head": ("grid_id", "building_id", "unit"),
    "sub_floor_head": ("grid_id", "building_id", "unit", "floor"),
    "floor_head": ("grid_id", "building_id", "unit", "floor"),
}
CAMEL = {"community_id": "communityId", "compound_id": "compoundId", "grid_id": "gridId",
         "building_id": "buildingId", "unit": "unit", "floor": "floor"}
# places inside a building a level does not take: none above building heads, no unit or floor for
# a building head, no floor for a unit head (a 网格员 is not at a 楼栋)
NOT_AT = {level: tuple(f for f in ("building_id", "unit", "floor") if f not in needs)
          for level, needs in NEEDS.items()}


def _missing(fields: list[str], level: str) -> ValidationFailed:
    return ValidationFailed([{"field": CAMEL[f], "message": f"{CAMEL[f]}: required for a {level} post",
                              "message_zh": f"{CAMEL[f]}：该岗位（{level}）必须填写"} for f in fields])


def _get(session: Session, model, ident, entity: str, entity_zh: str, field: str):
    row = session.get(model, (session.info["tenant"], ident))
    if row is None:
        raise NotFound(entity, entity_zh, ident, field=field)
    return row


def _mismatch(field: str) -> Conflict:
    return Conflict(f"{CAMEL[field]} is not in the same community as the other places",
                    f"{CAMEL[field]} 与其他地点不在同一社区", field=CAMEL[field])


def appoint(session: Session, principal: Principal | None, data: PostIn) -> Post:
    missing = [field for field in NEEDS[data.level] if getattr(data, field) is None]
    if missing:
        raise _missing(missing, data.level)
    extra = [field for field in NOT_AT[data.level] if getattr(data, field) is not None]
    if extra:
        name = CAMEL[extra[0]]
        raise Conflict(f"{name}: a {data.level} post is not at a {extra[0].removesuffix('_id')}; leave it out",
                       f"{name}：该岗位（{data.level}）不设在此处，请不要填写", field=name)
    places = {"community_id": (Community, "community", "社区"), "compound_id": (Compound, "compound", "小区"),
              "grid_id": (Grid, "grid", "网格"), "building_id": (Building, "building", "楼栋")}
    found = {f: _get(session, m, getattr(data, f), e, z, CAMEL[f])
             for f, (m, e, z) in places.items() if getattr(data, f) is not None}
    community_id = None
    for field, row in found.items():
        here = row.id if field == "community_id" else row.community_id
        if community_id not in (None, here):
            raise _mismatch(field)
        community_id = here
    community = session.get(Community, (session.info["tenant"], community_id))
    in_scope = scope_clause(principal, street=Community.street_id, community=Community.id)
    if session.scalar(sa.select(Community.id).where(Community.id == community.id, in_scope)) is None:
        raise NotFound("community", "社区", community.id, field=CAMEL[next(iter(found))])
    key = f"name:{data.holder_name}"
    if data.resident_id is not None:
        holder = session.scalar(sa.select(Resident.id).where(Resident.id == data.resident_id,
                                                             resident_scope(principal)))
        if holder is None:
            raise NotFound("resident", "居民", data.resident_id, field="residentId")
        key = str(holder)
    post = Post(level=data.level, holder_name=data.holder_name, holder_key=key,
                street_id=community.street_id, community_id=community.id, compound_id=data.compound_id,
                grid_id=data.grid_id, building_id=data.building_id, unit=data.unit, floor=data.floor)
    session.add(post)
    session.flush()
    return post


def visible(principal: Principal | None):
    return scope_clause(principal, street=Post.street_id, community=Post.community_id, grid=Post.grid_id)


def vacate(session: Session, principal: Principal | None, post_id: uuid.UUID) -> Post:
    """Remove a post (离任); the roster keeps no history of posts, only the current team."""
    post = session.scalar(sa.select(Post).where(Post.id == post_id, visible(principal)))
    if post is None:
        raise NotFound("post", "岗位", post_id, field="postId")
    session.delete(post)
    return post


def list_posts(session: Session, principal: Principal | None, *, limit: int, after: uuid.UUID | None,
               grid_id: uuid.UUID | None, level: str | None, community_id: uuid.UUID | None = None) -> list[Post]:
    query = sa.select(Post).where(visible(principal)).order_by(Post.id).limit(limit)
    for column, value in ((Post.id, after), (Post.grid_id, grid_id), (Post.level, level),
                          (Post.community_id, community_id)):
        if value is not None:
            query = query.where(column > value if column is Post.id else column == value)
    return list(session.scalars(query))


def post_out(row: Post) -> PostOut:
    ids = {f: str(getattr(row, f)) if getattr(row, f) else None
           for f in ("compound_id", "grid_id", "building_id")}
    return {"id": str(row.id), "level": row.level, "holder_name": row.holder_name,
            "resident_id": None if row.holder_key.startswith("name:") else row.holder_key,
            "community_id": str(row.community_id), **ids, "unit": row.unit, "floor": row.floor}


def staffing_model(session: Session) -> str:
    row = session.scalar(sa.select(StaffingSetting))
    return row.model if row else DEFAULT_STAFFING_MODEL


def set_staffing_model(session: Session, model: str) -> str:
    row = session.scalar(sa.select(StaffingSetting))
    if row is None:
        session.add(StaffingSetting(model=model))
    else:
        row.model = model
    return model


def staffing_report(session: Session, principal: Principal | None) -> StaffingReport:
    """Community grids in scope whose posts fall short of the tenant's model."""
    model = staffing_model(session)
    needed = STAFFING_MODELS[model]
    grids = session.scalars(sa.select(Grid).where(
        Grid.kind == "community", Grid.retired_at.is_(None),
        scope_clause(principal, street=Grid.street_id, community=Grid.community_id, grid=Grid.id))
        .order_by(Grid.name)).all()
    by_grid = Counter(session.execute(sa.select(Post.grid_id, Post.level)
                                      .where(Post.grid_id.is_not(None))).tuples())
    leaders = Counter(session.scalars(sa.select(Post.compound_id).where(
        Post.level == "compound_party_leader", Post.grid_id.is_(None))))
    gaps = []
    for grid in grids:
        missing = []
        for level, required in needed.items():
            actual = by_grid[(grid.id, level)]
            if level == "compound_party_leader" and grid.compound_id:
                actual += leaders[grid.compound_id]
            if actual < required:
                missing.append({"level": level, "required": required, "actual": actual})
        if missing:
            gaps.append({"grid_id": str(grid.id), "grid_name": grid.name,
                         "community_id": str(grid.community_id), "missing": missing})
    return {"model": model, "requirements": dict(needed), "grids_checked": len(grids), "gaps": gaps}


def roster_counts(session: Session, principal: Principal | None) -> RosterCounts:
    """Posts and distinct persons per level; posts per community and level (like seed 000)."""
    rows = session.execute(sa.select(Post.level, Post.holder_key, Post.community_id, Community.name)
                           .join(Community, sa.and_(Community.tenant_id == Post.tenant_id,
                                                    Community.id == Post.community_id))
                           .where(visible(principal))).all()
    posts, persons = Counter(), defaultdict(set)
    per_community: Counter = Counter()
    for level, key, community_id, community_name in rows:
        posts[level] += 1
        persons[level].add(key)
        per_community[(str(community_id), community_name, level)] += 1
    return {"by_level": [{"level": lv, "posts": posts[lv], "persons": len(persons[lv])} for lv in POST_LEVELS],
            "by_community": [{"community_id": c, "community_name": n, "level": lv, "posts": count}
                             for (c, n, lv), count in sorted(per_community.items())]}
