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
    id: strawberry.ID = strawberry.field(description="The assignment's id (下沉安排编号).")
    subject: str = strawberry.field(description="The cadre's login (token subject): who receives and "
                                                "acknowledges emergency tasks (干部账号).")
    name: str = strawberry.field(description="The cadre's name as shown to staff (干部姓名).")
    kind: str = strawberry.field(description="county_leader (县级领导, sunk into a community), department "
                                             "(职能部门, into a compound) or cadre (机关干部, into a building).")
    community_id: strawberry.ID = strawberry.field(description="The community's id (社区): the assigned "
                                                               "community, or the one holding the compound "
                                                               "or building.")
    compound_id: strawberry.ID | None = strawberry.field(description="The compound's id (小区) for a "
                                                                     "department or a cadre; null for a "
                                                                     "county leader.")
    building_id: strawberry.ID | None = strawberry.field(description="The building's id (楼栋) for a cadre; "
                                                                     "null otherwise.")

    @classmethod
    def from_rpc(cls, d: CadreAssignmentOut) -> "CadreAssignment":
        return cls(id=strawberry.ID(d["id"]), subject=d["subject"], name=d["name"], kind=d["kind"],
                   community_id=strawberry.ID(d["community_id"]), compound_id=_id(d["compound_id"]),
                   building_id=_id(d["building_id"]))


@strawberry.type(description="An emergency activation (一键启动) of the county, a street or a community.")
class Emergency:
    id: strawberry.ID = strawberry.field(description="The activation's id (应急启动编号).")
    scope_level: str = strawberry.field(description="county (全县), street (街道) or community (社区).")
    scope_id: strawberry.ID | None = strawberry.field(description="The street's or community's id; null "
                                                                  "for a county-wide activation.")
    reason: str = strawberry.field(description="Why it was activated, as the caller gave it (启动原因).")
    activated_at: str = strawberry.field(description="When it was activated (启动时间): ISO 8601 date-time "
                                                     "with UTC offset.")
    ended_at: str | None = strawberry.field(description="When it was ended (解除时间): ISO 8601 date-time "
                                                        "with UTC offset; null while still active.")
    task_count: int = strawberry.field(description="Cadres called (应急任务数): one task per cadre assignment "
                                                   "in scope at activation.")
    acknowledged: int = strawberry.field(description="Tasks acknowledged so far (已到岗数), of taskCount.")

    @classmethod
    def from_rpc(cls, d: EmergencyOut) -> "Emergency":
        return cls(id=strawberry.ID(d["id"]), scope_level=d["scope_level"], scope_id=_id(d["scope_id"]),
                   reason=d["reason"], activated_at=d["activated_at"], ended_at=d["ended_at"],
                   task_count=d["task_count"], acknowledged=d["acknowledged"])


@strawberry.type(description="A cadre's call to their place during an emergency (应急任务).")
class EmergencyTask:
    id: strawberry.ID = strawberry.field(description="The task's id (应急任务编号): pass it to "
                                                     "acknowledgeEmergency.")
    emergency_id: strawberry.ID = strawberry.field(description="The emergency activation's id (应急启动).")
    community_id: strawberry.ID = strawberry.field(description="The community's id the cadre reports to "
                                                               "(所在社区).")
    acknowledged_at: str | None = strawberry.field(description="When the cadre acknowledged (到岗确认时间): "
                                                               "ISO 8601 date-time with UTC offset; null "
                                                               "until then.")

    @classmethod
    def from_rpc(cls, d: EmergencyTaskOut) -> "EmergencyTask":
        return cls(id=strawberry.ID(d["id"]), emergency_id=strawberry.ID(d["emergency_id"]),
                   community_id=strawberry.ID(d["community_id"]), acknowledged_at=d["acknowledged_at"])


@strawberry.type(description="Acknowledged share of one community (到岗率).")
class CommunityAcknowledgement:
    community_id: strawberry.ID = strawberry.field(description="The community's id (社区).")
    community_name: str = strawberry.field(description="The community's name (社区名称).")
    tasks: int = strawberry.field(description="Cadres called in this community (应急任务数).")
    acknowledged: int = strawberry.field(description="Of those, tasks acknowledged so far (已到岗数).")
    share: float = strawberry.field(description="acknowledged / tasks as a 0–1 share, 4 decimals; 0 when "
                                                "there are no tasks (到岗率).")


@strawberry.type(description="An emergency and its acknowledged share per community.")
class EmergencyStatus:
    emergency: Emergency = strawberry.field(description="The activation with its county-wide counts (应急启动).")
    communities: list[CommunityAcknowledgement] = strawberry.field(
        description="One row per community with tasks, limited to your scope, by name (各社区到岗率).")

    @classmethod
    def from_rpc(cls, d: StatusOut) -> "EmergencyStatus":
        return cls(emergency=Emergency.from_rpc(d["emergency"]),
                   communities=[CommunityAcknowledgement(**{**c, "community_id": strawberry.ID(c["community_id"])})
                                for c in d["communities"]])


@strawberry.type(description="A place still without its sunk cadre (未覆盖).")
class UncoveredPlace:
    id: strawberry.ID = strawberry.field(description="The community's, compound's or building's id, by "
                                                     "the level it is listed under.")
    name: str = strawberry.field(description="Its name (名称).")
    community_id: strawberry.ID = strawberry.field(description="The community's id it belongs to (所属社区); "
                                                               "for a community, its own id.")


@strawberry.type(description="Coverage at one level: community (county leaders), compound (departments), "
                             "building (cadres).")
class CoverageLevel:
    level: str = strawberry.field(description="community (社区, covered by county leaders), compound (小区, "
                                              "by departments) or building (楼栋, by cadres).")
    total: int = strawberry.field(description="Places of this level in your scope.")
    covered: int = strawberry.field(description="Of those, places with at least one sunk cadre of the "
                                                "matching kind (已覆盖).")
    uncovered: list[UncoveredPlace] = strawberry.field(description="At most 100, by name.")


@strawberry.type(description="Coverage of cadres sunk into grids in your scope (干部下沉覆盖情况).")
class CadreCoverage:
    levels: list[CoverageLevel] = strawberry.field(description="Always three: community, compound, building "
                                                               "(in that order).")

    @classmethod
    def from_rpc(cls, d: CoverageOut) -> "CadreCoverage":
        return cls(levels=[CoverageLevel(level=lv["level"], total=lv["total"], covered=lv["covered"],
                                         uncovered=[UncoveredPlace(id=strawberry.ID(p["id"]), name=p["name"],
                                                                   community_id=strawberry.ID(p["community_id"]))
                                                    for p in lv["uncovered"]])
                           for lv in d["levels"]])
