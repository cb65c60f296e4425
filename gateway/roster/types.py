"""Roster types: posts, the staffing report, counts."""
from __future__ import annotations

import strawberry

from shared.contracts.grid import PostOut, RosterCounts as RosterCountsOut, StaffingReport as ReportOut

LEVELS = ("community_work_team (社区工作队), compound_party_leader (小区党组织书记/物业负责人), "
          "grid_worker (网格员), building_head (楼栋长), unit_head (单元长), sub_floor_head (分层长), "
          "floor_head (楼层长), community_police (社区民警)")


@strawberry.type(description="A post of the seven-level roster (岗位) held by one person at one place.")
class Post:
    id: strawberry.ID = strawberry.field(description="The post's id (岗位编号); pass it to vacatePost.")
    level: str = strawberry.field(description=LEVELS)
    holder_name: str = strawberry.field(description="The holder's name (任职人姓名).")
    resident_id: strawberry.ID | None = strawberry.field(description="The holder's resident id in the "
                                                                     "registry (居民): posts of one person "
                                                                     "share it; null when not linked.")
    community_id: strawberry.ID = strawberry.field(description="The community's id of the post (所在社区): "
                                                               "given, or that of its other places.")
    compound_id: strawberry.ID | None = strawberry.field(description="The compound's id (小区): always set "
                                                                     "for a compound_party_leader; null "
                                                                     "when not given.")
    grid_id: strawberry.ID | None = strawberry.field(description="The grid's id (网格): always set from "
                                                                 "grid_worker down and for "
                                                                 "community_police; null when not given.")
    building_id: strawberry.ID | None = strawberry.field(description="The building's id (楼栋) for a "
                                                                     "building, unit, sub-floor or floor "
                                                                     "head; null otherwise.")
    unit: str | None = strawberry.field(description="The unit (单元) of the building for a unit, sub-floor "
                                                    "or floor head; null otherwise.")
    floor: str | None = strawberry.field(description="The floor (楼层) for a floor head, or a range such as "
                                                     "\"1-3\" for a sub-floor head (分层长); null "
                                                     "otherwise.")

    @classmethod
    def from_rpc(cls, d: PostOut) -> "Post":
        ids = {k: strawberry.ID(d[k]) if d[k] else None
               for k in ("resident_id", "compound_id", "grid_id", "building_id")}
        return cls(id=strawberry.ID(d["id"]), level=d["level"], holder_name=d["holder_name"],
                   community_id=strawberry.ID(d["community_id"]), unit=d["unit"], floor=d["floor"], **ids)


@strawberry.type(description="Posts of one level required or held.")
class LevelRequirement:
    level: str = strawberry.field(description="The post level (岗位层级): " + LEVELS + ".")
    required: int = strawberry.field(description="Posts of this level the staffing model requires per "
                                                 "community grid (应配数).")
    actual: int = strawberry.field(default=0, description="Posts held in the grid (实配数); 0 in the "
                                                          "model's requirements list.")


@strawberry.type(description="A grid short of the staffing model (未达标网格).")
class StaffingGap:
    grid_id: strawberry.ID = strawberry.field(description="The grid's id short of the model (网格).")
    grid_name: str = strawberry.field(description="The grid's name (网格名称).")
    community_id: strawberry.ID = strawberry.field(description="The community's id of the grid (所在社区).")
    missing: list[LevelRequirement] = strawberry.field(description="The levels it is short of, with "
                                                                   "required and actual posts (缺配岗位).")


@strawberry.type(description="Grids checked against the tenant's staffing model (配备模式达标情况).")
class StaffingReport:
    model: str = strawberry.field(description="The tenant's staffing model (配备模式): \"1+2+N\" (the "
                                              "default), \"1+1+N\" or \"三长三员一民警\".")
    requirements: list[LevelRequirement] = strawberry.field(description="Posts the model requires in each "
                                                                        "community grid (配备要求); actual "
                                                                        "is 0 here.")
    grids_checked: int = strawberry.field(description="Community grids in your scope checked (检查网格数); "
                                                      "specialized and retired grids are not.")
    gaps: list[StaffingGap] = strawberry.field(description="The grids short of the model (未达标网格), by "
                                                           "name.")

    @classmethod
    def from_rpc(cls, d: ReportOut) -> "StaffingReport":
        return cls(model=d["model"], grids_checked=d["grids_checked"],
                   requirements=[LevelRequirement(level=k, required=v) for k, v in d["requirements"].items()],
                   gaps=[StaffingGap(grid_id=strawberry.ID(g["grid_id"]), grid_name=g["grid_name"],
                                     community_id=strawberry.ID(g["community_id"]),
                                     missing=[LevelRequirement(**m) for m in g["missing"]])
                         for g in d["gaps"]])


@strawberry.type(description="Posts and distinct holders of one level (按层级统计).")
class LevelCount:
    level: str = strawberry.field(description="The post level (岗位层级): " + LEVELS + ".")
    posts: int = strawberry.field(description="Posts of this level in your scope (岗位数).")
    persons: int = strawberry.field(description="Distinct holders: one person may hold several posts.")


@strawberry.type(description="Posts of one level in one community (按社区统计).")
class CommunityLevelCount:
    community_id: strawberry.ID = strawberry.field(description="The community's id (社区).")
    community_name: str = strawberry.field(description="The community's name (社区名称).")
    level: str = strawberry.field(description="The post level (岗位层级), as Post.level.")
    posts: int = strawberry.field(description="Posts of this level in the community (岗位数).")


@strawberry.type(description="Roster counts per level and per community (队伍统计).")
class RosterCounts:
    by_level: list[LevelCount] = strawberry.field(description="One row per level, all eight, from "
                                                              "community_work_team to community_police "
                                                              "(按层级).")
    by_community: list[CommunityLevelCount] = strawberry.field(description="One row per community and level "
                                                                           "with posts, by community id "
                                                                           "(按社区).")

    @classmethod
    def from_rpc(cls, d: RosterCountsOut) -> "RosterCounts":
        return cls(by_level=[LevelCount(**c) for c in d["by_level"]],
                   by_community=[CommunityLevelCount(**c) for c in d["by_community"]])
