"""Emergency activation types."""
from __future__ import annotations

import strawberry

from shared.contracts.grid import CadreAssignmentOut, CadreCoverage as CoverageOut, EmergencyOut, EmergencyTaskOut
from shared.contracts.grid import EmergencyStatus as StatusOut


def _id(value: str | None) -> strawberry.ID | None:
    return strawberry.ID(value) if value else None


@strawberry.type(description="A cadre sunk into a place (定格入网): county leader → community, "
                             "department → compound, cadre → building.")
class CadreAssignment:
    id: strawberry.ID
    subject: str
    name: str
    kind: str
    community_id: strawberry.ID
    compound_id: strawberry.ID | None
    building_id: strawberry.ID | None

    @classmethod
    def from_rpc(cls, d: CadreAssignmentOut) -> "CadreAssignment":
        return cls(id=strawberry.ID(d["id"]), subject=d["subject"], name=d["name"], kind=d["kind"],
                   community_id=strawberry.ID(d["community_id"]), compound_id=_id(d["compound_id"]),
                   building_id=_id(d["building_id"]))


@strawberry.type(description="An emergency activation (一键启动) of the county, a street or a community.")
class Emergency:
    id: strawberry.ID
    scope_level: str
    scope_id: strawberry.ID | None
    reason: str
    activated_at: str
    ended_at: str | None
    task_count: int
    acknowledged: int

    @classmethod
    def from_rpc(cls, d: EmergencyOut) -> "Emergency":
        return cls(id=strawberry.ID(d["id"]), scope_level=d["scope_level"], scope_id=_id(d["scope_id"]),
                   reason=d["reason"], activated_at=d["activated_at"], ended_at=d["ended_at"],
                   task_count=d["task_count"], acknowledged=d["acknowledged"])


@strawberry.type(description="A cadre's call to their place during an emergency (应急任务).")
class EmergencyTask:
    id: strawberry.ID
    emergency_id: strawberry.ID
    community_id: strawberry.ID
    acknowledged_at: str | None

    @classmethod
    def from_rpc(cls, d: EmergencyTaskOut) -> "EmergencyTask":
        return cls(id=strawberry.ID(d["id"]), emergency_id=strawberry.ID(d["emergency_id"]),
                   community_id=strawberry.ID(d["community_id"]), acknowledged_at=d["acknowledged_at"])


@strawberry.type(description="Acknowledged share of one community (到岗率).")
class CommunityAcknowledgement:
    community_id: strawberry.ID
    community_name: str
    tasks: int
    acknowledged: int
    share: float


@strawberry.type(description="An emergency and its acknowledged share per community.")
class EmergencyStatus:
    emergency: Emergency
    communities: list[CommunityAcknowledgement]

    @classmethod
    def from_rpc(cls, d: StatusOut) -> "EmergencyStatus":
        return cls(emergency=Emergency.from_rpc(d["emergency"]),
                   communities=[CommunityAcknowledgement(**{**c, "community_id": strawberry.ID(c["community_id"])})
                                for c in d["communities"]])


@strawberry.type(description="A place still without its sunk cadre (未覆盖).")
class UncoveredPlace:
    id: strawberry.ID
    name: str
    community_id: strawberry.ID


@strawberry.type(description="Coverage at one level: community (county leaders), compound (departments), "
                             "building (cadres).")
class CoverageLevel:
    level: str
    total: int
    covered: int
    uncovered: list[UncoveredPlace] = strawberry.field(description="At most 100, by name.")


@strawberry.type(description="Coverage of cadres sunk into grids in your scope (干部下沉覆盖情况).")
class CadreCoverage:
    levels: list[CoverageLevel]

    @classmethod
    def from_rpc(cls, d: CoverageOut) -> "CadreCoverage":
        return cls(levels=[CoverageLevel(level=lv["level"], total=lv["total"], covered=lv["covered"],
                                         uncovered=[UncoveredPlace(id=strawberry.ID(p["id"]), name=p["name"],
                                                                   community_id=strawberry.ID(p["community_id"]))
                                                    for p in lv["uncovered"]])
                           for lv in d["levels"]])
