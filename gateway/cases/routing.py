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
    building: int
    grid: int
    community: int
    street: int


@strawberry.type(description="A case category of this county (事件分类) and where its cases "
                             "start (分拨规则).")
class CaseCategory:
    code: str
    name: str
    parent_code: str | None = strawberry.field(description="the category above it in the tree")
    start_level: CaseLevel = strawberry.field(description="the level a new case is routed to")
    department_id: strawberry.ID | None = strawberry.field(
        description="routed straight to this department (部门直派): the case starts at the street "
                    "level and the department is summoned when it is accepted")
    department_name: str | None
    respond_within_hours: int
    resolve_within_workdays: int
    deadline_workdays: DeadlineTable
    active: bool
    configured: bool = strawberry.field(description="false: a default this county has not configured")

    @classmethod
    def from_rpc(cls, data: CategoryOut) -> "CaseCategory":
        return cls(**{**data, "start_level": CaseLevel(data["start_level"]),
                      "department_id": strawberry.ID(data["department_id"]) if data["department_id"] else None,
                      "deadline_workdays": DeadlineTable(**data["deadline_workdays"])})


@strawberry.input(description="Working days per level; levels left out keep the default.")
class DeadlineTableInput:
    building: int | None = None
    grid: int | None = None
    community: int | None = None
    street: int | None = None


@strawberry.input(description="Create or change a category and its routing rule (county admin).")
class SetCategoryInput:
    code: str = strawberry.field(description="lowercase code, e.g. fire_lane")
    name: str
    parent_code: str | None = None
    start_level: CaseLevel = CaseLevel.GRID
    department: SummonedDepartmentInput | None = None
    respond_within_hours: int = 2
    resolve_within_workdays: int = 5
    deadline_workdays: DeadlineTableInput | None = None
    active: bool = True


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
