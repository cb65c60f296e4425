"""Roster types: posts, the staffing report, counts."""
from __future__ import annotations

import strawberry

from shared.contracts.grid import PostOut, RosterCounts as RosterCountsOut, StaffingReport as ReportOut

LEVELS = ("community_work_team (社区工作队), compound_party_leader (小区党组织书记/物业负责人), "
          "grid_worker (网格员), building_head (楼栋长), unit_head (单元长), sub_floor_head (分层长), "
          "floor_head (楼层长), community_police (社区民警)")


@strawberry.type(description="A post of the seven-level roster (岗位) held by one person at one place.")
class Post:
    id: strawberry.ID
    level: str = strawberry.field(description=LEVELS)
    holder_name: str
    resident_id: strawberry.ID | None
    community_id: strawberry.ID
    compound_id: strawberry.ID | None
    grid_id: strawberry.ID | None
    building_id: strawberry.ID | None
    unit: str | None
    floor: str | None

    @classmethod
    def from_rpc(cls, d: PostOut) -> "Post":
        ids = {k: strawberry.ID(d[k]) if d[k] else None
               for k in ("resident_id", "compound_id", "grid_id", "building_id")}
        return cls(id=strawberry.ID(d["id"]), level=d["level"], holder_name=d["holder_name"],
                   community_id=strawberry.ID(d["community_id"]), unit=d["unit"], floor=d["floor"], **ids)


@strawberry.type(description="Posts of one level required or held.")
class LevelRequirement:
    level: str
    required: int
    actual: int = 0


@strawberry.type(description="A grid short of the staffing model (未达标网格).")
class StaffingGap:
    grid_id: strawberry.ID
    grid_name: str
    community_id: strawberry.ID
    missing: list[LevelRequirement]


@strawberry.type(description="Grids checked against the tenant's staffing model (配备模式达标情况).")
class StaffingReport:
    model: str
    requirements: list[LevelRequirement]
    grids_checked: int
    gaps: list[StaffingGap]

    @classmethod
    def from_rpc(cls, d: ReportOut) -> "StaffingReport":
        return cls(model=d["model"], grids_checked=d["grids_checked"],
                   requirements=[LevelRequirement(level=k, required=v) for k, v in d["requirements"].items()],
                   gaps=[StaffingGap(grid_id=strawberry.ID(g["grid_id"]), grid_name=g["grid_name"],
                                     community_id=strawberry.ID(g["community_id"]),
                                     missing=[LevelRequirement(**m) for m in g["missing"]])
                         for g in d["gaps"]])


@strawberry.type
class LevelCount:
    level: str
    posts: int
    persons: int = strawberry.field(description="Distinct holders: one person may hold several posts.")


@strawberry.type
class CommunityLevelCount:
    community_id: strawberry.ID
    community_name: str
    level: str
    posts: int


@strawberry.type(description="Roster counts per level and per community (队伍统计).")
class RosterCounts:
    by_level: list[LevelCount]
    by_community: list[CommunityLevelCount]

    @classmethod
    def from_rpc(cls, d: RosterCountsOut) -> "RosterCounts":
        return cls(by_level=[LevelCount(**c) for c in d["by_level"]],
                   by_community=[CommunityLevelCount(**c) for c in d["by_community"]])
