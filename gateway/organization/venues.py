"""Service venues (党群服务中心/驿站), their standards compliance, and the 15-minute service circle.

Distance model (15分钟服务圈): a compound is within a 15-minute walk when the centroid of its grid's
boundary (grid service, GeoJSON) lies within 865 m in a straight line of the venue: 15 minutes at
4.5 km/h is 1,125 m of walking, and streets make a walk about 1.3 times the straight line (a usual
urban detour factor). Straight-line distance is the haversine distance on a 6,371 km sphere.
Compounds whose grid has no boundary yet are not listed.
"""
from __future__ import annotations

import math
from typing import Annotated

import strawberry

from gateway.errors import OperationError
from gateway.loaders import grids_with_boundaries
from gateway.organization.results import org_call
from gateway.payloads import payload
from shared.contracts.organization import VenueOut

WALK_METRES = 4.5 * 1000 / 60 * 15   # 1,125 m in 15 minutes
DETOUR = 1.3
RADIUS_METRES = WALK_METRES / DETOUR  # ≈ 865 m straight line


def haversine(lng1: float, lat1: float, lng2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def centroid(boundary: dict | None) -> tuple[float, float] | None:
    """Mean of the outer ring's distinct vertices: enough for blocks a few hundred metres wide."""
    if not boundary or not boundary.get("coordinates"):
        return None
    ring = boundary["coordinates"][0]
    points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def walkable(lng: float, lat: float, grids: list[dict]) -> list[tuple[str, int]]:
    """(compound id, metres) of compounds whose grid centroid lies within the radius, nearest first."""
    best: dict[str, int] = {}
    for grid in grids:
        centre = centroid(grid.get("boundary"))
        if grid.get("compound_id") and centre:
            metres = round(haversine(lng, lat, *centre))
            if metres <= RADIUS_METRES and metres < best.get(grid["compound_id"], 10**9):
                best[grid["compound_id"]] = metres
    return sorted(best.items(), key=lambda item: item[1])


@strawberry.type(description="Compliance with one class of the standards checklist (达标情况).")
class ClassCompliance:
    class_name: str = strawberry.field(description="The checklist class (标准类别), as in the tenant's "
                                                   "checklist.")
    met: int = strawberry.field(description="Requirements of the class the venue meets (已达标项数).")
    total: int = strawberry.field(description="Requirements in the class (要求项数).")


@strawberry.type(description="A compound within a 15-minute walk of a venue (15分钟服务圈).")
class WalkableCompound:
    compound_id: strawberry.ID = strawberry.field(description="The compound's id (小区) in the grid service.")
    straight_line_metres: int = strawberry.field(description="Straight-line distance in metres from the venue "
                                                             "to the centroid of the compound's grid (直线距离), "
                                                             "at most ≈865.")


@strawberry.type(description="A service venue: party-mass service center (党群服务中心) or station (驿站/红色驿站).")
class ServiceVenue:
    id: strawberry.ID = strawberry.field(description="The venue's id (阵地编号).")
    org_id: strawberry.ID = strawberry.field(description="The id of the party org that runs it (所属党组织).")
    name: str = strawberry.field(description="The venue's name (阵地名称), unique in the county.")
    kind: str = strawberry.field(description="center (党群服务中心), station (党群服务驿站) or red_station "
                                             "(红色驿站)")
    lng: float = strawberry.field(description="Longitude (经度), WGS-84 decimal degrees.")
    lat: float = strawberry.field(description="Latitude (纬度), WGS-84 decimal degrees.")
    opening_hours: str = strawberry.field(description="Opening hours as posted (开放时间), free text.")
    met_codes: list[str] = strawberry.field(description="Codes of the checklist requirements it met at the "
                                                        "last check (已达标要求编号), sorted.")
    compliance: list[ClassCompliance] = strawberry.field(description="Met and total requirements per class of "
                                                                     "the checklist (分类达标情况).")
    met: int = strawberry.field(description="Requirements of the current checklist it meets (已达标项数).")
    total: int = strawberry.field(description="requirements in the tenant's checklist")

    @strawberry.field(description="Compounds within a 15-minute walk (≈865 m straight line to their grid's "
                                  "centroid), nearest first.")
    async def walkable_compounds(self, info: strawberry.Info) -> list[WalkableCompound]:
        grids = await info.context.loader("grids_with_boundaries", grids_with_boundaries).load("all")
        return [WalkableCompound(compound_id=strawberry.ID(c), straight_line_metres=m)
                for c, m in walkable(self.lng, self.lat, grids)]

    @classmethod
    def from_rpc(cls, d: VenueOut) -> "ServiceVenue":
        return cls(id=strawberry.ID(d["id"]), org_id=strawberry.ID(d["org_id"]), name=d["name"], kind=d["kind"],
                   lng=d["lng"], lat=d["lat"], opening_hours=d["opening_hours"], met_codes=d["met_codes"],
                   compliance=[ClassCompliance(**c) for c in d["compliance"]], met=d["met"], total=d["total"])


@strawberry.type(description="One requirement of the venue standards (阵地建设标准).")
class VenueStandard:
    code: str = strawberry.field(description="The requirement's code (要求编号), unique in the checklist.")
    class_name: str = strawberry.field(description="Its class (标准类别), e.g. one of the five classes of "
                                                   "一厅八室.")
    text: str = strawberry.field(description="What is required (标准内容).")


@strawberry.input(description="A requirement of the checklist.")
class VenueStandardInput:
    code: str = strawberry.field(description="The requirement's code (要求编号), 1–16 characters, unique in "
                                             "the list.")
    class_name: str = strawberry.field(description="Its class (标准类别), 1–32 characters.")
    text: str = strawberry.field(description="What is required (标准内容), 1–200 characters.")


@strawberry.input(description="A new service venue (新建服务阵地), WGS-84 longitude/latitude.")
class CreateVenueInput:
    org_id: strawberry.ID = strawberry.field(description="The active party org's id that runs it (所属党组织); "
                                                         "the venue takes its street, community and grid.")
    name: str = strawberry.field(description="The venue's name (阵地名称), 1–64 characters, unique in the "
                                             "county.")
    kind: str = strawberry.field(description="center (党群服务中心), station (党群服务驿站) or red_station "
                                             "(红色驿站).")
    lng: float = strawberry.field(description="Longitude (经度), WGS-84 decimal degrees, 73–136.")
    lat: float = strawberry.field(description="Latitude (纬度), WGS-84 decimal degrees, 3–54.")
    opening_hours: str = strawberry.field(description="Opening hours as posted (开放时间), 1–100 characters, "
                                                      "e.g. 周一至周日 8:30-20:00.")


@strawberry.input(description="The requirements a venue meets after an inspection (阵地达标检查).")
class VenueComplianceInput:
    venue_id: strawberry.ID = strawberry.field(description="The venue's id (服务阵地), in your scope.")
    met_codes: list[str] = strawberry.field(description="Codes of every requirement it meets now (已达标要求编号), "
                                                        "up to 200, all in the checklist; they replace the "
                                                        "last check's.")


VenueResult = Annotated[ServiceVenue | OperationError, strawberry.union("ServiceVenueResult")]
@strawberry.type(description="The tenant's venue standards checklist.")
class VenueStandards:
    items: list[VenueStandard] = strawberry.field(description="The requirements, by class and code (阵地建设标准).")


StandardsResult = Annotated[VenueStandards | OperationError, strawberry.union("VenueStandardsResult")]


@strawberry.type
class VenueQuery:
    @strawberry.field(description="Service venues in your scope, with compliance (党群服务阵地).")
    async def service_venues(self, info: strawberry.Info) -> list[ServiceVenue]:
        return [ServiceVenue.from_rpc(r) for r in await info.context.call("organization", "list_venues")]

    @strawberry.field(description="The tenant's venue standards checklist (阵地建设标准).")
    async def venue_standards(self, info: strawberry.Info) -> list[VenueStandard]:
        return [VenueStandard(**r) for r in await info.context.call("organization", "venue_standards")]


@strawberry.type
class VenueMutation:
    @strawberry.mutation(description="Replace the tenant's venue standards checklist (设置阵地建设标准).")
    async def set_venue_standards(self, info: strawberry.Info, items: list[VenueStandardInput]) -> StandardsResult:
        return await org_call(info, "set_venue_standards", [payload(i) for i in items],
                              build=lambda rows: VenueStandards(items=[VenueStandard(**r) for r in rows]))

    @strawberry.mutation(description="Create a service venue (新建党群服务中心/驿站).")
    async def create_service_venue(self, info: strawberry.Info, input: CreateVenueInput) -> VenueResult:
        return await org_call(info, "create_venue", payload(input), build=ServiceVenue.from_rpc)

    @strawberry.mutation(description="Record which requirements a venue meets (阵地达标检查).")
    async def record_venue_compliance(self, info: strawberry.Info, input: VenueComplianceInput) -> VenueResult:
        return await org_call(info, "record_venue_compliance", payload(input), build=ServiceVenue.from_rpc)
