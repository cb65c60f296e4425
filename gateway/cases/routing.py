"""GraphQL of a county's case categories (事件分类) and their routing rules (分拨规则)."""
from __future__ import annotations

from typing import Annotated

import strawberry

from gateway.cases.types import CaseLevel
from gateway.cases.whistle import SummonedDepartmentInput
from gateway.cases.wire import rpc_payload
from gateway.errors import OperationError, mutate
from gateway.pagination import Connection, check_first
from shared.contracts.dispatch import CategoryOut


@strawberry.type(description="Working days to resolve a case at each level (办理时限).")
class DeadlineTable:
    building: int = strawberry.field(description="Working days at the building level (楼栋).")
    grid: int = strawberry.field(description="Working days at the grid level (网格).")
    community: int = strawberry.field(description="Working days at the community level (社区).")
    street: int = strawberry.field(description="Working days at the street level (街道).")


@strawberry.type(description="A case category of this county (事件分类) and where its cases "
                             "start (分拨规则).")
class CaseCategory:
    code: str = strawberry.field(description="The category code (分类代码), lowercase, e.g. fire_lane: what "
                                             "Case.category holds.")
    name: str = strawberry.field(description="Its name as shown to staff (分类名称), e.g. 消防通道.")
    parent_code: str | None = strawberry.field(description="the category above it in the tree")
    start_level: CaseLevel = strawberry.field(description="the level a new case is routed to")
    department_id: strawberry.ID | None = strawberry.field(
        description="routed straight to this department (部门直派): the case starts at the street "
                    "level and the department is summoned when it is accepted")
    department_name: str | None = strawberry.field(description="That department's name (直派部门); null "
                                                               "when not routed to one.")
    respond_within_hours: int = strawberry.field(description="For a routed department: hours to report in "
                                                             "(报到时限), 1–72.")
    resolve_within_workdays: int = strawberry.field(description="For a routed department: working days to "
                                                                "resolve its part (办结时限), 1–30.")
    deadline_workdays: DeadlineTable = strawberry.field(description="Working days to resolve a case at "
                                                                    "each level (办理时限): the rule's "
                                                                    "table over the default.")
    active: bool = strawberry.field(description="false: the rule is off (停用): cases of this category "
                                                "start at the grid with the default deadlines.")
    configured: bool = strawberry.field(description="false: a default this county has not configured")

    @classmethod
    def from_rpc(cls, data: CategoryOut) -> "CaseCategory":
        return cls(**{**data, "start_level": CaseLevel(data["start_level"]),
                      "department_id": strawberry.ID(data["department_id"]) if data["department_id"] else None,
                      "deadline_workdays": DeadlineTable(**data["deadline_workdays"])})


@strawberry.input(description="Working days per level; levels left out keep the default.")
class DeadlineTableInput:
    building: int | None = strawberry.field(default=None, description="Working days at the building level "
                                                                      "(楼栋), 1–60.")
    grid: int | None = strawberry.field(default=None, description="Working days at the grid level (网格), "
                                                                  "1–60.")
    community: int | None = strawberry.field(default=None, description="Working days at the community "
                                                                       "level (社区), 1–60.")
    street: int | None = strawberry.field(default=None, description="Working days at the street level "
                                                                    "(街道), 1–60.")


@strawberry.input(description="Create or change a category and its routing rule (county admin).")
class SetCategoryInput:
    code: str = strawberry.field(description="lowercase code, e.g. fire_lane")
    name: str = strawberry.field(description="Its name as shown to staff (分类名称), 1–40 characters.")
    parent_code: str | None = strawberry.field(default=None, description="The code of the category above it "
                                                                         "(上级分类); null for a top-level "
                                                                         "one.")
    start_level: CaseLevel = strawberry.field(default=CaseLevel.GRID, description=(
        "The level its new cases are routed to (起始层级); GRID by default."))
    department: SummonedDepartmentInput | None = strawberry.field(default=None, description=(
        "Route its cases straight to this functional department (部门直派): they start at the street "
        "level and the department is summoned on acceptance."))
    respond_within_hours: int = strawberry.field(default=2, description="For a routed department: hours to "
                                                                        "report in (报到时限), 1–72.")
    resolve_within_workdays: int = strawberry.field(default=5, description="For a routed department: "
                                                                           "working days to resolve its "
                                                                           "part (办结时限), 1–30.")
    deadline_workdays: DeadlineTableInput | None = strawberry.field(default=None, description=(
        "Working days to resolve its cases per level (办理时限); null keeps the default table."))
    active: bool = strawberry.field(default=True, description="false turns the rule off (停用): its cases "
                                                              "then start at the grid with the default "
                                                              "deadlines.")


CategoryResult = Annotated[CaseCategory | OperationError, strawberry.union("SetCategoryResult")]


@strawberry.type
class RoutingMutation:
    @strawberry.mutation(description="Create or change a case category and its routing rule "
                                     "(分拨规则; county admin). New cases of it follow the rule.")
    async def set_category(self, info: strawberry.Info, input: SetCategoryInput) -> CategoryResult:
        data = rpc_payload(input)
        if data.get("deadline_workdays"):
            data["deadline_workdays"] = {k: v for k, v in data["deadline_workdays"].items() if v is not None}
        return await mutate(info, "dispatch", "set_category", data, build=CaseCategory.from_rpc)


@strawberry.type
class RoutingQuery:
    @strawberry.field(description="This county's case categories by code: configured ones and the "
                                  "defaults (事件分类). `first` ≤ 100.")
    async def case_categories(self, info: strawberry.Info, first: int,
                              after: str | None = None) -> Connection[CaseCategory]:
        check_first(first)
        rows = await info.context.call("dispatch", "list_categories", limit=first + 1, after=after)
        return Connection.of(rows, first, CaseCategory.from_rpc, cursor=lambda r: r["code"])
